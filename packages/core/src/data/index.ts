// @digitnet/core's data namespace: IDX files, datasets, batches, augmentation, drawings.

export {
  type AugmentOptions,
  affine,
  elasticField,
  randomAffine,
  strokeThickness,
} from './augment.js';
export { datasetFromIdx, type ImageDataset, randomSplit, subset, take } from './dataset.js';
export {
  DEFAULT_PEN,
  type DrawingOptions,
  drawingToMnist,
  MNIST_CENTER,
  MNIST_SIZE,
  type MnistImage,
  PEN_WIDTH,
  rgbaToGray,
} from './drawing.js';
export { type IdxArray, readIdx, writeIdx } from './idx.js';
export { type Batch, DataLoader, type DataLoaderOptions, MNIST_NORMALIZATION } from './loader.js';
export {
  ACTIVATION_FEATURES,
  ACTIVATION_LAYERS,
  type ActivationLayer,
  type ActivationStats,
  type Activations,
  activationFeatures,
  type GaussianStats,
  isLikelyDigit,
  mahalanobis,
  NOT_A_DIGIT,
  NOT_A_DIGIT_FEATURES,
  type NotADigitModel,
  notADigitFeatureNames,
  notADigitFeatures,
  notADigitScore,
  parseNotADigitModel,
  scoreFeatures,
} from './notdigit.js';
export { type Binary, thin } from './skeleton.js';
