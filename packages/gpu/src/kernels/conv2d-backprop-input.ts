import type { KernelFn } from '@digitnet/core';
import { kernelSource, tapSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// dy: [N, O, OH, OW], w: [O, C, KH, KW] -> dx: [N, C, H, W]
// dx[n, c, ih, iw] = Σ over taps (kh, kw) and o of dy[n, o, oh, ow]·w[o, c, kh, kw], for the
// (oh, ow) whose window reads (ih, iw) through that tap (a gather: each thread owns one dx).
export const conv2dBackpropInput: KernelFn<GpuBackend, 'Conv2DBackpropInput'> = (
  b,
  { dy, w },
  { conv: c },
) => {
  const shape = [c.batch, c.inChannels, c.inHeight, c.inWidth];
  const { outChannels: O, inChannels: C, kernelHeight: KH, kernelWidth: KW } = c;
  const { outHeight: OH, outWidth: OW } = c;
  const source = () => {
    const rows = { stride: c.strideHeight, pad: c.padTop, dilation: c.dilationHeight, size: OH };
    const cols = { stride: c.strideWidth, pad: c.padLeft, dilation: c.dilationWidth, size: OW };
    const body = [
      'const i = this.thread.x;',
      ...unravel('i', shape, 'c'),
      'let acc = 0;',
      `for (let kh = 0; kh < ${KH}; kh++) {`,
      ...tapSource('oh', 'rowOk', 'c2', 'kh', rows).map((l) => `  ${l}`),
      '  if (rowOk) {',
      `    for (let kw = 0; kw < ${KW}; kw++) {`,
      ...tapSource('ow', 'colOk', 'c3', 'kw', cols).map((l) => `      ${l}`),
      '      if (colOk) {',
      // The channels o run innermost on running offsets: dy steps a plane, w a filter.
      `        let dyAt = c0 * ${O * OH * OW} + oh * ${OW} + ow;`,
      `        let wAt = c1 * ${KH * KW} + kh * ${KW} + kw;`,
      `        for (let o = 0; o < ${O}; o++) {`,
      '          acc += dy[dyAt] * w[wAt];',
      `          dyAt += ${OH * OW};`,
      `          wAt += ${C * KH * KW};`,
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
      'return acc;',
    ];
    return { source: kernelSource(['dy', 'w'], body), loopMax: Math.max(O, KH, KW) };
  };
  return b.run(`Conv2DBackpropInput ${JSON.stringify(c)}`, source, [dy, w], shape, 'float32');
};
