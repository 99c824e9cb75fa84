import type { KernelFn } from '@digitnet/core';
import type { WasmBackend } from '../wasm-backend.js';
import { colsSize, convFields } from './conv-info.js';

// x: [N, C, H, W], dy: [N, O, OH, OW] -> dw: [O, C, KH, KW]
// In wasm: dw [O, C·KH·KW] = Σ_n dy[n] [O, OH·OW] · im2col(x[n])ᵀ.
export const conv2dBackpropFilter: KernelFn<WasmBackend, 'Conv2DBackpropFilter'> = (
  backend,
  { x, dy },
  { conv: c },
) => {
  const { values, info } = backend.empty(
    [c.outChannels, c.inChannels, c.kernelHeight, c.kernelWidth],
    'float32',
  );
  const xv = backend.floats(x);
  const dyv = backend.floats(dy);
  const { arena } = backend;
  const [px, pdy, pdw, pcols] = arena.layout([xv.length, dyv.length, values.length, colsSize(c)]);
  arena.put(px, xv);
  arena.put(pdy, dyv);
  const g = arena.putInfo(convFields(c));
  arena.wasm.conv2dBackpropFilter(g, px, pdy, pdw, pcols, arena.work);
  arena.get(pdw, values);
  return info;
};
