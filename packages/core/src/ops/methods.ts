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
    /** Computes gradients of this tensor w.r.t. the leaves that require them (see autograd.backward). */
    backward(grad?: Tensor): void;
    add(other: TensorLike): Tensor;
    sub(other: TensorLike): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike): Tensor;
    pow(exponent: TensorLike): Tensor;
    neg(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    square(): Tensor;
    relu(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    cast(dtype: 'float32' | 'int32'): Tensor;
    sum(axes?: red.Axes, keepDims?: boolean): Tensor;
    mean(axes?: red.Axes, keepDims?: boolean): Tensor;
    max(axes?: red.Axes, keepDims?: boolean): Tensor;
    min(axes?: red.Axes, keepDims?: boolean): Tensor;
    argmax(axis?: number, keepDims?: boolean): Tensor;
    argmin(axis?: number, keepDims?: boolean): Tensor;
    matmul(other: Tensor): Tensor;
    reshape(shape: readonly number[]): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    squeeze(axis?: number): Tensor;
    unsqueeze(axis: number): Tensor;
    permute(perm: readonly number[]): Tensor;
    transpose(dim0?: number, dim1?: number): Tensor;
    slice(begin: readonly number[], size?: readonly number[]): Tensor;
    clone(): Tensor;
    softmax(axis?: number): Tensor;
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
