import type { KernelFn } from '@digitnet/core';
import { read, scratch, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { convFields } from './conv-info.js';
import { threadsFor } from './split.js';

// Floats of scratch one group of images may take (32 MiB): the group's patches and gradients.
const GROUP_FLOATS = 1 << 23;

/** Floats gemm computes for an m×n product, its 4×8 tiles filled out. */
const tiled = (m: number, n: number) => Math.ceil(m / 4) * 4 * Math.ceil(n / 8) * 8;

// x: [N, C, H, W], dy: [N, O, OH, OW] -> dw: [O, C, KH, KW]
// In wasm, per group of images: their patches and gradients gathered side by side (threads split
// the images), then one product over all their pixels, dw [O, C·KH·KW] = dyt · colsᵀ (threads
// split dw's columns or rows). Small C·KH·KW (a first layer's 9) computes dwᵀ = cols · dytᵀ
// instead, which fills more of gemm's tiles, and transposes it.
export const conv2dBackpropFilter: KernelFn<WasmBackend, 'Conv2DBackpropFilter'> = (
  backend,
  { x, dy },
  { conv: c },
) => {
  const O = c.outChannels;
  const ckk = c.inChannels * c.kernelHeight * c.kernelWidth;
  const ohw = c.outHeight * c.outWidth;
  const { values, info } = backend.empty(
    [O, c.inChannels, c.kernelHeight, c.kernelWidth],
    'float32',
  );
  if (c.batch === 0 || ohw === 0 || values.length === 0) {
    values.fill(0);
    return info;
  }
  // Images per product: fixed by the shapes alone (never the thread count), so every sum runs in
  // the same order — and dw comes out bit-identical — on any number of threads.
  const group = Math.max(1, Math.min(c.batch, Math.floor(GROUP_FLOATS / ((ckk + O) * ohw))));
  const transposed = tiled(ckk, O) < tiled(O, ckk);
  const { arena } = backend;
  const [px, pdy, pdw, pcols, pdyt, ptmp] = arena.place([
    read(backend.floats(x)),
    read(backend.floats(dy)),
    write(values),
    scratch(group * ckk * ohw),
    scratch(group * O * ohw),
    scratch(transposed ? ckk * O : 0),
  ]);
  const g = arena.putInfo(convFields(c));
  const [m, n] = transposed ? [ckk, O] : [O, ckk];
  const strips = Math.max(Math.ceil(n / 8), Math.ceil(m / 4));
  for (let n0 = 0; n0 < c.batch; n0 += group) {
    const count = Math.min(group, c.batch - n0);
    const gather = [g, px, pdy, pcols, pdyt, n0, count];
    const moved = count * (ckk + O) * ohw;
    backend.run('conv2dFilterGather', gather, threadsFor(count, moved, backend.minWorkPerThread));
    // Both gathered matrices are [rows, depth] row-major; the product reads one of them transposed.
    const depth = count * ohw;
    const [a, b, out, ldc] = transposed ? [pcols, pdyt, ptmp, O] : [pdyt, pcols, pdw, ckk];
    const args = [m, n, depth, a, depth, 1, b, 1, depth, out, ldc, n0 > 0 ? 1 : 0];
    backend.run(
      'gemmPart',
      [...args, arena.work, arena.workStride],
      threadsFor(strips, m * n * depth, backend.minWorkPerThread),
    );
  }
  if (transposed) arena.wasm.transpose2d(ptmp, pdw, ckk, O);
  arena.finish();
  return info;
};
