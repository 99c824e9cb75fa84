// digitnet on one of its backends (cpu, or gpu in a gpu.js mode): kernels called straight from the
// backend's table, the seed CNN through the public API.
import {
  type Backend,
  conv2dInfo,
  crossEntropy,
  models,
  noGrad,
  optim,
  pool2dInfo,
  registerBackend,
  setBackend,
  type Tensor,
  type TensorInfo,
  tensor,
  tidy,
} from '@digitnet/core';
import { type ImageBatch, randomFloats } from '../inputs.js';
import type { KernelCase } from '../kernel-cases.js';
import { type DigitnetLibId, GPU_MODE_OF, type GpuLibId, type KernelResult } from '../types.js';
import { ADAM } from './adam-settings.js';
import type { Library } from './library.js';
import { measureInference, measureKernel, measureTraining } from './measure.js';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function randomTensor(shape: number[], seed: number): Tensor {
  return tensor(randomFloats(size(shape), seed), shape);
}

/** A backend under test, and how to wait for the work it has queued (a GPU's). */
interface Target {
  backend: Backend;
  finish(): void;
  /**
   * True when the first call of each shape compiles programs (gpu.js): it then runs once outside
   * the timing, so the warm-up that sizes the repetitions times a steady call, not a compile.
   */
  compiles: boolean;
}

/** `fn` as measured: called once beforehand on a backend that compiles on first use. */
function compiled<A extends unknown[], R>(target: Target, fn: (...a: A) => R, ...args: A) {
  if (target.compiles) fn(...args);
  return fn;
}

/**
 * A kernel case as one call into the backend's table, waited for, its output freed at once. Inputs
 * are uploaded before timing starts (the warm-up's first call moves them to the device).
 */
function kernelRunner(target: Target, c: KernelCase): () => void {
  const { backend } = target;
  const k = backend.kernels;
  const free = (out: TensorInfo | readonly TensorInfo[]) => {
    target.finish();
    for (const info of Array.isArray(out) ? out : [out]) backend.dispose(info.dataId);
  };
  if (c.kind === 'matmul') {
    const a = randomTensor([1, c.n, c.n], 1);
    const b = randomTensor([1, c.n, c.n], 2);
    return () => free(k.MatMul(backend, { a, b }, { transposeA: false, transposeB: false }));
  }
  if (c.kind === 'conv') {
    const conv = conv2dInfo(c.x, c.w, { padding: 'same' });
    const x = randomTensor(c.x, 1);
    const w = randomTensor(c.w, 2);
    const dy = randomTensor([c.x[0], c.w[0], conv.outHeight, conv.outWidth], 3);
    if (c.which === 'forward') return () => free(k.Conv2D(backend, { x, w }, { conv }));
    if (c.which === 'backpropInput')
      return () => free(k.Conv2DBackpropInput(backend, { dy, w }, { conv }));
    return () => free(k.Conv2DBackpropFilter(backend, { x, dy }, { conv }));
  }
  const x = randomTensor(c.x, 1);
  if (c.kind === 'maxpool') {
    const pool = pool2dInfo('maxPool2d', c.x, { kernelSize: 2 });
    if (!c.backward) return () => free(k.MaxPool2D(backend, { x }, { pool }));
    const [y, indices] = k.MaxPool2D(backend, { x }, { pool });
    free(y);
    const dy = randomTensor([c.x[0], c.x[1], pool.outHeight, pool.outWidth], 3);
    return () => free(k.MaxPool2DBackprop(backend, { dy, indices }, { pool }));
  }
  const bn = k.BatchNormTrain;
  if (!bn) throw new Error(`backend '${backend.name}' has no BatchNormTrain kernel`);
  const weight = randomTensor([c.x[1]], 2);
  const bias = randomTensor([c.x[1]], 3);
  return () => free(bn(backend, { x, weight, bias }, { eps: 1e-5 }));
}

function batchTensors(b: ImageBatch): { x: Tensor; y: Tensor } {
  return { x: tensor(b.images, [b.size, 1, 28, 28]), y: tensor(b.labels, [b.size]) };
}

/** Core's cpu backend. */
function cpuTarget(notes: string[]): Target {
  notes.push('digitnet cpu: plain TypeScript, single thread, float32, NCHW');
  return { backend: setBackend('cpu'), finish: () => {}, compiles: false };
}

/**
 * @digitnet/wasm: the cpu backend with its hot kernels in WebAssembly SIMD, on the default thread
 * count (the cores available, as `npm run train` runs) or on one thread (digitnet-wasm-1t).
 */
async function wasmTarget(
  lib: 'digitnet-wasm' | 'digitnet-wasm-1t',
  notes: string[],
): Promise<Target> {
  const { createWasmBackend, defaultThreads } = await import('@digitnet/wasm');
  const threads = lib === 'digitnet-wasm-1t' ? 1 : defaultThreads();
  const backend = createWasmBackend(lib, { threads });
  registerBackend(lib, () => backend);
  const split =
    backend.threads > 1
      ? ' (convolutions, MatMul, batch norm, elementwise and pooling split across the threads)'
      : '';
  notes.push(
    `${lib}: @digitnet/wasm on ${backend.threads} thread${backend.threads > 1 ? 's' : ''}` +
      `${backend.threadsNote ? ` (${backend.threadsNote})` : ''}; MatMul, the convolutions, batch norm, ` +
      '2×2 max pooling, arithmetic Binary, relu/step, sums and Adam as WebAssembly SIMD (f32x4) ' +
      `kernels${split}; the other kernels are digitnet cpu’s; tensors ` +
      (backend.arena.resident
        ? 'live in the kernels’ shared linear memory (used in place)'
        : 'are JavaScript arrays copied in and out of linear memory around each kernel'),
  );
  return { backend: setBackend(lib), finish: () => {}, compiles: false };
}

/** @digitnet/gpu in one gpu.js mode, registered under the bench's name for it. */
async function gpuTarget(lib: GpuLibId, notes: string[]): Promise<Target> {
  const { createGpuBackend } = await import('@digitnet/gpu');
  const gpu = createGpuBackend({ mode: GPU_MODE_OF[lib], name: lib, log: (m) => notes.push(m) });
  registerBackend(lib, () => gpu);
  setBackend(lib);
  const wait =
    lib === 'digitnet-gpu-headlessgl' || lib === 'digitnet-gpu-webgl2'
      ? 'kernel timings wait for the GPU (a one-value readback queued after the kernel)'
      : 'programs run synchronously on the CPU';
  notes.push(
    `${lib}: @digitnet/gpu on gpu.js ${gpu.mode}, one program per kernel and shape compiled before ` +
      `timing, results kept on the device between kernels; ${wait}`,
  );
  return { backend: gpu, finish: () => gpu.finish(), compiles: true };
}

/** digitnet on its cpu backend, or on its gpu backend in one gpu.js mode. */
export async function createDigitnet(lib: DigitnetLibId): Promise<Library> {
  const notes: string[] = [];
  const target =
    lib === 'digitnet-cpu'
      ? cpuTarget(notes)
      : lib === 'digitnet-wasm' || lib === 'digitnet-wasm-1t'
        ? await wasmTarget(lib, notes)
        : await gpuTarget(lib, notes);
  return {
    notes,
    kernels(cases, budget): KernelResult[] {
      return cases.map((c) =>
        measureKernel(lib, c, budget, compiled(target, kernelRunner(target, c))),
      );
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
      const step = compiled(target, () => {
        const { x, y } = data[i++ % data.length];
        return tidy(() => {
          opt.zeroGrad();
          const loss = crossEntropy(model.forward(x), y);
          loss.backward();
          opt.step();
          return loss.item();
        });
      });
      return measureTraining(lib, factor, batches, budget, step);
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
        lib,
        factor,
        n,
        budget,
        latencyBudget,
        compiled(target, () => forward(x)),
        compiled(target, (i: number) => forward(ones[i % n]), 0),
      );
    },
  };
}
