// Training helpers: fit() and evaluate().

export {
  type BatchSource,
  type Evaluation,
  evaluate,
  type LabelledBatch,
  type LossFn,
} from './evaluate.js';
export { type BatchEnd, type EpochEnd, type FitOptions, type FitResult, fit } from './fit.js';
