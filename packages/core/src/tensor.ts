// Tensor: a shape and dtype over backend memory, with the autograd fields PyTorch users expect.

import type { GradNode } from './autograd.js';
import { type Backend, findBackend, getBackend, type TypedArray } from './backend.js';
import { type FormatOptions, formatValues } from './format.js';
import type { DataId, DType, TensorInfo } from './kernels.js';
import { retrack, Storage, track, untrack } from './memory.js';
import { showShape, sizeOf } from './shape/shape.js';

let nextId = 0;

/** Nested number arrays, as returned by toArray(). */
export type NestedArray = number | NestedArray[];

/** A dense, row-major tensor of float32 or int32 held by a backend. */
export class Tensor implements TensorInfo {
  /** Unique id, for debugging and graph bookkeeping. */
  readonly id = nextId++;
  /** Size of each axis, outermost first (torch.Tensor.shape); [] for a scalar. Frozen. */
  readonly shape: readonly number[];
  /** 'float32' or 'int32' (PyTorch's float32 and, for integers and labels, int64). */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Gradient accumulated by backward() (leaf tensors only, as in PyTorch). */
  grad: Tensor | null = null;
  /** The graph node that created this tensor; null for leaves. */
  gradFn: GradNode | null = null;
  /** Exempt from tidy() (see keep()). */
  kept = false;
  private _requiresGrad = false;
  private _disposed = false;
  /** @internal */ readonly storage: Storage;

  /** @internal Use tensor(), zeros() … to create tensors. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType) {
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
    track(this, storage);
  }

  /** @internal Wraps a kernel's output. */
  static fromInfo(info: TensorInfo, backend: Backend): Tensor {
    return new Tensor(new Storage(backend, info.dataId), info.shape, info.dtype);
  }

  /** @internal Copies values onto a backend. */
  static fromValues(
    values: TypedArray,
    shape: readonly number[],
    dtype: DType,
    backend = getBackend(),
  ): Tensor {
    return new Tensor(new Storage(backend, backend.write(values, dtype)), shape, dtype);
  }

  /** @internal A tensor sharing this one's memory with another shape (same size). */
  viewAs(shape: readonly number[]): Tensor {
    this.assertAlive('reshape');
    this.storage.retain();
    return new Tensor(this.storage, shape, this.dtype);
  }

  /** The backend's handle to this tensor's memory (for backend and kernel authors). Throws once disposed. */
  get dataId(): DataId {
    this.assertAlive('read');
    return this.storage.dataId;
  }

  /** The backend that holds this tensor's memory (see to() to move it). */
  get backend(): Backend {
    return this.storage.backend;
  }

  /** Number of axes, shape.length (torch.Tensor.dim()). */
  get rank(): number {
    return this.shape.length;
  }

  /** True once dispose() (or tidy()) has freed this tensor's memory. */
  get isDisposed(): boolean {
    return this._disposed;
  }

  /** True for tensors not produced by a recorded op (parameters, inputs). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Whether gradients flow to this tensor. Only float32 tensors can require gradients. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  /**
   * Turns gradient tracking on or off. Throws for a non-float32 tensor, and when turning it off on
   * a non-leaf (use detach()).
   */
  set requiresGrad(value: boolean) {
    if (value && this.dtype !== 'float32') {
      throw new Error(
        `requiresGrad: only float32 tensors can require gradients, this one is ${this.dtype}`,
      );
    }
    if (!value && !this.isLeaf) {
      throw new Error('requiresGrad: cannot turn off gradients of a non-leaf tensor; use detach()');
    }
    this._requiresGrad = value;
  }

  /** Sets requiresGrad and returns this tensor, like PyTorch's requires_grad_(). */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** Values as a flat typed array (a copy). */
  dataSync(): TypedArray {
    this.assertAlive('dataSync');
    return this.backend.readSync(this.storage.dataId);
  }

  /** Values as a flat typed array (a copy), without blocking where the backend can. */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    return this.backend.read(this.storage.dataId);
  }

  /**
   * Values as nested arrays following the shape (a number for a scalar), as torch.Tensor.tolist.
   * @example
   * ```ts
   * console.log(tensor([1, 2, 3, 4]).reshape([2, 2]).toArray()); // → [ [ 1, 2 ], [ 3, 4 ] ]
   * ```
   */
  toArray(): NestedArray {
    const values = this.dataSync();
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.rank) return values[offset];
      const stride = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis] }, (_, i) =>
        build(axis + 1, offset + i * stride),
      );
    };
    return build(0, 0);
  }

  /**
   * The value of a one-element tensor (torch.Tensor.item); throws naming the shape otherwise.
   * @example
   * ```ts
   * console.log(tensor([[1, 2], [3, 4]]).sum().item()); // → 10
   * ```
   */
  item(): number {
    if (this.size !== 1) {
      throw new Error(
        `item: only one-element tensors have an item, this one has shape ${showShape(this.shape)}`,
      );
    }
    return this.dataSync()[0];
  }

  /**
   * The same values, cut off from the graph (shares memory), as torch.Tensor.detach.
   * @example
   * ```ts
   * const w = tensor([1, 2]).requiresGrad_();
   * const y = w.mul(2);
   * console.log(y.gradFn !== null, y.detach().gradFn, y.detach().requiresGrad); // → true null false
   * ```
   */
  detach(): Tensor {
    return this.viewAs(this.shape);
  }

  /** A copy of this tensor on another backend, by name or instance (the same tensor when already there). */
  to(backend: string | Backend): Tensor {
    const target = typeof backend === 'string' ? findBackend(backend) : backend;
    if (target === this.backend) return this;
    return Tensor.fromValues(this.dataSync(), this.shape, this.dtype, target);
  }

  /**
   * @internal Moves this tensor's values to another backend in place, keeping the object (what
   * Module.to does to parameters and buffers, so references to them stay valid).
   */
  moveTo(target: Backend): void {
    this.assertAlive('to');
    if (target === this.backend) return;
    const fresh = new Storage(target, target.write(this.dataSync(), this.dtype));
    this.storage.release();
    (this as { storage: Storage }).storage = fresh;
    retrack(this, fresh);
  }

  /** Frees the memory now. Using the tensor afterwards throws. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    untrack(this);
    this.storage.release();
    // The graph node stays reachable from its consumers' nodes (so disposing an intermediate does
    // not cut the graph); this tensor lets go of it, which frees it once nobody refers to it.
    this.gradFn?.release();
  }

  /** @internal Replaces this tensor's values in place with `source`'s (same shape), consuming it. */
  assignFrom(source: Tensor): void {
    this.assertAlive('assign');
    if (source.dtype !== this.dtype || source.size !== this.size) {
      throw new Error(
        `assign: expected a ${this.dtype} tensor of shape ${showShape(this.shape)}, got ${source.dtype} ${showShape(source.shape)}`,
      );
    }
    if (source.backend !== this.backend) throw new Error('assign: source lives on another backend');
    this.storage.adopt(source.storage);
    source._disposed = true;
    untrack(source);
  }

  /** @internal */
  assertAlive(op: string): void {
    if (this._disposed) {
      throw new Error(
        `${op}: tensor ${this.id} of shape ${showShape(this.shape)} was disposed and cannot be used`,
      );
    }
  }

  /**
   * The tensor as PyTorch prints it, e.g. `tensor([[ 1.0000, -0.5000], …], requiresGrad=true)`;
   * tensors above 1000 elements are summarised with `...`. Reads the values back.
   */
  format(opts: FormatOptions = {}): string {
    if (this._disposed) return `tensor(<disposed>, shape=${showShape(this.shape)})`;
    const body = formatValues(this.shape, this.dataSync(), this.dtype === 'int32', opts, 7);
    const extras: string[] = [];
    if (this.size > (opts.threshold ?? 1000)) extras.push(`shape=${showShape(this.shape)}`);
    if (this.backend.name !== 'cpu') extras.push(`backend='${this.backend.name}'`);
    if (this.dtype !== 'float32') extras.push(`dtype=${this.dtype}`);
    if (this.gradFn) extras.push(`gradFn=<${this.gradFn.op}>`);
    else if (this.requiresGrad) extras.push('requiresGrad=true');
    return `tensor(${[body, ...extras].join(', ')})`;
  }

  /** What console.log and util.inspect show in Node: format(). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.format();
  }

  toString(): string {
    if (this._disposed) return `Tensor(disposed, shape=${showShape(this.shape)})`;
    const body = this.size <= 100 ? JSON.stringify(this.toArray()) : `<${this.size} values>`;
    return `Tensor(${body}, shape=${showShape(this.shape)}, dtype=${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}
