import { type KernelFn, sizeOf, type TensorInfo } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// xs joined along axis -> outShape
export const concat: KernelFn<GpuBackend, 'Concat'> = (b, { xs }, { axis, outShape }) => {
  // Empty inputs add nothing (and gpu.js cannot take an empty argument).
  const parts: TensorInfo[] = xs.filter((x) => x.shape.every((d) => d > 0));
  const inner = sizeOf(outShape.slice(axis + 1));
  const along = outShape[axis];
  const source = () => {
    // Output element i is (o, a, n) in [outer, along, inner]; input j holds a in [start, start + len).
    const body = [
      'const i = this.thread.x;',
      `const o = Math.floor((i + 0.5) / ${along * inner});`,
      `const r = i - o * ${along * inner};`,
      `const a = Math.floor((r + 0.5) / ${inner});`,
      `const n = r - a * ${inner};`,
    ];
    let start = 0;
    parts.forEach((x, j) => {
      const len = x.shape[axis];
      const read = `return x${j}[o * ${len * inner} + (a - ${start}) * ${inner} + n];`;
      body.push(j === parts.length - 1 ? read : `if (a < ${start + len}) {\n    ${read}\n  }`);
      start += len;
    });
    return {
      source: kernelSource(
        parts.map((_, j) => `x${j}`),
        body,
      ),
    };
  };
  const key = `Concat ${axis} ${parts.map((x) => `[${x.shape}]`).join(' ')}`;
  return b.run(key, source, parts, outShape, xs[0].dtype);
};
