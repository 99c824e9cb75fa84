import { type KernelFn, sizeOf } from '@digitnet/core';
import { kernelSource, tapRange, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';
import { reduceAxis } from './reduce.js';

// x: [N, C, H, W], dy: [N, O, OH, OW] -> dw: [O, C, KH, KW]
// dw[o, c, kh, kw] = Σ_n Σ_{oh, ow} dy[n, o, oh, ow]·x[n, c, oh·sh − padTop + kh·dh, ow·sw − padLeft + kw·dw].
// One pass per image ([N, O·C·KH·KW] partial sums), then a sum over the batch: N times the threads.
export const conv2dBackpropFilter: KernelFn<GpuBackend, 'Conv2DBackpropFilter'> = (
  b,
  { x, dy },
  { conv: c },
) => {
  const shape = [c.outChannels, c.inChannels, c.kernelHeight, c.kernelWidth];
  const taps = sizeOf(shape);
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: O } = c;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = c;
  const source = () => {
    // Output row oh reads input row ih = oh·sh + h0 with h0 = kh·dh − padTop: oh is clipped so
    // that ih stays inside [0, H), and likewise for columns.
    const body = [
      'const i = this.thread.x;',
      ...unravel('i', [N, ...shape], 'c'),
      `const h0 = c3 * ${c.dilationHeight} - ${c.padTop};`,
      `const w0 = c4 * ${c.dilationWidth} - ${c.padLeft};`,
      ...tapRange('oh', 'h0', OH, sh, H),
      ...tapRange('ow', 'w0', OW, sw, W),
      `const xPlane = (c0 * ${C} + c2) * ${H * W} + h0 * ${W} + w0;`,
      `const dyPlane = (c0 * ${O} + c1) * ${OH * OW};`,
      'let acc = 0;',
      'for (let oh = ohStart; oh < ohEnd; oh++) {',
      `  const xRow = xPlane + oh * ${sh * W};`,
      `  const dyRow = dyPlane + oh * ${OW};`,
      '  for (let ow = owStart; ow < owEnd; ow++) {',
      `    acc += dy[dyRow + ow] * x[xRow + ow * ${sw}];`,
      '  }',
      '}',
      'return acc;',
    ];
    return { source: kernelSource(['x', 'dy'], body), loopMax: Math.max(OH, OW) };
  };
  const perImage = b.run(
    `Conv2DBackpropFilter ${JSON.stringify(c)}`,
    source,
    [x, dy],
    [N, ...shape],
    'float32',
  );
  if (N === 1) return { ...perImage, shape };
  const dw = reduceAxis(b, 'sum', perImage, 1, N, taps, shape);
  b.dispose(perImage.dataId);
  return dw;
};
