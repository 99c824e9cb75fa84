import type { Conv2DInfo } from '@digitnet/core';

/** A convolution's geometry as the module reads it (assembly/conv-info.ts: the same order). */
export function convFields(c: Conv2DInfo): number[] {
  return [
    c.batch,
    c.inChannels,
    c.inHeight,
    c.inWidth,
    c.outChannels,
    c.kernelHeight,
    c.kernelWidth,
    c.strideHeight,
    c.strideWidth,
    c.dilationHeight,
    c.dilationWidth,
    c.padTop,
    c.padLeft,
    c.outHeight,
    c.outWidth,
  ];
}

/** Floats of im2col scratch one image needs: [C·KH·KW, OH·OW]. */
export function colsSize(c: Conv2DInfo): number {
  return c.inChannels * c.kernelHeight * c.kernelWidth * c.outHeight * c.outWidth;
}

/** Multiply-adds of the convolution (and of each of its two gradients). */
export function convMacs(c: Conv2DInfo): number {
  return (
    c.batch *
    c.outChannels *
    c.outHeight *
    c.outWidth *
    c.inChannels *
    c.kernelHeight *
    c.kernelWidth
  );
}
