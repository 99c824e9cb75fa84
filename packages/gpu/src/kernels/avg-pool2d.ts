import type { KernelFn, Pool2DInfo } from '@digitnet/core';
import { kernelSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

/**
 * Lines computing the window of output (oh, ow) clipped to the input, [hs, he) × [ws, we), and
 * its divisor (PyTorch's rules: with countIncludePad the window clipped to the padded input).
 */
export function avgWindowSource(p: Pool2DInfo, oh: string, ow: string): string[] {
  const { inHeight: H, inWidth: W } = p;
  const paddedRows = `(Math.min(h0 + ${p.kernelHeight}, ${H + p.padTop}) - h0)`;
  const paddedCols = `(Math.min(w0 + ${p.kernelWidth}, ${W + p.padLeft}) - w0)`;
  const padded = `${paddedRows} * ${paddedCols}`;
  return [
    `const h0 = ${oh} * ${p.strideHeight} - ${p.padTop};`,
    `const w0 = ${ow} * ${p.strideWidth} - ${p.padLeft};`,
    'const hs = Math.max(h0, 0);',
    'const ws = Math.max(w0, 0);',
    `const he = Math.min(h0 + ${p.kernelHeight}, ${H});`,
    `const we = Math.min(w0 + ${p.kernelWidth}, ${W});`,
    `const divisor = ${p.countIncludePad ? padded : '(he - hs) * (we - ws)'};`,
  ];
}

// x: [N, C, H, W] -> [N, C, OH, OW], each the mean of its window
export const avgPool2d: KernelFn<GpuBackend, 'AvgPool2D'> = (b, { x }, { pool: p }) => {
  const shape = [p.batch, p.channels, p.outHeight, p.outWidth];
  const { inHeight: H, inWidth: W } = p;
  const source = () => {
    const body = [
      'const i = this.thread.x;',
      ...unravel('i', [p.batch * p.channels, p.outHeight, p.outWidth], 'c'),
      `const base = c0 * ${H * W};`,
      ...avgWindowSource(p, 'c1', 'c2'),
      'let acc = 0;',
      'for (let ih = hs; ih < he; ih++) {',
      `  const row = base + ih * ${W};`,
      '  for (let iw = ws; iw < we; iw++) {',
      '    acc += x[row + iw];',
      '  }',
      '}',
      'return acc / divisor;',
    ];
    return {
      source: kernelSource(['x'], body),
      loopMax: Math.max(p.kernelHeight, p.kernelWidth),
    };
  };
  return b.run(`AvgPool2D ${JSON.stringify(p)}`, source, [x], shape, 'float32');
};
