import type { KernelFn } from '@digitnet/core';
import { read, scratch, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { colsSize, convFields, convMacs } from './conv-info.js';
import { threadsFor } from './split.js';

// x: [N, C, H, W], w: [O, C, KH, KW], bias: [O] -> [N, O, OH, OW]
// Per image in wasm: y[n] = w [O, C·KH·KW] · im2col(x[n]) [C·KH·KW, OH·OW], plus bias.
export const conv2d: KernelFn<WasmBackend, 'Conv2D'> = (backend, { x, w, bias }, { conv: c }) => {
  const { values, info } = backend.empty(
    [c.batch, c.outChannels, c.outHeight, c.outWidth],
    'float32',
  );
  const xv = backend.floats(x);
  const wv = backend.floats(w);
  const bv = bias ? backend.floats(bias) : null;
  const { arena } = backend;
  const [px, pw, pb, py, pcols] = arena.place([
    read(xv),
    read(wv),
    read(bv),
    write(values),
    scratch(colsSize(c) * arena.threads),
  ]);
  const g = arena.putInfo(convFields(c));
  // Threads split the images; each has its own im2col and gemm scratch.
  const args = [g, px, pw, pb, py, pcols, colsSize(c) * 4, arena.work, arena.workStride];
  backend.run('conv2d', args, threadsFor(c.batch, convMacs(c), backend.minWorkPerThread));
  arena.finish();
  return info;
};
