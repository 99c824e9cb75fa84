// @digitnet/core's models namespace: ready-made networks with PyTorch-compatible state dicts.

export { mnistCnnConfigFromStateDict } from './config-from-state-dict.js';
export {
  type ArchitectureStep,
  MnistCnn,
  type MnistCnnArchitecture,
  type MnistCnnConfig,
  type MnistCnnOptions,
  mnistCnn,
  mnistCnnArchitecture,
  mnistCnnDefaults,
  mnistCnnFlops,
  resolveMnistCnnConfig,
} from './mnist-cnn.js';
export { type DigitPrediction, digitModelOutputs, predictDigit } from './predict-digit.js';
