// ConvNetJS 0.3: one sample at a time (no batch axis), float64 arrays. It has no batch norm (the
// layer is left out) and no Adam: gradients accumulate over the batch, then ArrayAdam steps.
import convnetjs, { type Net, type Vol } from 'convnetjs';
import type { ImageBatch } from '../inputs.js';
import { ADAM } from './adam-settings.js';
import { ArrayAdam } from './array-adam.js';
import type { Library } from './library.js';
import { measureInference, measureTraining } from './measure.js';

/** The seed CNN without batch norm; convnetjs' dropout drops single units (no spatial dropout). */
export function convnetMnistCnn(factor: number): Net {
  const f = factor;
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 3, filters: f, stride: 1, pad: 1, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'dropout', drop_prob: 0.25 },
    { type: 'conv', sx: 3, filters: 2 * f, stride: 1, pad: 1, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'dropout', drop_prob: 0.25 },
    { type: 'fc', num_neurons: 4 * f, activation: 'relu', drop_prob: 0.5 },
    { type: 'softmax', num_classes: 10 },
  ]);
  return net;
}

function volumes(b: ImageBatch): Vol[] {
  return Array.from({ length: b.size }, (_, i) => {
    const v = new convnetjs.Vol(28, 28, 1, 0);
    v.w.set(b.images.subarray(i * 784, (i + 1) * 784));
    return v;
  });
}

/** ConvNetJS 0.3 (plain JavaScript, per-sample loops). */
export function createConvnet(): Library {
  return {
    notes: [
      'convnetjs 0.3: per-sample loops in float64, no batch axis; no batch norm (left out of its ' +
        'model), no spatial dropout (unit dropout instead), no Adam (the bench applies PyTorch’s ' +
        'Adam per batch to its accumulated gradients); kernels not measured (no batched kernels, ' +
        'and one backward loop computes both conv gradients)',
    ],
    train(factor, batches, budget) {
      const net = convnetMnistCnn(factor);
      const adam = new ArrayAdam(net.getParamsAndGrads(), ADAM);
      const data = batches.map((b) => ({ vols: volumes(b), labels: b.labels }));
      let i = 0;
      return measureTraining('convnetjs', factor, batches, budget, () => {
        const { vols, labels } = data[i++ % data.length];
        let loss = 0;
        for (let s = 0; s < vols.length; s++) {
          net.forward(vols[s], true);
          loss += net.backward(labels[s]);
        }
        adam.step(vols.length);
        return loss / vols.length;
      });
    },
    infer(factor, batches, budget, latencyBudget) {
      const net = convnetMnistCnn(factor);
      const vols = volumes(batches[0]);
      return measureInference(
        'convnetjs',
        factor,
        vols.length,
        budget,
        latencyBudget,
        () => {
          for (const v of vols) net.forward(v, false);
        },
        (i) => net.forward(vols[i % vols.length], false),
      );
    },
  };
}
