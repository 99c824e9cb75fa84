// Chainable Tensor methods (x.add(y).relu().sum()), each a thin call to the op of the same name.
import { backward } from '../autograd.js';
import { Tensor } from '../tensor.js';
import * as arith from './arithmetic.js';
import { matmul } from './matmul.js';
import type { TensorLike } from './operand.js';
import * as red from './reduce.js';
import * as shp from './reshape.js';
import * as sel from './select.js';
import { logSoftmax, softmax } from './softmax.js';
import * as un from './unary.js';

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Computes gradients of this tensor w.r.t. the leaves that require them (autograd.backward),
     * as torch.Tensor.backward. A scalar needs no `grad`; any other shape needs one of its shape.
     * Gradients accumulate into each leaf's `grad`.
     * @example
     * ```ts
     * const w = tensor([1, 2, 3]).requiresGrad_();
     * w.mul(w).sum().backward(); // d(Σ w²)/dw = 2w
     * console.log(w.grad); // → tensor([2., 4., 6.])
     * ```
     */
    backward(grad?: Tensor): void;
    /**
     * this + other, broadcasting both shapes as PyTorch does (torch.add); a number becomes a scalar
     * of this tensor's dtype. Throws naming both shapes when they cannot be broadcast together.
     * @example
     * ```ts
     * console.log(tensor([[1, 2], [3, 4]]).add(tensor([10, 20]))); // → tensor([[11., 22.], [13., 24.]])
     * ```
     */
    add(other: TensorLike): Tensor;
    /**
     * this − other with broadcasting (torch.sub).
     * @example
     * ```ts
     * console.log(tensor([5, 7]).sub(2)); // → tensor([3., 5.])
     * ```
     */
    sub(other: TensorLike): Tensor;
    /**
     * this · other elementwise, with broadcasting (torch.mul; for the matrix product see matmul).
     * @example
     * ```ts
     * console.log(tensor([[1, 2], [3, 4]]).mul(tensor([[10], [100]]))); // → tensor([[ 10., 20.], [300., 400.]])
     * ```
     */
    mul(other: TensorLike): Tensor;
    /**
     * this / other with broadcasting; true division, so int32 operands give float32 (torch.div).
     * @example
     * ```ts
     * console.log(tensor([1, 3], [2], { dtype: 'int32' }).div(2)); // → tensor([0.5000, 1.5000])
     * ```
     */
    div(other: TensorLike): Tensor;
    /**
     * this ** exponent elementwise with broadcasting (torch.pow).
     * @example
     * ```ts
     * console.log(tensor([1, 2, 3]).pow(2)); // → tensor([1., 4., 9.])
     * ```
     */
    pow(exponent: TensorLike): Tensor;
    /** −this elementwise (torch.neg). */
    neg(): Tensor;
    /**
     * e^x elementwise (torch.exp).
     * @example
     * ```ts
     * console.log(tensor([0, 1]).exp()); // → tensor([1.0000, 2.7183])
     * ```
     */
    exp(): Tensor;
    /** Natural logarithm elementwise (torch.log); NaN below 0 and −Infinity at 0, as in PyTorch. */
    log(): Tensor;
    /** Square root elementwise (torch.sqrt); NaN below 0. */
    sqrt(): Tensor;
    /** |x| elementwise (torch.abs); the gradient at 0 is 0, as in PyTorch. */
    abs(): Tensor;
    /** x² elementwise, a cheaper pow(2) (torch.square). */
    square(): Tensor;
    /**
     * max(x, 0) elementwise (torch.relu); the gradient at 0 is 0, as in PyTorch.
     * @example
     * ```ts
     * console.log(tensor([-1, 0, 2]).relu()); // → tensor([0., 0., 2.])
     * ```
     */
    relu(): Tensor;
    /**
     * The logistic function 1 / (1 + e^−x) elementwise (torch.sigmoid).
     * @example
     * ```ts
     * console.log(tensor([0]).sigmoid()); // → tensor([0.5000])
     * ```
     */
    sigmoid(): Tensor;
    /** Hyperbolic tangent elementwise (torch.tanh). */
    tanh(): Tensor;
    /**
     * Converts to `dtype` (torch.Tensor.to(dtype)): float32 → int32 truncates towards zero.
     * @example
     * ```ts
     * console.log(tensor([1.7, -1.7]).cast('int32')); // → tensor([ 1, -1], dtype=int32)
     * ```
     */
    cast(dtype: 'float32' | 'int32'): Tensor;
    /**
     * Sum over `axes` (all by default), dropping them unless `keepDims` (torch.sum; keepDims is
     * PyTorch's keepdim). Negative axes count from the end; an axis out of range throws.
     * @example
     * ```ts
     * const x = tensor([[1, 2, 3], [4, 5, 6]]);
     * console.log(x.sum()); // → tensor(21.)
     * console.log(x.sum(1)); // → tensor([ 6., 15.])
     * console.log(x.sum(0, true).shape); // → [ 1, 3 ]
     * ```
     */
    sum(axes?: red.Axes, keepDims?: boolean): Tensor;
    /**
     * Mean over `axes` (all by default), float32 (torch.mean).
     * @example
     * ```ts
     * console.log(tensor([[1, 2], [3, 4]]).mean(0)); // → tensor([2., 3.])
     * ```
     */
    mean(axes?: red.Axes, keepDims?: boolean): Tensor;
    /**
     * Maximum over `axes` (all by default); tied maxima share the gradient (torch.amax).
     * @example
     * ```ts
     * console.log(tensor([[1, 5], [7, 2]]).max(1)); // → tensor([5., 7.])
     * ```
     */
    max(axes?: red.Axes, keepDims?: boolean): Tensor;
    /** Minimum over `axes` (all by default); tied minima share the gradient (torch.amin). */
    min(axes?: red.Axes, keepDims?: boolean): Tensor;
    /**
     * int32 index of the largest value along `axis`, or over all elements flattened when omitted;
     * the first wins ties (torch.argmax).
     * @example
     * ```ts
     * const logits = tensor([[0.1, 2, -1], [3, 0, 0]]);
     * console.log(logits.argmax(1)); // → tensor([1, 0], dtype=int32)
     * ```
     */
    argmax(axis?: number, keepDims?: boolean): Tensor;
    /** int32 index of the smallest value along `axis` (all elements when omitted); first wins ties (torch.argmin). */
    argmin(axis?: number, keepDims?: boolean): Tensor;
    /**
     * Matrix product with PyTorch's rules (torch.matmul): [N, K] @ [K, M] → [N, M], 1-D operands
     * promoted, leading batch axes broadcast. Both float32; throws naming both shapes when the
     * inner dimensions differ.
     * @example
     * ```ts
     * const a = tensor([[1, 2], [3, 4]]);
     * console.log(a.matmul(tensor([[1], [1]]))); // → tensor([[3.], [7.]])
     * ```
     */
    matmul(other: Tensor): Tensor;
    /**
     * The same values in a new shape, sharing memory (torch.reshape); one entry may be −1 to be
     * inferred. Throws when the sizes differ.
     * @example
     * ```ts
     * console.log(arange(6).reshape([2, -1]).shape); // → [ 2, 3 ]
     * ```
     */
    reshape(shape: readonly number[]): Tensor;
    /**
     * Merges axes startDim..endDim into one (torch.flatten; by default all of them).
     * @example
     * ```ts
     * console.log(zeros([8, 1, 28, 28]).flatten(1).shape); // → [ 8, 784 ]
     * ```
     */
    flatten(startDim?: number, endDim?: number): Tensor;
    /**
     * Removes size-1 axes: all of them, or only `axis` when it has size 1 (torch.squeeze).
     * @example
     * ```ts
     * console.log(zeros([1, 3, 1]).squeeze().shape); // → [ 3 ]
     * ```
     */
    squeeze(axis?: number): Tensor;
    /**
     * Inserts a size-1 axis at `axis`; −1 appends one (torch.unsqueeze).
     * @example
     * ```ts
     * console.log(zeros([3]).unsqueeze(0).shape); // → [ 1, 3 ]
     * ```
     */
    unsqueeze(axis: number): Tensor;
    /**
     * Reorders axes so that out.shape[i] = this.shape[perm[i]] (torch.permute); a copy.
     * @example
     * ```ts
     * console.log(zeros([2, 3, 4, 5]).permute([0, 2, 3, 1]).shape); // NCHW → NHWC: → [ 2, 4, 5, 3 ]
     * ```
     */
    permute(perm: readonly number[]): Tensor;
    /**
     * Swaps axes `dim0` and `dim1`, by default the last two (a matrix transpose, torch.transpose / .mT).
     * @example
     * ```ts
     * console.log(tensor([[1, 2, 3]]).transpose()); // → tensor([[1.], [2.], [3.]])
     * ```
     */
    transpose(dim0?: number, dim1?: number): Tensor;
    /**
     * The box starting at `begin` with `size` on each axis (−1 or omitted: to the end); for
     * PyTorch's x[a:b] see also index(). Throws when the box leaves the tensor.
     * @example
     * ```ts
     * const x = tensor([[1, 2, 3], [4, 5, 6]]);
     * console.log(x.slice([0, 1], [-1, 2])); // → tensor([[2., 3.], [5., 6.]])
     * ```
     */
    slice(begin: readonly number[], size?: readonly number[]): Tensor;
    /** A copy with its own memory that stays in the graph (torch.clone). */
    clone(): Tensor;
    /**
     * Probabilities along `axis` (the last by default), numerically stable (torch.softmax).
     * @example
     * ```ts
     * console.log(tensor([[0, 0], [0, Math.log(3)]]).softmax(1)); // → tensor([[0.5000, 0.5000], [0.2500, 0.7500]])
     * ```
     */
    softmax(axis?: number): Tensor;
    /** log(softmax(x)) along `axis` (the last by default), computed stably (torch.log_softmax). */
    logSoftmax(axis?: number): Tensor;
    /** Elementwise sine (radians). */
    sin(): Tensor;
    /** Elementwise cosine (radians). */
    cos(): Tensor;
    /** Elementwise Gauss error function. */
    erf(): Tensor;
    /** GELU, the exact erf form: x·Φ(x). */
    gelu(): Tensor;
    /** SiLU (swish): x·sigmoid(x). */
    silu(): Tensor;
    /** Softplus: log(1 + exp(x)), computed without overflow. */
    softplus(): Tensor;
    /** Clamps every element into [min, max]; null or undefined leaves that side open. */
    clamp(min?: number | null, max?: number | null): Tensor;
    /** PyTorch-style indexing: x.index(0, '1:5:2', '...', null) is x[0, 1:5:2, ..., None]. */
    index(...specs: readonly sel.IndexSpec[]): Tensor;
    /** A copy with `value` wherever the broadcast `mask` is non-zero. */
    maskedFill(mask: Tensor, value: number): Tensor;
    /** out[i][j] = x[index[i][j]][j] along `dim` (torch.gather); `index` is int32. */
    gather(dim: number, index: Tensor): Tensor;
    /** The slices at the int32 positions `index` along `dim` (torch.index_select). */
    indexSelect(dim: number, index: Tensor): Tensor;
    /** log(sum(exp(x))) over `axes`, finite for large inputs. */
    logSumExp(axes?: red.Axes, keepDims?: boolean): Tensor;
    /** Variance over `axes`, unbiased (n − 1) by default as in PyTorch. */
    var(axes?: red.Axes, unbiased?: boolean, keepDims?: boolean): Tensor;
    /** Standard deviation over `axes`, unbiased (n − 1) by default as in PyTorch. */
    std(axes?: red.Axes, unbiased?: boolean, keepDims?: boolean): Tensor;
    /** Running sum along `dim`. */
    cumsum(dim: number): Tensor;
    /** Sorted values and their int32 positions along a dimension (the last by default). */
    sort(opts?: sel.SortOptions): [Tensor, Tensor];
    /** The `k` largest (or smallest) values and their int32 positions along a dimension. */
    topk(k: number, opts?: sel.TopkOptions): [Tensor, Tensor];
  }
}

const methods: ThisType<Tensor> & Partial<Tensor> = {
  backward(grad) {
    backward(this, grad);
  },
  add(o) {
    return arith.add(this, o);
  },
  sub(o) {
    return arith.sub(this, o);
  },
  mul(o) {
    return arith.mul(this, o);
  },
  div(o) {
    return arith.div(this, o);
  },
  pow(o) {
    return arith.pow(this, o);
  },
  neg() {
    return un.neg(this);
  },
  exp() {
    return un.exp(this);
  },
  log() {
    return un.log(this);
  },
  sqrt() {
    return un.sqrt(this);
  },
  abs() {
    return un.abs(this);
  },
  square() {
    return un.square(this);
  },
  relu() {
    return un.relu(this);
  },
  sigmoid() {
    return un.sigmoid(this);
  },
  tanh() {
    return un.tanh(this);
  },
  cast(dtype) {
    return un.cast(this, dtype);
  },
  sum(axes, keepDims) {
    return red.sum(this, axes, keepDims);
  },
  mean(axes, keepDims) {
    return red.mean(this, axes, keepDims);
  },
  max(axes, keepDims) {
    return red.max(this, axes, keepDims);
  },
  min(axes, keepDims) {
    return red.min(this, axes, keepDims);
  },
  argmax(axis, keepDims) {
    return red.argmax(this, axis, keepDims);
  },
  argmin(axis, keepDims) {
    return red.argmin(this, axis, keepDims);
  },
  matmul(o) {
    return matmul(this, o);
  },
  reshape(shape) {
    return shp.reshape(this, shape);
  },
  flatten(s, e) {
    return shp.flatten(this, s, e);
  },
  squeeze(a) {
    return shp.squeeze(this, a);
  },
  unsqueeze(a) {
    return shp.unsqueeze(this, a);
  },
  permute(p) {
    return shp.permute(this, p);
  },
  transpose(a, b) {
    return shp.transpose(this, a, b);
  },
  slice(b, s) {
    return shp.slice(this, b, s);
  },
  clone() {
    return shp.clone(this);
  },
  softmax(a) {
    return softmax(this, a);
  },
  logSoftmax(a) {
    return logSoftmax(this, a);
  },
  sin() {
    return un.sin(this);
  },
  cos() {
    return un.cos(this);
  },
  erf() {
    return un.erf(this);
  },
  gelu() {
    return un.gelu(this);
  },
  silu() {
    return un.silu(this);
  },
  softplus() {
    return un.softplus(this);
  },
  clamp(lo, hi) {
    return un.clamp(this, lo, hi);
  },
  index(...specs) {
    return sel.index(this, ...specs);
  },
  maskedFill(mask, value) {
    return sel.maskedFill(this, mask, value);
  },
  gather(dim, index) {
    return sel.gather(this, dim, index);
  },
  indexSelect(dim, index) {
    return sel.indexSelect(this, dim, index);
  },
  logSumExp(axes, keepDims) {
    return red.logSumExp(this, axes, keepDims);
  },
  var(axes, unbiased, keepDims) {
    return red.variance(this, axes, unbiased, keepDims);
  },
  std(axes, unbiased, keepDims) {
    return red.std(this, axes, unbiased, keepDims);
  },
  cumsum(dim) {
    return sel.cumsum(this, dim);
  },
  sort(opts) {
    return sel.sort(this, opts);
  },
  topk(k, opts) {
    return sel.topk(this, k, opts);
  },
};

Object.assign(Tensor.prototype, methods);
