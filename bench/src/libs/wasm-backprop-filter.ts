// tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter kernel, so it cannot train a conv net as
// shipped. This one is composed from the backend's own Transpose and Conv2D kernels (stride 1,
// dilation 1, symmetric padding, NHWC — what the seed CNN needs):
//   dW[kh,kw,c,o] = Σ_{n,i,j} x[n, i+kh-p, j+kw-p, c] · dy[n, i, j, o]
// is a convolution of x viewed as [C, H, W, N] (batch C, channels N) with dy viewed as a filter
// [OH, OW, N, O], padded by p, giving [C, KH, KW, O], transposed to tfjs's filter layout [KH, KW, C, O].
import {
  backend_util,
  type Conv2DBackpropFilterAttrs,
  getKernel,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  registerKernel,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

function kernelOf(name: string, backendName: string): KernelFunc {
  const k = getKernel(name, backendName);
  if (!k) throw new Error(`backend '${backendName}' has no ${name} kernel to compose with`);
  return k.kernelFunc;
}

/** Builds the composed Conv2DBackpropFilter for a backend that has Conv2D and Transpose. */
export function composedBackpropFilter(backendName: string): KernelFunc {
  const transpose = kernelOf('Transpose', backendName);
  const conv2d = kernelOf('Conv2D', backendName);
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as Conv2DBackpropFilterAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(dataFormat),
    );
    const { top, bottom, left, right } = info.padInfo;
    if (
      dataFormat !== 'NHWC' ||
      info.strideHeight !== 1 ||
      info.strideWidth !== 1 ||
      top !== bottom ||
      left !== right
    ) {
      throw new Error(
        `Conv2DBackpropFilter (composed, backend '${backendName}'): supports NHWC, stride 1 and ` +
          `symmetric padding only; got ${dataFormat}, strides ${JSON.stringify(strides)}, ` +
          `padding ${JSON.stringify(info.padInfo)} for x [${x.shape}] and filter [${filterShape}]`,
      );
    }
    const b = backend as KernelBackend;
    const run = (k: KernelFunc, ins: Record<string, TensorInfo>, at: NamedAttrMap) =>
      k({ inputs: ins, backend, attrs: at }) as TensorInfo;
    const xT = run(transpose, { x }, { perm: [3, 1, 2, 0] });
    const dyT = run(transpose, { x: dy }, { perm: [1, 2, 0, 3] });
    const padding = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    const conv = run(
      conv2d,
      { x: xT, filter: dyT },
      { strides: [1, 1], pad: padding, dataFormat: 'NHWC', dilations: [1, 1] },
    );
    const dw = run(transpose, { x: conv }, { perm: [1, 2, 0, 3] });
    for (const t of [xT, dyT, conv]) b.disposeData(t.dataId);
    return dw;
  };
}

/** Registers the composed kernel unless the backend already has one; true when it registered. */
export function registerComposedBackpropFilter(backendName: string): boolean {
  if (getKernel('Conv2DBackpropFilter', backendName)) return false;
  registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: composedBackpropFilter(backendName),
  });
  return true;
}
