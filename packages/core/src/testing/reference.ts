// The float64 reference: plain loops over Float64Array + shape, sharing no code with any backend
// or with src/shape. The op declarations (ops/*.ts) call it; fused and integration tests too.
import { adamState, adamStep } from './reference/adam.js';
import { binary, broadcastTo, cast, fill, unary } from './reference/elementwise.js';
import {
  concat,
  flatten,
  matmul,
  pad,
  permute,
  reshape,
  slice,
  stack,
  transpose,
} from './reference/layout.js';
import type * as lib from './reference/library.js';
import {
  avgPool2d,
  batchNorm,
  conv2d,
  crossEntropy,
  linear,
  logSoftmax,
  maxPool2d,
  mse,
  oneHot,
  softmax,
} from './reference/nn.js';
import { argReduce, reduce } from './reference/reduce.js';

export type { RefAdamOptions, RefAdamState } from './reference/adam.js';
export type { Nd, RefDType } from './reference/nd.js';
export { nd, numel, unravel } from './reference/nd.js';
export {
  adamState,
  adamStep,
  argReduce,
  avgPool2d,
  batchNorm,
  binary,
  broadcastTo,
  cast,
  concat,
  conv2d,
  crossEntropy,
  fill,
  flatten,
  linear,
  logSoftmax,
  matmul,
  maxPool2d,
  mse,
  oneHot,
  pad,
  permute,
  reduce,
  reshape,
  slice,
  softmax,
  stack,
  transpose,
  unary,
};

/** The suite's index specs ('1:5:2', '...', integers, null) as the reference's tuples. */
export function refSpecs(specs: readonly (number | string | null)[], rank: number): lib.RefIndex[] {
  const consuming = specs.filter((s) => s !== null && s !== '...').length;
  const out: lib.RefIndex[] = [];
  for (const s of specs) {
    if (s === '...') {
      for (let i = 0; i < rank - consuming; i++) out.push([null, null, null]);
    } else if (typeof s === 'string') {
      const [a, b, c] = s.split(':').map((p) => (p === '' || p === undefined ? null : Number(p)));
      out.push([a ?? null, b ?? null, c ?? null]);
    } else {
      out.push(s);
    }
  }
  return out;
}
