// Kernel coverage, measured for real: while a suite test runs, the backend's kernel table is
// replaced by wrappers that record each kernel called, so the meta-test can name the unexercised.
import type { Backend } from '../backend.js';
import { KERNEL_NAMES, type KernelName } from '../kernels.js';

/** Every kernel name, required and optional. */
export const ALL_KERNELS: readonly KernelName[] = [
  ...KERNEL_NAMES.required,
  ...KERNEL_NAMES.optional,
];

/** Counts the kernels a backend runs while installed. */
export class KernelRecorder {
  private readonly calls = new Map<KernelName, number>();

  /** Times `name` ran so far. */
  count(name: KernelName): number {
    return this.calls.get(name) ?? 0;
  }

  /** Kernel names that ran at least once. */
  called(): Set<KernelName> {
    return new Set(this.calls.keys());
  }

  /**
   * Shadows backend.kernels with recording wrappers of the kernels it has (absent optional
   * kernels stay absent, so ops still fall back to their compositions). Returns the undo.
   */
  install(backend: Backend): () => void {
    const original = backend.kernels;
    const table = original as unknown as Record<string, unknown>;
    const wrapped: Record<string, unknown> = {};
    for (const name of ALL_KERNELS) {
      const fn = table[name];
      if (typeof fn !== 'function') continue;
      wrapped[name] = (...args: unknown[]) => {
        this.calls.set(name, this.count(name) + 1);
        return fn.apply(original, args);
      };
    }
    const own = Object.getOwnPropertyDescriptor(backend, 'kernels');
    try {
      Object.defineProperty(backend, 'kernels', {
        value: wrapped,
        configurable: true,
        writable: true,
      });
    } catch (err) {
      throw new Error(
        `conformance: cannot wrap the kernels of backend '${backend.name}' to measure coverage ` +
          `(its 'kernels' property is not configurable): ${String(err)}`,
      );
    }
    return () => {
      if (own) Object.defineProperty(backend, 'kernels', own);
      else delete (backend as { kernels?: unknown }).kernels;
    };
  }
}

/** The kernels a backend must have exercised: every required one, and the optional ones it has. */
export function expectedKernels(backend: Backend): KernelName[] {
  const table = backend.kernels as unknown as Record<string, unknown>;
  const optional = KERNEL_NAMES.optional.filter((name) => typeof table[name] === 'function');
  return [...KERNEL_NAMES.required, ...optional];
}
