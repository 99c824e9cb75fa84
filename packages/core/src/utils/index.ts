// @digitnet/core's utils namespace: utils.data (TensorDataset, a generic DataLoader), utils.inspect.
export * as data from './data.js';
