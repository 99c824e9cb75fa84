// Output sizes and padding of convolution and pooling windows (PyTorch's formulas).
import type { Conv2DInfo, Pool2DInfo } from '../kernels.js';
import { showShape } from './shape.js';

/** A size given once for both spatial axes, or as [height, width]. */
export type Pair = number | readonly [number, number];

function pair(op: string, name: string, value: Pair, min: number): [number, number] {
  const [h, w] = typeof value === 'number' ? [value, value] : value;
  for (const v of [h, w]) {
    if (!Number.isInteger(v) || v < min) {
      throw new Error(
        `${op}: ${name} must be an integer >= ${min} (or a pair of them), got ${String(value)}`,
      );
    }
  }
  return [h, w];
}

/** Options of a 2-D convolution, as in torch.nn.functional.conv2d. */
export interface Conv2DOptions {
  stride?: Pair;
  /** Zero padding on each side, or 'same' (stride 1 only; odd totals put the extra row/col at the bottom/right). */
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
}

/** Validates shapes and computes the geometry of conv2d(x: [N,C,H,W], w: [O,C,KH,KW]). */
export function conv2dInfo(
  xShape: readonly number[],
  wShape: readonly number[],
  opts: Conv2DOptions = {},
): Conv2DInfo {
  const op = 'conv2d';
  if (xShape.length !== 4)
    throw new Error(`${op}: input must be 4-D [N, C, H, W], got ${showShape(xShape)}`);
  if (wShape.length !== 4)
    throw new Error(`${op}: weight must be 4-D [O, C, KH, KW], got ${showShape(wShape)}`);
  const [batch, inChannels, inHeight, inWidth] = xShape;
  const [outChannels, wIn, kernelHeight, kernelWidth] = wShape;
  if (wIn !== inChannels) {
    throw new Error(
      `${op}: input ${showShape(xShape)} has ${inChannels} channels but weight ${showShape(wShape)} expects ${wIn}`,
    );
  }
  const [strideHeight, strideWidth] = pair(op, 'stride', opts.stride ?? 1, 1);
  const [dilationHeight, dilationWidth] = pair(op, 'dilation', opts.dilation ?? 1, 1);
  const padding = opts.padding ?? 0;
  let padTop: number;
  let padLeft: number;
  let padBottom: number;
  let padRight: number;
  if (padding === 'same') {
    if (strideHeight !== 1 || strideWidth !== 1) {
      throw new Error(
        `${op}: padding 'same' needs stride 1, got stride [${strideHeight}, ${strideWidth}]`,
      );
    }
    // PyTorch puts floor(total/2) before and the rest after.
    const totalH = dilationHeight * (kernelHeight - 1);
    const totalW = dilationWidth * (kernelWidth - 1);
    padTop = Math.floor(totalH / 2);
    padBottom = totalH - padTop;
    padLeft = Math.floor(totalW / 2);
    padRight = totalW - padLeft;
  } else if (padding === 'valid') {
    padTop = padBottom = padLeft = padRight = 0;
  } else {
    [padTop, padLeft] = pair(op, 'padding', padding, 0);
    padBottom = padTop;
    padRight = padLeft;
  }
  const outHeight =
    Math.floor(
      (inHeight + padTop + padBottom - dilationHeight * (kernelHeight - 1) - 1) / strideHeight,
    ) + 1;
  const outWidth =
    Math.floor(
      (inWidth + padLeft + padRight - dilationWidth * (kernelWidth - 1) - 1) / strideWidth,
    ) + 1;
  if (outHeight < 1 || outWidth < 1) {
    throw new Error(
      `${op}: kernel ${kernelHeight}x${kernelWidth} (dilation ${dilationHeight}x${dilationWidth}) is larger than the ` +
        `padded input ${inHeight + padTop + padBottom}x${inWidth + padLeft + padRight}`,
    );
  }
  return {
    batch,
    inChannels,
    inHeight,
    inWidth,
    outChannels,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
    outHeight,
    outWidth,
  };
}

/** Options of 2-D pooling, as in torch.nn.functional.max_pool2d / avg_pool2d. */
export interface Pool2DOptions {
  kernelSize: Pair;
  /** Defaults to kernelSize, as in PyTorch. */
  stride?: Pair;
  padding?: Pair;
  ceilMode?: boolean;
  /** avgPool2d only: divide by the whole window including padding (PyTorch's default, true). */
  countIncludePad?: boolean;
}

function pooledSize(inSize: number, k: number, s: number, p: number, ceil: boolean): number {
  const span = inSize + 2 * p - k;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // PyTorch: the last window must start inside the input or the left padding.
  if (ceil && (out - 1) * s >= inSize + p) out--;
  return out;
}

/** Validates shapes and computes the geometry of pooling x: [N, C, H, W]. */
export function pool2dInfo(op: string, xShape: readonly number[], opts: Pool2DOptions): Pool2DInfo {
  if (xShape.length !== 4)
    throw new Error(`${op}: input must be 4-D [N, C, H, W], got ${showShape(xShape)}`);
  const [batch, channels, inHeight, inWidth] = xShape;
  const [kernelHeight, kernelWidth] = pair(op, 'kernelSize', opts.kernelSize, 1);
  const [strideHeight, strideWidth] = pair(op, 'stride', opts.stride ?? opts.kernelSize, 1);
  const [padTop, padLeft] = pair(op, 'padding', opts.padding ?? 0, 0);
  if (padTop > kernelHeight / 2 || padLeft > kernelWidth / 2) {
    throw new Error(
      `${op}: padding [${padTop}, ${padLeft}] must be at most half the kernel [${kernelHeight}, ${kernelWidth}]`,
    );
  }
  const ceil = opts.ceilMode ?? false;
  const outHeight = pooledSize(inHeight, kernelHeight, strideHeight, padTop, ceil);
  const outWidth = pooledSize(inWidth, kernelWidth, strideWidth, padLeft, ceil);
  if (outHeight < 1 || outWidth < 1) {
    throw new Error(
      `${op}: kernel ${kernelHeight}x${kernelWidth} does not fit input ${showShape(xShape)}`,
    );
  }
  return {
    batch,
    channels,
    inHeight,
    inWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    padTop,
    padLeft,
    outHeight,
    outWidth,
    countIncludePad: opts.countIncludePad ?? true,
  };
}
