import type { KernelFn } from '@digitnet/core';
import { kernelSource, tapSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';
import { avgWindowSource } from './avg-pool2d.js';

// dy: [N, C, OH, OW] -> dx: [N, C, H, W], each dy shared over its window
// A gather: dx[ih, iw] = Σ dy[oh, ow] / divisor(oh, ow) over the windows that contain (ih, iw).
export const avgPool2dBackprop: KernelFn<GpuBackend, 'AvgPool2DBackprop'> = (
  b,
  { dy },
  { pool: p },
) => {
  const shape = [p.batch, p.channels, p.inHeight, p.inWidth];
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = p;
  const source = () => {
    const rows = { stride: p.strideHeight, pad: p.padTop, dilation: 1, size: OH };
    const cols = { stride: p.strideWidth, pad: p.padLeft, dilation: 1, size: OW };
    const body = [
      'const i = this.thread.x;',
      ...unravel('i', [p.batch * p.channels, H, W], 'c'),
      `const plane = c0 * ${OH * OW};`,
      'let acc = 0;',
      `for (let kh = 0; kh < ${p.kernelHeight}; kh++) {`,
      ...tapSource('oh', 'rowOk', 'c1', 'kh', rows).map((l) => `  ${l}`),
      '  if (rowOk) {',
      `    for (let kw = 0; kw < ${p.kernelWidth}; kw++) {`,
      ...tapSource('ow', 'colOk', 'c2', 'kw', cols).map((l) => `      ${l}`),
      // A window that reads (ih, iw) through a tap always contains it: ih ∈ [max(h0, 0), min(h0 + KH, H)).
      '      if (colOk) {',
      ...avgWindowSource(p, 'oh', 'ow').map((l) => `        ${l}`),
      `        acc += dy[plane + oh * ${OW} + ow] / divisor;`,
      '      }',
      '    }',
      '  }',
      '}',
      'return acc;',
    ];
    return {
      source: kernelSource(['dy'], body),
      loopMax: Math.max(p.kernelHeight, p.kernelWidth),
    };
  };
  return b.run(`AvgPool2DBackprop ${JSON.stringify(p)}`, source, [dy], shape, 'float32');
};
