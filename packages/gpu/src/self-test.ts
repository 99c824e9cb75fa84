// The start-up self-test: upload, multiply, a long reduction, read back, all against float64.
// Some JavaScript GPU paths have silently computed in half precision on some devices; a backend
// whose results are not float32-accurate refuses to start instead.
import type { TensorInfo } from '@digitnet/core';
import type { GpuBackend } from './gpu-backend.js';

const SIZE = 4099; // not a power of two: exercises a texture's ragged last row
const LONG = 65_536;

function worst(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number) {
  let index = -1;
  let excess = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) - (atol + rtol * Math.abs(want[i]));
    if (!(e <= excess)) {
      excess = e;
      index = i;
    }
  }
  return index;
}

/** Null when the backend computes in float32 accuracy, otherwise what went wrong. */
export function selfTest(b: GpuBackend): string | null {
  const a = Float32Array.from({ length: SIZE }, (_, i) => Math.fround(((i % 251) - 125) / 7.3));
  const c = Float32Array.from({ length: SIZE }, (_, i) => Math.fround(1 + (i % 97) / 131));
  const long = Float32Array.from({ length: LONG }, (_, i) =>
    Math.fround(((i * 7919) % 1000) / 999),
  );
  const infos: TensorInfo[] = [];
  const tensor = (values: Float32Array) => {
    const info = {
      dataId: b.write(values, 'float32'),
      shape: [values.length],
      dtype: 'float32' as const,
    };
    infos.push(info);
    return info;
  };
  try {
    const { Binary, Reduce } = b.kernels;
    const product = Binary(b, { a: tensor(a), b: tensor(c) }, { op: 'mul', outShape: [SIZE] });
    infos.push(product);
    const got = b.readSync(product.dataId);
    const want = Array.from(a, (v, i) => v * c[i]);
    const bad = worst(got, want, 1e-6, 1e-7);
    if (bad >= 0) {
      return `multiplying ${SIZE} values: element ${bad} is ${got[bad]}, float64 gives ${want[bad]}`;
    }
    const attrs = { op: 'sum', outer: 1, reduce: LONG, inner: 1, outShape: [] } as const;
    const sum = Reduce(b, { x: tensor(long) }, attrs);
    infos.push(sum);
    const total = b.readSync(sum.dataId)[0];
    const exact = long.reduce((s, v) => s + v, 0);
    if (worst([total], [exact], 1e-5, 0) >= 0) {
      return `summing ${LONG} values gave ${total}, float64 gives ${exact}`;
    }
    return null;
  } catch (err) {
    return `it threw: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    for (const info of infos) b.dispose(info.dataId);
  }
}
