import type { KernelFn } from '@digitnet/core';
import { kernelSource, tapRange, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// x: [N, C, H, W], w: [O, C, KH, KW], bias: [O] -> [N, O, OH, OW]
// y[n, o, oh, ow] = bias[o] + Σ_{c, kh, kw} x[n, c, oh·sh − padTop + kh·dh, ow·sw − padLeft + kw·dw]·w[o, c, kh, kw]
// Each thread owns one output; its taps are clipped to the input once, and the loops walk
// running offsets (3× faster in gpu.js's webasm and cpu modes than bounds tests per tap).
export const conv2d: KernelFn<GpuBackend, 'Conv2D'> = (b, { x, w, bias }, { conv: c }) => {
  const shape = [c.batch, c.outChannels, c.outHeight, c.outWidth];
  const { inChannels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW } = c;
  const { dilationHeight: dh, dilationWidth: dw } = c;
  const source = () => {
    const body = [
      'const i = this.thread.x;',
      ...unravel('i', shape, 'c'),
      `const h0 = c2 * ${c.strideHeight} - ${c.padTop};`,
      `const w0 = c3 * ${c.strideWidth} - ${c.padLeft};`,
      ...tapRange('kh', 'h0', KH, dh, H),
      ...tapRange('kw', 'w0', KW, dw, W),
      `let acc = ${bias ? 'bias[c1]' : '0'};`,
      `let xPlane = c0 * ${C * H * W} + h0 * ${W} + w0;`,
      `let wPlane = c1 * ${C * KH * KW};`,
      `for (let ch = 0; ch < ${C}; ch++) {`,
      '  for (let kh = khStart; kh < khEnd; kh++) {',
      `    const xRow = xPlane + kh * ${dh * W};`,
      `    const wRow = wPlane + kh * ${KW};`,
      '    for (let kw = kwStart; kw < kwEnd; kw++) {',
      `      acc += x[xRow + kw * ${dw}] * w[wRow + kw];`,
      '    }',
      '  }',
      `  xPlane += ${H * W};`,
      `  wPlane += ${KH * KW};`,
      '}',
      'return acc;',
    ];
    const args = bias ? ['x', 'w', 'bias'] : ['x', 'w'];
    return { source: kernelSource(args, body), loopMax: Math.max(C, KH, KW) };
  };
  const key = `Conv2D ${JSON.stringify(c)} ${bias ? 'bias' : ''}`;
  return b.run(key, source, bias ? [x, w, bias] : [x, w], shape, 'float32');
};
