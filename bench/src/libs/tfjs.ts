// TensorFlow.js on its cpu or wasm backend: kernels through tf ops (and engine.runKernel for the
// gradient kernels, which have no public op), the seed CNN through tfjs-layers and tf.train.adam.
import * as tf from '@tensorflow/tfjs-core';
import { randomFloats } from '../inputs.js';
import { hwio, type KernelCase, nhwc } from '../kernel-cases.js';
import type { Budget, KernelResult, LibId } from '../types.js';
import { ADAM } from './adam-settings.js';
import type { Library } from './library.js';
import { measureInference, measureKernel, measureTraining } from './measure.js';
import { tfjsMnistCnn } from './tfjs-model.js';
import { startTfjs } from './tfjs-setup.js';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function random(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomFloats(size(shape), seed), shape);
}

// cpu and wasm run kernels synchronously: when a call returns, the work is done.
function kernelRunner(c: KernelCase): () => void {
  const engine = tf.engine();
  if (c.kind === 'matmul') {
    const a = random([c.n, c.n], 1);
    const b = random([c.n, c.n], 2);
    return () => tf.matMul(a, b).dispose();
  }
  if (c.kind === 'conv') {
    const xShape = nhwc(c.x);
    const wShape = hwio(c.w);
    const x = random(xShape, 1) as tf.Tensor4D;
    const w = random(wShape, 2) as tf.Tensor4D;
    const dy = random([xShape[0], xShape[1], xShape[2], wShape[3]], 3);
    const conv = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC' } as const;
    if (c.which === 'forward') return () => tf.conv2d(x, w, 1, 'same').dispose();
    if (c.which === 'backpropInput') {
      return () =>
        engine
          .runKernel<tf.Tensor>(
            'Conv2DBackpropInput',
            { dy, filter: w },
            { ...conv, inputShape: xShape },
          )
          .dispose();
    }
    return () =>
      engine
        .runKernel<tf.Tensor>('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: wShape })
        .dispose();
  }
  const x = random(nhwc(c.x), 1) as tf.Tensor4D;
  if (c.kind === 'maxpool') {
    if (!c.backward) return () => tf.maxPool(x, 2, 2, 'valid').dispose();
    const y = tf.maxPool(x, 2, 2, 'valid');
    const dy = random(y.shape, 3);
    const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
    return () =>
      engine.runKernel<tf.Tensor>('MaxPoolGrad', { dy, input: x, output: y }, attrs).dispose();
  }
  // Training-mode batch norm as tfjs-layers computes it: batch moments, then the fused normalise.
  const channels = c.x[1];
  const gamma = random([channels], 2);
  const beta = random([channels], 3);
  return () =>
    tf
      .tidy(() => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        return tf.batchNorm(x, mean, variance, beta, gamma, 1e-5);
      })
      .dispose();
}

/** TensorFlow.js on backend `which` ('cpu' or 'wasm'). */
export async function createTfjs(which: 'cpu' | 'wasm'): Promise<Library> {
  const lib: LibId = which === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu';
  const notes = await startTfjs(which);
  const composed = which === 'wasm';
  return {
    notes,
    kernels(cases: readonly KernelCase[], budget: Budget): KernelResult[] {
      return cases.map((c) => {
        const note =
          composed && c.kind === 'conv' && c.which === 'backpropFilter' ? 'composed' : undefined;
        return measureKernel(lib, c, budget, kernelRunner(c), note);
      });
    },
    train(factor, batches, budget) {
      const n = batches[0].size;
      const model = tfjsMnistCnn(factor, n);
      const opt = tf.train.adam(ADAM.lr, ADAM.beta1, ADAM.beta2, ADAM.eps);
      const data = batches.map((b) => ({
        x: tf.tensor4d(b.images, [n, 28, 28, 1]),
        y: tf.tidy(() => tf.oneHot(tf.tensor1d(b.labels, 'int32'), 10)),
      }));
      let i = 0;
      return measureTraining(lib, factor, batches, budget, () => {
        const { x, y } = data[i++ % data.length];
        const loss = opt.minimize(() => {
          const logits = model.apply(x, { training: true }) as tf.Tensor;
          return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
        }, true);
        if (!loss) throw new Error(`${lib}: optimizer.minimize returned no loss`);
        const value = loss.dataSync()[0];
        loss.dispose();
        return value;
      });
    },
    infer(factor, batches, budget, latencyBudget) {
      const { images, size: n } = batches[0];
      const model = tfjsMnistCnn(factor, n);
      const x = tf.tensor4d(images, [n, 28, 28, 1]);
      const ones = Array.from({ length: n }, (_, i) =>
        tf.tensor4d(images.subarray(i * 784, (i + 1) * 784), [1, 28, 28, 1]),
      );
      const forward = (t: tf.Tensor) => tf.tidy(() => (model.predict(t) as tf.Tensor).dataSync());
      return measureInference(
        lib,
        factor,
        n,
        budget,
        latencyBudget,
        () => forward(x),
        (i) => forward(ones[i % n]),
      );
    },
  };
}
