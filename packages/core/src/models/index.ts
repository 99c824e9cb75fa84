// @digitnet/core's models namespace: ready-made networks with PyTorch-compatible state dicts.

export { mnistCnnConfigFromStateDict } from './config-from-state-dict.js';
export {
  type ArchitectureStep,
  MnistCnn,
  type MnistCnnActivations,
  type MnistCnnArchitecture,
  type MnistCnnConfig,
  type MnistCnnOptions,
  mnistCnn,
  mnistCnnArchitecture,
  mnistCnnDefaults,
  mnistCnnFlops,
  resolveMnistCnnConfig,
} from './mnist-cnn.js';
export {
  activationWidths,
  type DigitModelOutputs,
  type DigitPrediction,
  digitModelOutputs,
  type ModelNotADigit,
  NOT_A_DIGIT_METADATA_KEY,
  predictDigit,
  storedNotADigit,
} from './predict-digit.js';
