// @digitnet/core's nn namespace; filled in by its issue.
export {};
