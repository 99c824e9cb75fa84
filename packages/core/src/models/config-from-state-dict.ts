// Reads the seed CNN's architecture back from the shapes in a state dict (a model file alone is enough).
import { showShape } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { type MnistCnnConfig, mnistCnnDefaults } from './mnist-cnn.js';

/**
 * The factor, kernel size and multiplier of the mnistCnn a state dict belongs to (dropout
 * probabilities are not stored in weights: the seed's defaults are returned). Throws naming the
 * key when the dict is not an mnistCnn's.
 */
export function mnistCnnConfigFromStateDict(
  dict: Readonly<Record<string, Tensor>>,
): MnistCnnConfig {
  const shape = (key: string, rank: number): readonly number[] => {
    const t = dict[key];
    if (!t) throw new Error(`not an mnist-cnn state dict: '${key}' is missing`);
    if (t.shape.length !== rank)
      throw new Error(`not an mnist-cnn state dict: '${key}' has shape ${showShape(t.shape)}`);
    return t.shape;
  };
  const [factor, inChannels, kernelSize, kernelWidth] = shape('conv1.weight', 4);
  const [hidden] = shape('fc1.weight', 2);
  if (inChannels !== 1 || kernelSize !== kernelWidth || hidden % factor !== 0) {
    throw new Error(
      `not an mnist-cnn state dict: conv1.weight ${showShape(dict['conv1.weight'].shape)} and fc1.weight ` +
        `${showShape(dict['fc1.weight'].shape)} do not fit the seed's architecture`,
    );
  }
  return { ...mnistCnnDefaults, factor, kernelSize, multiplier: hidden / factor };
}
