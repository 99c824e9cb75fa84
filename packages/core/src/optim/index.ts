// @digitnet/core's optim namespace; filled in by its issue.
export {};
