import type { KernelFn } from '@digitnet/core';
import { read, scratch, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { colsSize, convFields, convMacs } from './conv-info.js';
import { threadsFor } from './split.js';

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
  const [px, pdy, pdw, pcols] = arena.place([
    read(xv),
    read(dyv),
    write(values),
    scratch(colsSize(c) * arena.threads),
  ]);
  const g = arena.putInfo(convFields(c));
  // Threads split dw's columns (C·KH·KW, in strips of 8), each summing over every image in order.
  const args = [g, px, pdy, pdw, pcols, colsSize(c) * 4, arena.work, arena.workStride];
  const strips = Math.ceil((c.inChannels * c.kernelHeight * c.kernelWidth) / 8);
  backend.run(
    'conv2dBackpropFilter',
    args,
    threadsFor(strips, convMacs(c), backend.minWorkPerThread),
  );
  arena.finish();
  return info;
};
