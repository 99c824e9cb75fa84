import type { KernelFn } from '@digitnet/core';
import { read, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { threadsFor } from './split.js';

// x: [N, C, ...] (viewed as [N, C, S]), weight/bias: [C] -> [y, mean: [C], variance: [C]]
// In wasm: per channel the mean, the centred sum of squares, then y = x·scale + shift.
export const batchNormTrain: KernelFn<WasmBackend, 'BatchNormTrain'> = (
  backend,
  { x, weight, bias },
  { eps },
) => {
  const [n, c] = x.shape;
  const s = x.shape.slice(2).reduce((a, d) => a * d, 1);
  const y = backend.empty(x.shape, 'float32');
  const mean = backend.empty([c], 'float32');
  const variance = backend.empty([c], 'float32');
  const xv = backend.floats(x);
  const wv = weight ? backend.floats(weight) : null;
  const bv = bias ? backend.floats(bias) : null;
  const { arena } = backend;
  const [px, pw, pb, py, pm, pv] = arena.place([
    read(xv),
    read(wv),
    read(bv),
    write(y.values),
    write(mean.values),
    write(variance.values),
  ]);
  // Threads split the channels.
  const args = [px, pw, pb, py, pm, pv, n, c, s, eps];
  backend.run('batchNormTrain', args, threadsFor(c, xv.length, backend.minWorkPerThread));
  arena.finish();
  return [y.info, mean.info, variance.info];
};
