// Tensor lifetimes: tidy() scopes, keep(), and a FinalizationRegistry as the safety net.
import type { Backend } from './backend.js';
import type { DataId } from './kernels.js';

/** Backend memory shared by a tensor and its reshaped views; freed when the last user lets go. */
export class Storage {
  private refs = 1;
  constructor(
    readonly backend: Backend,
    public dataId: DataId,
  ) {}
  retain(): void {
    this.refs++;
  }
  release(): void {
    if (--this.refs === 0) this.backend.dispose(this.dataId);
  }
  /** Takes over `other`'s memory (in-place updates such as optimiser steps), freeing this one's. */
  adopt(other: Storage): void {
    if (other.refs !== 1)
      throw new Error('assign: the source tensor shares its memory with a view');
    this.backend.dispose(this.dataId);
    this.dataId = other.dataId;
    other.refs = 0;
  }
}

/** What a tidy scope tracks of a tensor: enough to dispose it. */
export interface Disposable {
  readonly isDisposed: boolean;
  kept: boolean;
  /** Frees the memory; idempotent. */
  dispose(): void;
}

const scopes: Set<Disposable>[] = [];

// Tensors nobody disposed free their storage when collected. Unregistered on dispose().
const finalizer = new FinalizationRegistry<Storage>((storage) => storage.release());

/** Called for every new tensor: tracked by the innermost tidy scope and the finalizer. */
export function track(t: Disposable, storage: Storage): void {
  finalizer.register(t, storage, t);
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
}

/** Called when a tensor's memory moves to a new Storage (Module.to): the finalizer frees the new one. */
export function retrack(t: Disposable, storage: Storage): void {
  finalizer.unregister(t);
  finalizer.register(t, storage, t);
}

/** Called when a tensor is disposed by hand. */
export function untrack(t: Disposable): void {
  finalizer.unregister(t);
}

/**
 * Runs fn and disposes every tensor it created except those it returns (found in arrays and plain
 * objects of the result) and those passed to keep(). Synchronous functions only.
 * @example
 * ```ts
 * let temp = tensor([0]);
 * const y = tidy(() => {
 *   temp = tensor([1, 2]).mul(2); // freed when tidy returns
 *   return temp.sum();
 * });
 * console.log(y.item(), temp.isDisposed); // → 6 true
 * ```
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Disposable>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  if (result instanceof Promise) {
    throw new Error(
      'tidy: fn returned a Promise; tidy only tracks synchronous work (await outside tidy)',
    );
  }
  const returned = new Set<Disposable>();
  collectDisposables(result, returned);
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (returned.has(t)) {
      if (parent && !t.kept) parent.add(t);
    } else if (!t.kept && !t.isDisposed) {
      t.dispose();
    }
  }
  return result;
}

/**
 * Exempts a tensor from every tidy scope; it lives until disposed by hand. Returns it.
 * @example
 * ```ts
 * let cache = tensor([0]);
 * tidy(() => {
 *   cache = keep(tensor([1, 2]).add(1));
 * });
 * console.log(cache.isDisposed); // → false
 * cache.dispose();
 * ```
 */
export function keep<T extends Disposable>(t: T): T {
  t.kept = true;
  for (const scope of scopes) scope.delete(t);
  return t;
}

function collectDisposables(value: unknown, out: Set<Disposable>, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if ('dispose' in value && 'isDisposed' in value) {
    out.add(value as Disposable);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectDisposables(v, out, depth + 1);
  } else if (value instanceof Map) {
    for (const v of value.values()) collectDisposables(v, out, depth + 1);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectDisposables(v, out, depth + 1);
  }
}
