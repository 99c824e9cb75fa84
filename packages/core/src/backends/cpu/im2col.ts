// Lowering convolutions to matrix products: image patches <-> columns.
import type { Conv2DInfo } from '../../kernels.js';

let scratch = new Float32Array(0);

/** A reusable float buffer of at least `size` elements (kernels run one at a time). */
export function scratchBuffer(size: number): Float32Array {
  if (scratch.length < size) scratch = new Float32Array(size);
  return scratch;
}

/**
 * Copies the patches of one image x[xOff..] ([C, H, W]) into cols [C·KH·KW, OH·OW]:
 * cols[(c·KH + kh)·KW + kw, oh·OW + ow] = x[c, oh·sh − padTop + kh·dh, ow·sw − padLeft + kw·dw] (0 outside).
 */
export function im2col(x: Float32Array, xOff: number, c: Conv2DInfo, cols: Float32Array): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = c;
  const ohw = OH * OW;
  let row = 0;
  for (let ch = 0; ch < c.inChannels; ch++) {
    const plane = xOff + ch * H * W;
    for (let kh = 0; kh < c.kernelHeight; kh++) {
      for (let kw = 0; kw < c.kernelWidth; kw++, row++) {
        const iw0 = kw * c.dilationWidth - c.padLeft;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * c.strideHeight - c.padTop + kh * c.dilationHeight;
          const d = row * ohw + oh * OW;
          if (ih < 0 || ih >= H) {
            cols.fill(0, d, d + OW);
            continue;
          }
          const src = plane + ih * W;
          for (let ow = 0; ow < OW; ow++) {
            const iw = iw0 + ow * c.strideWidth;
            cols[d + ow] = iw >= 0 && iw < W ? x[src + iw] : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each column entry back onto the pixel it came from in dx[dxOff..]. */
export function col2im(cols: Float32Array, c: Conv2DInfo, dx: Float32Array, dxOff: number): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = c;
  const ohw = OH * OW;
  let row = 0;
  for (let ch = 0; ch < c.inChannels; ch++) {
    const plane = dxOff + ch * H * W;
    for (let kh = 0; kh < c.kernelHeight; kh++) {
      for (let kw = 0; kw < c.kernelWidth; kw++, row++) {
        const iw0 = kw * c.dilationWidth - c.padLeft;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * c.strideHeight - c.padTop + kh * c.dilationHeight;
          if (ih < 0 || ih >= H) continue;
          const d = row * ohw + oh * OW;
          const dst = plane + ih * W;
          for (let ow = 0; ow < OW; ow++) {
            const iw = iw0 + ow * c.strideWidth;
            if (iw >= 0 && iw < W) dx[dst + iw] += cols[d + ow];
          }
        }
      }
    }
  }
}

/** True when a convolution reads each pixel once in place (1×1, stride 1, no padding): cols = x. */
export function isPointwise(c: Conv2DInfo): boolean {
  return (
    c.kernelHeight === 1 &&
    c.kernelWidth === 1 &&
    c.strideHeight === 1 &&
    c.strideWidth === 1 &&
    c.padTop === 0 &&
    c.padLeft === 0
  );
}
