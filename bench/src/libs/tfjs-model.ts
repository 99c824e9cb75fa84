// The seed CNN in tfjs-layers, layer for layer (NHWC): conv 'same' → batch norm → ReLU → max-pool 2
// → spatial dropout, twice, then flatten → dense 4F + ReLU → dropout → dense 10 (logits).
import * as tfl from '@tensorflow/tfjs-layers';

/** The seed CNN of width `factor`; spatial dropout masks are [batch, 1, 1, C] as Dropout2d's. */
export function tfjsMnistCnn(factor: number, batch: number): tfl.Sequential {
  const f = factor;
  const model = tfl.sequential();
  const block = (filters: number, first: boolean) => {
    model.add(
      tfl.layers.conv2d({
        ...(first ? { inputShape: [28, 28, 1] } : {}),
        filters,
        kernelSize: 3,
        padding: 'same',
      }),
    );
    // Keras' momentum is PyTorch's 1 − momentum.
    model.add(tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }));
    model.add(tfl.layers.reLU());
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tfl.layers.dropout({ rate: 0.25, noiseShape: [batch, 1, 1, filters] }));
  };
  block(f, true);
  block(2 * f, false);
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 4 * f, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.5 }));
  model.add(tfl.layers.dense({ units: 10 }));
  return model;
}
