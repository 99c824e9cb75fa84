import type { KernelFn } from '@digitnet/core';
import type { WasmBackend } from '../wasm-backend.js';
import { colsSize, convFields } from './conv-info.js';

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
  const [px, pw, pb, py, pcols] = arena.layout([
    xv.length,
    wv.length,
    bv ? bv.length : 0,
    values.length,
    colsSize(c),
  ]);
  arena.put(px, xv);
  arena.put(pw, wv);
  if (bv) arena.put(pb, bv);
  const g = arena.putInfo(convFields(c));
  arena.wasm.conv2d(g, px, pw, bv ? pb : 0, py, pcols, arena.work);
  arena.get(py, values);
  return info;
};
