// @digitnet/core's io namespace; filled in by its issue.
export {};
