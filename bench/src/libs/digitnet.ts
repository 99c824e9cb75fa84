// digitnet's CPU backend: kernels called straight from its table, the seed CNN through the public API.
import {
  type Backend,
  conv2dInfo,
  crossEntropy,
  models,
  noGrad,
  optim,
  pool2dInfo,
  setBackend,
  type Tensor,
  type TensorInfo,
  tensor,
  tidy,
} from '@digitnet/core';
import { type ImageBatch, randomFloats } from '../data.js';
import type { KernelCase } from '../kernel-cases.js';
import type { Budget, KernelResult } from '../types.js';
import { ADAM, type Library } from './library.js';
import { measureInference, measureKernel, measureTraining } from './measure.js';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function randomTensor(shape: number[], seed: number): Tensor {
  return tensor(randomFloats(size(shape), seed), shape);
}

function free(backend: Backend, out: TensorInfo | readonly TensorInfo[]): void {
  for (const info of Array.isArray(out) ? out : [out]) backend.dispose(info.dataId);
}

/** A kernel case as one call into the backend's table; its output is freed at once. */
function kernelRunner(backend: Backend, c: KernelCase): () => void {
  const k = backend.kernels;
  if (c.kind === 'matmul') {
    const a = randomTensor([1, c.n, c.n], 1);
    const b = randomTensor([1, c.n, c.n], 2);
    return () =>
      free(backend, k.MatMul(backend, { a, b }, { transposeA: false, transposeB: false }));
  }
  if (c.kind === 'conv') {
    const conv = conv2dInfo(c.x, c.w, { padding: 'same' });
    const x = randomTensor(c.x, 1);
    const w = randomTensor(c.w, 2);
    const dy = randomTensor([c.x[0], c.w[0], conv.outHeight, conv.outWidth], 3);
    if (c.which === 'forward') return () => free(backend, k.Conv2D(backend, { x, w }, { conv }));
    if (c.which === 'backpropInput')
      return () => free(backend, k.Conv2DBackpropInput(backend, { dy, w }, { conv }));
    return () => free(backend, k.Conv2DBackpropFilter(backend, { x, dy }, { conv }));
  }
  const x = randomTensor(c.x, 1);
  if (c.kind === 'maxpool') {
    const pool = pool2dInfo('maxPool2d', c.x, { kernelSize: 2 });
    if (!c.backward) return () => free(backend, k.MaxPool2D(backend, { x }, { pool }));
    const [y, indices] = k.MaxPool2D(backend, { x }, { pool });
    free(backend, y);
    const dy = randomTensor([c.x[0], c.x[1], pool.outHeight, pool.outWidth], 3);
    return () => free(backend, k.MaxPool2DBackprop(backend, { dy, indices }, { pool }));
  }
  const bn = k.BatchNormTrain;
  if (!bn) throw new Error(`backend '${backend.name}' has no BatchNormTrain kernel`);
  const weight = randomTensor([c.x[1]], 2);
  const bias = randomTensor([c.x[1]], 3);
  return () => free(backend, bn(backend, { x, weight, bias }, { eps: 1e-5 }));
}

function batchTensors(b: ImageBatch): { x: Tensor; y: Tensor } {
  return { x: tensor(b.images, [b.size, 1, 28, 28]), y: tensor(b.labels, [b.size]) };
}

/** digitnet on its CPU backend (plain TypeScript, one thread). */
export function createDigitnet(): Library {
  const backend = setBackend('cpu');
  return {
    notes: ['digitnet cpu: plain TypeScript, single thread, float32, NCHW'],
    kernels(cases: readonly KernelCase[], budget: Budget): KernelResult[] {
      return cases.map((c) => measureKernel('digitnet-cpu', c, budget, kernelRunner(backend, c)));
    },
    train(factor, batches, budget) {
      const model = models.mnistCnn({ factor });
      model.train();
      const opt = new optim.Adam(model.parameters(), {
        lr: ADAM.lr,
        betas: [ADAM.beta1, ADAM.beta2],
        eps: ADAM.eps,
      });
      const data = batches.map(batchTensors);
      let i = 0;
      return measureTraining('digitnet-cpu', factor, batches, budget, () => {
        const { x, y } = data[i++ % data.length];
        return tidy(() => {
          opt.zeroGrad();
          const loss = crossEntropy(model.forward(x), y);
          loss.backward();
          opt.step();
          return loss.item();
        });
      });
    },
    infer(factor, batches, budget, latencyBudget) {
      const model = models.mnistCnn({ factor });
      model.eval();
      const { images, size: n } = batches[0];
      const x = tensor(images, [n, 1, 28, 28]);
      const ones = Array.from({ length: n }, (_, i) =>
        tensor(images.subarray(i * 784, (i + 1) * 784), [1, 1, 28, 28]),
      );
      const forward = (t: Tensor) => noGrad(() => tidy(() => model.forward(t).dataSync()));
      return measureInference(
        'digitnet-cpu',
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
