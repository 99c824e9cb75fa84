// Kernel coverage, measured for real: while a suite test runs, the engine's dispatch hook records
// each kernel the backend runs, so the meta-test can name the unexercised.
import type { Backend } from '../backend.js';
import { addDispatchHook } from '../engine.js';
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

  /** Records the kernels `backend` runs, through the engine's dispatch hook. Returns the undo. */
  install(backend: Backend): () => void {
    return addDispatchHook({
      before: (call) => {
        if (call.backend === backend) this.calls.set(call.name, this.count(call.name) + 1);
      },
    });
  }
}

/** The kernels a backend must have exercised: every required one, and the optional ones it has. */
export function expectedKernels(backend: Backend): KernelName[] {
  const table = backend.kernels as unknown as Record<string, unknown>;
  const optional = KERNEL_NAMES.optional.filter((name) => typeof table[name] === 'function');
  return [...KERNEL_NAMES.required, ...optional];
}
