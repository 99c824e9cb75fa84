// @digitnet/core's optim namespace: optimisers and learning-rate schedules, PyTorch's semantics.

export { Adam, type AdamHyper, type AdamOptions, AdamW } from './adam.js';
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  LRScheduler,
  type LRSchedulerStateDict,
  OneCycleLR,
  type OneCycleLROptions,
  type ScheduleOptions,
  StepLR,
  type StepLROptions,
} from './lr-scheduler.js';
export {
  type HyperParams,
  Optimizer,
  type OptimizerMeta,
  type OptimizerStateDict,
  type ParamGroup,
  type Params,
} from './optimizer.js';
export { SGD, type SGDHyper, type SGDOptions } from './sgd.js';
