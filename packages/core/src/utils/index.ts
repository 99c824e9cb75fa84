// @digitnet/core's utils namespace: utils.data (TensorDataset, a generic DataLoader), utils.inspect.
export * as data from './data.js';
export { type FormatOptions, inspect } from './inspect.js';
