import type { KernelFn } from '@digitnet/core';
import { read, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { threadsFor } from './split.js';

// dy, x: [N, C, ...], mean/variance/weight: [C] -> [dx, dweight: [C], dbias: [C]]
// In wasm: dbias = Σ dy, dweight = Σ dy·x̂, dx = w·invStd/M · (M·dy − Σ dy − x̂·Σ dy·x̂).
export const batchNormTrainGrad: KernelFn<WasmBackend, 'BatchNormTrainGrad'> = (
  backend,
  { dy, x, mean, variance, weight },
  { eps },
) => {
  const [n, c] = x.shape;
  const s = x.shape.slice(2).reduce((a, d) => a * d, 1);
  const dx = backend.empty(x.shape, 'float32');
  const dweight = backend.empty([c], 'float32');
  const dbias = backend.empty([c], 'float32');
  const xv = backend.floats(x);
  const { arena } = backend;
  const [pdy, px, pm, pv, pw, pdx, pdw, pdb] = arena.place([
    read(backend.floats(dy)),
    read(xv),
    read(backend.floats(mean)),
    read(backend.floats(variance)),
    read(weight ? backend.floats(weight) : null),
    write(dx.values),
    write(dweight.values),
    write(dbias.values),
  ]);
  // Threads split the channels.
  const args = [pdy, px, pm, pv, pw, pdx, pdw, pdb, n, c, s, eps];
  backend.run('batchNormTrainGrad', args, threadsFor(c, 2 * xv.length, backend.minWorkPerThread));
  arena.finish();
  return [dx.info, dweight.info, dbias.info];
};
