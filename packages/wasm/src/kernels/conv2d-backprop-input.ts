import type { KernelFn } from '@digitnet/core';
import { read, scratch, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { colsSize, convFields, convMacs } from './conv-info.js';
import { threadsFor } from './split.js';

// dy: [N, O, OH, OW], w: [O, C, KH, KW] -> dx: [N, C, H, W]
// Per image in wasm: dcols = wᵀ · dy[n], then col2im scatters dcols onto dx[n].
export const conv2dBackpropInput: KernelFn<WasmBackend, 'Conv2DBackpropInput'> = (
  backend,
  { dy, w },
  { conv: c },
) => {
  const { values, info } = backend.empty([c.batch, c.inChannels, c.inHeight, c.inWidth], 'float32');
  const dyv = backend.floats(dy);
  const wv = backend.floats(w);
  const { arena } = backend;
  const [pdy, pw, pdx, pcols] = arena.place([
    read(dyv),
    read(wv),
    write(values),
    scratch(colsSize(c) * arena.threads),
  ]);
  const g = arena.putInfo(convFields(c));
  // Threads split the images; each has its own col2im and gemm scratch.
  const args = [g, pdy, pw, pdx, pcols, colsSize(c) * 4, arena.work, arena.workStride];
  backend.run(
    'conv2dBackpropInput',
    args,
    threadsFor(c.batch, convMacs(c), backend.minWorkPerThread),
  );
  arena.finish();
  return info;
};
