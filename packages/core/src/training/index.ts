// Training helpers: fit() and evaluate().
export { fit, type FitOptions, type FitResult, type BatchEnd, type EpochEnd } from './fit.js';
export { evaluate, type Evaluation, type LossFn } from './evaluate.js';
