// The one typed list of kernels a backend implements: names, inputs, attributes, outputs.
// Shapes are computed in core (shape/) and handed to kernels in their attributes; kernels only crunch.

/** Element types a tensor can hold: float32 for values, int32 for labels and indices. */
export type DType = 'float32' | 'int32';

/** An opaque handle to memory owned by a backend. */
export type DataId = object;

/** What a kernel sees of a tensor: its memory handle, shape and dtype. */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Elementwise one-input functions. `leakyRelu` reads `alpha` from the attributes. */
export type UnaryOp =
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'sign'
  | 'relu'
  | 'step'
  | 'leakyRelu'
  | 'sigmoid'
  | 'tanh'
  | 'square'
  | 'reciprocal'
  | 'sin'
  | 'cos'
  | 'erf';

/** Elementwise two-input functions with broadcasting. Comparisons give 1 or 0 (float32). */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'equal'
  | 'greater'
  | 'greaterEqual';

/** Reductions. `argmax`/`argmin` give int32 indices into the reduced axis. */
export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

/** Geometry of a 2-D convolution, computed once by shape/conv.ts. */
export interface Conv2DInfo {
  readonly batch: number;
  readonly inChannels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly outChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/** Geometry of a 2-D pooling window, computed once by shape/conv.ts. */
export interface Pool2DInfo {
  readonly batch: number;
  readonly channels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly outHeight: number;
  readonly outWidth: number;
  /** Average pooling divides by the full window, padding included (PyTorch's count_include_pad). */
  readonly countIncludePad: boolean;
}

/** Every kernel: its inputs, attributes and output. */
export interface KernelSpecs {
  /** Fills a new tensor of `shape` with `value`. */
  Fill: {
    inputs: Record<string, never>;
    attrs: { shape: readonly number[]; value: number; dtype: DType };
    output: TensorInfo;
  };
  /** x -> op(x), same shape. */
  Unary: { inputs: { x: TensorInfo }; attrs: { op: UnaryOp; alpha: number }; output: TensorInfo };
  /** a, b broadcast to `outShape` -> op(a, b). Inputs share a dtype; comparisons output float32. */
  Binary: {
    inputs: { a: TensorInfo; b: TensorInfo };
    attrs: { op: BinaryOp; outShape: readonly number[] };
    output: TensorInfo;
  };
  /** Converts between float32 and int32 (truncating towards zero). */
  Cast: { inputs: { x: TensorInfo }; attrs: { dtype: DType }; output: TensorInfo };
  /** x viewed as [outer, reduce, inner] -> [outer, inner] (`outShape` gives the tensor's shape). */
  Reduce: {
    inputs: { x: TensorInfo };
    attrs: {
      op: ReduceOp;
      outer: number;
      reduce: number;
      inner: number;
      outShape: readonly number[];
    };
    output: TensorInfo;
  };
  /** Permutes axes: out.shape[i] = x.shape[perm[i]]. */
  /** outShape[i] = x.shape[perm[i]], computed by core (shape/shape.ts's permutedShape). */
  Transpose: {
    inputs: { x: TensorInfo };
    attrs: { perm: readonly number[]; outShape: readonly number[] };
    output: TensorInfo;
  };
  /** A box of x: begin[i] .. begin[i] + size[i] on each axis. */
  Slice: {
    inputs: { x: TensorInfo };
    attrs: { begin: readonly number[]; size: readonly number[] };
    output: TensorInfo;
  };
  /** Constant padding: paddings[i] = [before, after] on axis i. */
  Pad: {
    inputs: { x: TensorInfo };
    /** outShape computed by core (shape/shape.ts's paddedShape). */
    attrs: {
      paddings: readonly (readonly [number, number])[];
      value: number;
      outShape: readonly number[];
    };
    output: TensorInfo;
  };
  /** Joins tensors along `axis`; all other axes agree. */
  Concat: {
    inputs: { xs: readonly TensorInfo[] };
    attrs: { axis: number; outShape: readonly number[] };
    output: TensorInfo;
  };
  /** a: [Ba, M, K] (or [Ba, K, M] transposed), b: [Bb, K, N] (or [Bb, N, K]) -> [max(Ba, Bb), M, N]; Ba, Bb equal or 1. */
  MatMul: {
    inputs: { a: TensorInfo; b: TensorInfo };
    attrs: { transposeA: boolean; transposeB: boolean };
    output: TensorInfo;
  };
  /** x: [N, C, H, W], w: [O, C, KH, KW], bias: [O] -> [N, O, OH, OW]. */
  Conv2D: {
    inputs: { x: TensorInfo; w: TensorInfo; bias?: TensorInfo };
    attrs: { conv: Conv2DInfo };
    output: TensorInfo;
  };
  /** dy: [N, O, OH, OW], w: [O, C, KH, KW] -> dx: [N, C, H, W]. */
  Conv2DBackpropInput: {
    inputs: { dy: TensorInfo; w: TensorInfo };
    attrs: { conv: Conv2DInfo };
    output: TensorInfo;
  };
  /** x: [N, C, H, W], dy: [N, O, OH, OW] -> dw: [O, C, KH, KW]. */
  Conv2DBackpropFilter: {
    inputs: { x: TensorInfo; dy: TensorInfo };
    attrs: { conv: Conv2DInfo };
    output: TensorInfo;
  };
  /** x: [N, C, H, W] -> [y: [N, C, OH, OW], indices: int32 [N, C, OH, OW] flat into H*W]. Padding never wins. */
  MaxPool2D: {
    inputs: { x: TensorInfo };
    attrs: { pool: Pool2DInfo };
    output: [TensorInfo, TensorInfo];
  };
  /** dy, indices: [N, C, OH, OW] -> dx: [N, C, H, W], each dy added at its argmax. */
  MaxPool2DBackprop: {
    inputs: { dy: TensorInfo; indices: TensorInfo };
    attrs: { pool: Pool2DInfo };
    output: TensorInfo;
  };
  /** x: [N, C, H, W] -> [N, C, OH, OW]. */
  AvgPool2D: { inputs: { x: TensorInfo }; attrs: { pool: Pool2DInfo }; output: TensorInfo };
  /** dy: [N, C, OH, OW] -> dx: [N, C, H, W]. */
  AvgPool2DBackprop: {
    inputs: { dy: TensorInfo };
    attrs: { pool: Pool2DInfo };
    output: TensorInfo;
  };
  /** condition, a, b: all of one shape -> a where condition is non-zero, else b (a's dtype). */
  Where: {
    inputs: { condition: TensorInfo; a: TensorInfo; b: TensorInfo };
    attrs: Record<string, never>;
    output: TensorInfo;
  };
  /** int32 indices [...S] -> float32 [...S, depth] with 1 at each index, 0 elsewhere. */
  OneHot: { inputs: { indices: TensorInfo }; attrs: { depth: number }; output: TensorInfo };

  // Optional fused kernels: used when a backend has them, composed from the ones above otherwise.

  /** logits: [N, K], labels: int32 [N] -> [losses: [N], probabilities: [N, K]] (smoothed targets). */
  SoftmaxCrossEntropy: {
    inputs: { logits: TensorInfo; labels: TensorInfo };
    attrs: { labelSmoothing: number };
    output: [TensorInfo, TensorInfo];
  };
  /**
   * Training-mode batch norm over axis 1: x: [N, C, ...], weight/bias: [C] ->
   * [y: like x, mean: [C], variance: [C] (biased, the one y is normalised with)].
   */
  BatchNormTrain: {
    inputs: { x: TensorInfo; weight?: TensorInfo; bias?: TensorInfo };
    attrs: { eps: number };
    output: [TensorInfo, TensorInfo, TensorInfo];
  };
  /** BatchNormTrain's gradient: dy, x: [N, C, ...], mean/variance/weight: [C] -> [dx, dweight: [C], dbias: [C]]. */
  BatchNormTrainGrad: {
    inputs: {
      dy: TensorInfo;
      x: TensorInfo;
      mean: TensorInfo;
      variance: TensorInfo;
      weight?: TensorInfo;
    };
    attrs: { eps: number };
    output: [TensorInfo, TensorInfo, TensorInfo];
  };
  /** One Adam step (PyTorch's torch.optim.Adam/AdamW) -> [param, m, v], all the shape of param. */
  AdamUpdate: {
    inputs: { param: TensorInfo; grad: TensorInfo; m: TensorInfo; v: TensorInfo };
    attrs: AdamAttrs;
    output: [TensorInfo, TensorInfo, TensorInfo];
  };
}

/** Hyper-parameters of one Adam step; `step` counts from 1. `decoupled` selects AdamW's decay. */
export interface AdamAttrs {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;
  readonly step: number;
}

/** Kernels every backend must provide (forward and backward of every differentiable primitive). */
export type RequiredKernelName = Exclude<keyof KernelSpecs, OptionalKernelName>;
/** Fused kernels a backend may provide; core composes them from required kernels otherwise. */
export type OptionalKernelName =
  | 'SoftmaxCrossEntropy'
  | 'AdamUpdate'
  | 'BatchNormTrain'
  | 'BatchNormTrainGrad';
/** Every kernel's name, required and optional. */
export type KernelName = keyof KernelSpecs;

/** The runtime list of kernel names, so tests can check every kernel has a reference and a case. */
export const KERNEL_NAMES = {
  required: [
    'Fill',
    'Unary',
    'Binary',
    'Cast',
    'Reduce',
    'Transpose',
    'Slice',
    'Pad',
    'Concat',
    'MatMul',
    'Conv2D',
    'Conv2DBackpropInput',
    'Conv2DBackpropFilter',
    'MaxPool2D',
    'MaxPool2DBackprop',
    'AvgPool2D',
    'AvgPool2DBackprop',
    'OneHot',
    'Where',
  ],
  optional: ['SoftmaxCrossEntropy', 'AdamUpdate', 'BatchNormTrain', 'BatchNormTrainGrad'],
} as const satisfies {
  required: readonly RequiredKernelName[];
  optional: readonly OptionalKernelName[];
};

/**
 * A kernel implementation for backend type B. Declared as a method so that a CpuBackend table is
 * still a Backend's table (runKernel only ever passes a kernel its own backend).
 */
export type KernelFn<B, K extends KernelName> = {
  /** Computes the kernel's output(s) on `backend` from its inputs and attributes. */
  kernel(
    backend: B,
    inputs: KernelSpecs[K]['inputs'],
    attrs: KernelSpecs[K]['attrs'],
  ): KernelSpecs[K]['output'];
}['kernel'];

/** A backend's kernel table: every required kernel present, fused ones optional. */
export type KernelTable<B> = { [K in RequiredKernelName]: KernelFn<B, K> } & {
  [K in OptionalKernelName]?: KernelFn<B, K>;
};

/** Kernel names missing from KERNEL_NAMES' lists: `never` when the lists are complete. */
export type UnlistedKernelName = Exclude<
  KernelName,
  (typeof KERNEL_NAMES)['required' | 'optional'][number]
>;
/** Compile-time proof that KERNEL_NAMES lists every kernel: a missing name makes this `never`. */
export const kernelListIsComplete: [UnlistedKernelName] extends [never] ? true : never = true;
