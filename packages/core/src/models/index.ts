// @digitnet/core's models namespace; filled in by its issue.
export {};
