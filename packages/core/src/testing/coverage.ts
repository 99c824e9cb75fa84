// Kernel coverage, measured for real: while a suite test runs, the engine's dispatch hook records
// each kernel the backend runs — and, for the kernels that switch on an `op` attribute (Unary,
// Binary, Reduce), each variant — so the meta-test can name the unexercised.
import type { Backend } from '../backend.js';
import { addDispatchHook } from '../engine.js';
import {
  type BinaryOp,
  KERNEL_NAMES,
  type KernelName,
  type ReduceOp,
  type UnaryOp,
} from '../kernels.js';

/** Every kernel name, required and optional. */
export const ALL_KERNELS: readonly KernelName[] = [
  ...KERNEL_NAMES.required,
  ...KERNEL_NAMES.optional,
];

// Every variant of the kernels that switch on `op`; a Record, so a new variant in kernels.ts does
// not compile until it is listed here — and then fails the coverage test until a case runs it.
const UNARY_OPS: Record<UnaryOp, true> = {
  neg: true,
  exp: true,
  log: true,
  sqrt: true,
  abs: true,
  sign: true,
  relu: true,
  step: true,
  leakyRelu: true,
  sigmoid: true,
  tanh: true,
  square: true,
  reciprocal: true,
  sin: true,
  cos: true,
  erf: true,
};
const BINARY_OPS: Record<BinaryOp, true> = {
  add: true,
  sub: true,
  mul: true,
  div: true,
  pow: true,
  maximum: true,
  minimum: true,
  equal: true,
  greater: true,
  greaterEqual: true,
};
const REDUCE_OPS: Record<ReduceOp, true> = {
  sum: true,
  max: true,
  min: true,
  argmax: true,
  argmin: true,
};

/** Kernel variants by kernel: 'Unary:exp', 'Binary:pow', 'Reduce:argmin', … */
export const KERNEL_VARIANTS: Readonly<Partial<Record<KernelName, readonly string[]>>> = {
  Unary: Object.keys(UNARY_OPS).map((op) => `Unary:${op}`),
  Binary: Object.keys(BINARY_OPS).map((op) => `Binary:${op}`),
  Reduce: Object.keys(REDUCE_OPS).map((op) => `Reduce:${op}`),
};

/** The name of a call's variant ('Unary:exp'), or its kernel's name when it has none. */
function variantOf(name: KernelName, attrs: unknown): string {
  const op = (attrs as { op?: unknown } | null)?.op;
  return KERNEL_VARIANTS[name] && typeof op === 'string' ? `${name}:${op}` : name;
}

/** Counts the kernels (and kernel variants) a backend runs while installed. */
export class KernelRecorder {
  private readonly calls = new Map<string, number>();

  /** Times kernel or variant `name` ran so far. */
  count(name: string): number {
    return this.calls.get(name) ?? 0;
  }

  /** Kernel and variant names that ran at least once. */
  called(): Set<string> {
    return new Set(this.calls.keys());
  }

  /** Records one call of kernel `name` with `attrs`. */
  note(name: KernelName, attrs: unknown): void {
    this.calls.set(name, this.count(name) + 1);
    const variant = variantOf(name, attrs);
    if (variant !== name) this.calls.set(variant, this.count(variant) + 1);
  }

  /** Records the kernels `backend` runs, through the engine's dispatch hook. Returns the undo. */
  install(backend: Backend): () => void {
    return addDispatchHook({
      before: (call) => {
        if (call.backend === backend) this.note(call.name, call.attrs);
      },
    });
  }
}

/**
 * What a backend must have exercised: every required kernel and the optional ones it has, and
 * every variant of those that have variants.
 */
export function expectedKernels(backend: Backend): string[] {
  const table = backend.kernels as unknown as Record<string, unknown>;
  const optional = KERNEL_NAMES.optional.filter((name) => typeof table[name] === 'function');
  return [...KERNEL_NAMES.required, ...optional].flatMap((k) => [k, ...(KERNEL_VARIANTS[k] ?? [])]);
}

/** The expected kernels and variants not in `called`. */
export function uncovered(backend: Backend, called: ReadonlySet<string>): string[] {
  return expectedKernels(backend).filter((k) => !called.has(k));
}
