import type { KernelFn } from '@digitnet/core';
import type { WasmBackend } from '../wasm-backend.js';
import { colsSize, convFields } from './conv-info.js';

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
  const [pdy, pw, pdx, pcols] = arena.layout([dyv.length, wv.length, values.length, colsSize(c)]);
  arena.put(pdy, dyv);
  arena.put(pw, wv);
  const g = arena.putInfo(convFields(c));
  arena.wasm.conv2dBackpropInput(g, pdy, pw, pdx, pcols, arena.work);
  arena.get(pdx, values);
  return info;
};
