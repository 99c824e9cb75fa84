import type { KernelFn } from '@digitnet/core';
import { kernelSource, tapSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// dy, indices: [N, C, OH, OW] -> dx: [N, C, H, W], dy added at each window's argmax
// A gather: dx[ih, iw] sums dy over the windows that contain (ih, iw) and chose it.
export const maxPool2dBackprop: KernelFn<GpuBackend, 'MaxPool2DBackprop'> = (
  b,
  { dy, indices },
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
      `const self = c1 * ${W} + c2;`,
      `const plane = c0 * ${OH * OW};`,
      'let acc = 0;',
      `for (let kh = 0; kh < ${p.kernelHeight}; kh++) {`,
      ...tapSource('oh', 'rowOk', 'c1', 'kh', rows).map((l) => `  ${l}`),
      '  if (rowOk) {',
      `    for (let kw = 0; kw < ${p.kernelWidth}; kw++) {`,
      ...tapSource('ow', 'colOk', 'c2', 'kw', cols).map((l) => `      ${l}`),
      '      if (colOk) {',
      `        const o = plane + oh * ${OW} + ow;`,
      '        if (indices[o] === self) {',
      '          acc += dy[o];',
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
      'return acc;',
    ];
    return {
      source: kernelSource(['dy', 'indices'], body),
      loopMax: Math.max(p.kernelHeight, p.kernelWidth),
    };
  };
  const key = `MaxPool2DBackprop ${JSON.stringify(p)}`;
  return b.run(key, source, [dy, indices], shape, 'float32');
};
