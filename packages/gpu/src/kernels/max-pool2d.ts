import type { KernelFn, Pool2DInfo } from '@digitnet/core';
import { kernelSource, tapRange, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

/** Each window's winner as a flat index into its H·W plane. */
function indexSource(p: Pool2DInfo): string {
  const { inHeight: H, inWidth: W } = p;
  const body = [
    'const i = this.thread.x;',
    ...unravel('i', [p.batch * p.channels, p.outHeight, p.outWidth], 'c'),
    `const base = c0 * ${H * W};`,
    `const h0 = c1 * ${p.strideHeight} - ${p.padTop};`,
    `const w0 = c2 * ${p.strideWidth} - ${p.padLeft};`,
    ...tapRange('kh', 'h0', p.kernelHeight, 1, H),
    ...tapRange('kw', 'w0', p.kernelWidth, 1, W),
    // The first element of the window (padding clipped) starts; later ones win only when
    // strictly larger: the first maximum wins ties, as in PyTorch.
    `let bestIndex = (h0 + khStart) * ${W} + w0 + kwStart;`,
    'let best = x[base + bestIndex];',
    'for (let kh = khStart; kh < khEnd; kh++) {',
    `  const row = (h0 + kh) * ${W} + w0;`,
    '  for (let kw = kwStart; kw < kwEnd; kw++) {',
    '    const v = x[base + row + kw];',
    '    if (v > best) {',
    '      best = v;',
    '      bestIndex = row + kw;',
    '    }',
    '  }',
    '}',
    'return bestIndex;',
  ];
  return kernelSource(['x'], body);
}

// x: [N, C, H, W] -> [y: [N, C, OH, OW], indices: int32 flat into each H·W plane]
// The indices are found once; y reads x at them.
export const maxPool2d: KernelFn<GpuBackend, 'MaxPool2D'> = (b, { x }, { pool: p }) => {
  const shape = [p.batch, p.channels, p.outHeight, p.outWidth];
  const key = `MaxPool2D ${JSON.stringify(p)}`;
  const loopMax = Math.max(p.kernelHeight, p.kernelWidth);
  const indices = b.run(key, () => ({ source: indexSource(p), loopMax }), [x], shape, 'int32');
  const gather = () => ({
    source: kernelSource(
      ['x', 'indices'],
      [
        `const plane = Math.floor((this.thread.x + 0.5) / ${p.outHeight * p.outWidth});`,
        `return x[plane * ${p.inHeight * p.inWidth} + indices[this.thread.x]];`,
      ],
    ),
  });
  const y = b.run(`${key} values`, gather, [x, indices], shape, 'float32');
  return [y, indices];
};
