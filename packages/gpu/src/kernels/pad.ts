import { type KernelFn, stridesOf } from '@digitnet/core';
import { kernelSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';
import { fill } from './fill.js';

// x -> x surrounded by `value` (a uniform): paddings[i] = [before, after]
export const pad: KernelFn<GpuBackend, 'Pad'> = (b, { x }, { paddings, value, outShape }) => {
  if (x.shape.some((d) => d === 0)) return fill(b, {}, { shape: outShape, value, dtype: x.dtype });
  const source = () => {
    const inStrides = stridesOf(x.shape);
    const inside: string[] = [];
    const terms: string[] = [];
    x.shape.forEach((d, i) => {
      const [before] = paddings[i];
      const c = `(c${i} - ${before})`;
      if (paddings[i][0] > 0) inside.push(`c${i} >= ${before}`);
      if (paddings[i][1] > 0) inside.push(`c${i} < ${before + d}`);
      terms.push(`${c} * ${inStrides[i]}`);
    });
    const read = `x[${terms.join(' + ') || '0'}]`;
    const body = [
      'const i = this.thread.x;',
      ...unravel('i', outShape, 'c'),
      ...(inside.length > 0
        ? [`if (${inside.join(' && ')}) {`, `  return ${read};`, '}', 'return v;']
        : [`return ${read};`]),
    ];
    return { source: kernelSource(['x', 'v'], body) };
  };
  const key = `Pad [${x.shape}] [${paddings.map((p) => p.join(':'))}]`;
  return b.run(key, source, [x, value], outShape, x.dtype);
};
