// The start-up check: tfjs-wasm really lacks Conv2DBackpropFilter (a conv gradient fails without
// help), and the composed kernel matches tfjs-cpu's own kernel on several shapes.
import * as tf from '@tensorflow/tfjs-core';
import { randomFloats } from '../inputs.js';
import type { CheckResult } from '../types.js';
import { importBackend, startTfjs } from './tfjs-setup.js';
import { registerComposedBackpropFilter } from './wasm-backprop-filter.js';

type Shape4 = [number, number, number, number];

/** Shapes checked: 'same' with 3x3 and 5x5 filters (the seed's conv1 and conv2 among them), 'valid'. */
export const CHECK_CASES: readonly { x: Shape4; filter: Shape4; pad: 'same' | 'valid' }[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], pad: 'same' },
  { x: [3, 6, 5, 2], filter: [5, 5, 2, 3], pad: 'same' },
  { x: [2, 6, 6, 3], filter: [3, 3, 3, 2], pad: 'valid' },
  { x: [4, 28, 28, 1], filter: [3, 3, 1, 32], pad: 'same' },
  { x: [2, 14, 14, 32], filter: [3, 3, 32, 64], pad: 'same' },
];

/** Relative tolerance: max |diff| ≤ tolerance · max(1, max |reference|). */
export const CHECK_TOLERANCE = 1e-4;

async function backpropFilter(
  backend: string,
  x: Float32Array,
  dy: Float32Array,
  c: (typeof CHECK_CASES)[number],
): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, c.x);
    const outShape = tf.conv2d(xt, tf.zeros(c.filter) as tf.Tensor4D, 1, c.pad).shape;
    const dyt = tf.tensor(
      dy.subarray(
        0,
        outShape.reduce((a, b) => a * b, 1),
      ),
      outShape,
    );
    const attrs = { strides: [1, 1], pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter };
    const dw = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x: xt, dy: dyt }, attrs);
    return dw.dataSync() as Float32Array;
  });
}

/** Why a conv gradient fails on wasm without the composed kernel (null when it does not fail). */
export async function uncomposedFailure(): Promise<string | null> {
  await tf.setBackend('wasm');
  try {
    tf.tidy(() => {
      const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
      tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'same')))(
        tf.ones([3, 3, 1, 1]),
      );
    });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Compares the composed kernel with tfjs-cpu's on CHECK_CASES; also proves it is needed. */
export async function checkComposedBackpropFilter(): Promise<{
  check: CheckResult;
  notes: string[];
}> {
  await importBackend('cpu');
  // Its Node bundle registers tfjs-core's gradients, as any training program's imports would.
  await import('@tensorflow/tfjs-layers');
  const notes = await startTfjs('wasm', false);
  const failure = await uncomposedFailure();
  notes.push(
    failure
      ? `tfjs-wasm as shipped: a conv weight gradient fails with "${failure}"`
      : 'tfjs-wasm as shipped: a conv weight gradient ran (it has the kernel now?)',
  );
  registerComposedBackpropFilter('wasm');
  const cases: CheckResult['cases'] = [];
  for (const [i, c] of CHECK_CASES.entries()) {
    const n = c.x.reduce((a, b) => a * b, 1);
    const x = randomFloats(n, 10 + i);
    const dy = randomFloats(c.x[0] * c.x[1] * c.x[2] * c.filter[3], 20 + i);
    const want = await backpropFilter('cpu', x, dy, c);
    const got = await backpropFilter('wasm', x, dy, c);
    let maxAbsDiff = 0;
    let maxAbs = 0;
    for (let j = 0; j < want.length; j++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(want[j] - got[j]));
      maxAbs = Math.max(maxAbs, Math.abs(want[j]));
    }
    if (got.length !== want.length) maxAbsDiff = Number.POSITIVE_INFINITY;
    cases.push({ x: c.x, filter: c.filter, pad: c.pad, maxAbsDiff, maxAbs });
  }
  const pass = cases.every((c) => c.maxAbsDiff <= CHECK_TOLERANCE * Math.max(1, c.maxAbs));
  await tf.setBackend('wasm');
  return { check: { cases, pass, tolerance: CHECK_TOLERANCE }, notes };
}
