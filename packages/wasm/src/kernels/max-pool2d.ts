import { cpuKernels, type KernelFn, type Pool2DInfo } from '@digitnet/core';
import { read, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { threadsFor } from './split.js';

/** The common 2×2, stride-2, unpadded window with every window inside the image. */
function isHalving(p: Pool2DInfo): boolean {
  return (
    p.kernelHeight === 2 &&
    p.kernelWidth === 2 &&
    p.strideHeight === 2 &&
    p.strideWidth === 2 &&
    p.padTop === 0 &&
    p.padLeft === 0 &&
    p.outHeight * 2 <= p.inHeight &&
    p.outWidth * 2 <= p.inWidth
  );
}

// x: [N, C, H, W] -> [y: [N, C, OH, OW], indices: int32 flat into each H·W plane]
// The 2×2 / stride-2 window in wasm, four outputs per SIMD step; other windows: the CPU kernel.
export const maxPool2d: KernelFn<WasmBackend, 'MaxPool2D'> = (backend, inputs, attrs) => {
  const p = attrs.pool;
  if (!isHalving(p)) return cpuKernels.MaxPool2D(backend, inputs, attrs);
  const shape = [p.batch, p.channels, p.outHeight, p.outWidth];
  const y = backend.empty(shape, 'float32');
  const indices = backend.empty(shape, 'int32');
  const xv = backend.floats(inputs.x);
  const { arena } = backend;
  const [px, py, pi] = arena.place([read(xv), write(y.values), write(indices.values)]);
  const planes = p.batch * p.channels;
  const args = [px, py, pi, planes, p.inHeight, p.inWidth, p.outHeight, p.outWidth];
  backend.run('maxPool2dHalvePart', args, threadsFor(planes, xv.length, backend.minWorkPerThread));
  arena.finish();
  return [y.info, indices.info];
};

// dy, indices: [N, C, OH, OW] -> dx: [N, C, H, W], each dy added at its window's argmax: in wasm
// for every window (threads split the planes), the same bits as the CPU kernel.
export const maxPool2dBackprop: KernelFn<WasmBackend, 'MaxPool2DBackprop'> = (
  backend,
  { dy, indices },
  { pool: p },
) => {
  const dx = backend.empty([p.batch, p.channels, p.inHeight, p.inWidth], 'float32');
  const dyv = backend.floats(dy);
  const { arena } = backend;
  const [pdy, pi, pdx] = arena.place([
    read(dyv),
    read(backend.data(indices) as Int32Array),
    write(dx.values),
  ]);
  const planes = p.batch * p.channels;
  const args = [pdy, pi, pdx, planes, p.inHeight * p.inWidth, p.outHeight * p.outWidth];
  const touched = dx.values.length + 2 * dyv.length;
  backend.run('maxPool2dBackpropPart', args, threadsFor(planes, touched, backend.minWorkPerThread));
  arena.finish();
  return dx.info;
};
