// @digitnet/gpu: a Backend built on gpu.js kernels. Importing it registers the backend as 'gpu'
// (mode 'auto', or the one the DIGITNET_GPU_MODE environment variable names).
import { registerBackend } from '@digitnet/core';
import { GpuBackend, type GpuLogger } from './gpu-backend.js';
import { GPU_MODES, type GpuMode, type GpuModeOption, newGpu, unavailableReason } from './modes.js';
import { selfTest } from './self-test.js';

export type {
  DeviceArray,
  GpuData,
  GpuLogger,
  GpuMemoryInfo,
  ProgramSource,
} from './gpu-backend.js';
export { GpuBackend } from './gpu-backend.js';
export { gpuKernels } from './kernels/index.js';
export { GPU_MODES, type GpuMode, type GpuModeOption, unavailableReason } from './modes.js';
export { selfTest } from './self-test.js';

/** Options of createGpuBackend. */
export interface GpuBackendOptions {
  /** A gpu.js mode, or 'auto' (the default) for the best one that works here. */
  mode?: GpuModeOption;
  /** The name it will be registered under ('gpu'). */
  name?: string;
  /** Where the chosen mode and any fallback are reported (console.warn). */
  log?: GpuLogger;
}

function start(name: string, mode: GpuMode, log: GpuLogger): GpuBackend {
  const backend = new GpuBackend(name, mode, newGpu(mode), log);
  const failure = selfTest(backend);
  if (failure) {
    backend.destroy();
    throw new Error(
      `the start-up self-test failed (results outside float32 tolerance): ${failure}`,
    );
  }
  return backend;
}

/**
 * A gpu.js backend in `mode`, self-tested. 'auto' tries headlessgl, webgl2, webgl, webasm, cpu in
 * turn and reports every mode it passed over with the reason; an explicit mode that cannot run
 * throws saying why. The mode chosen is `backend.mode`.
 * @example
 * gpu.js's 'cpu' mode runs anywhere (the same kernels, on the CPU); 'auto' picks a GPU when it can.
 * ```ts
 * registerBackend('gpu-cpu', () => createGpuBackend({ mode: 'cpu', name: 'gpu-cpu', log: () => {} }));
 * const a = tensor([[1, 2], [3, 4]]).to('gpu-cpu');
 * const y = a.matmul(tensor([[1], [1]]).to('gpu-cpu'));
 * console.log(y.backend.name, y.toArray()); // → gpu-cpu [ [ 3 ], [ 7 ] ]
 * ```
 */
export function createGpuBackend(options: GpuBackendOptions = {}): GpuBackend {
  const { mode = 'auto', name = 'gpu', log = (m: string) => console.warn(m) } = options;
  const label = `gpu backend '${name}'`;
  if (mode !== 'auto') {
    if (!GPU_MODES.includes(mode)) {
      throw new Error(
        `${label}: unknown mode '${mode}'; use 'auto' or one of ${GPU_MODES.join(', ')}`,
      );
    }
    const reason = unavailableReason(mode);
    if (reason) throw new Error(`${label}: mode '${mode}' cannot run here: ${reason}`);
    try {
      const backend = start(name, mode, log);
      log(`[digitnet] ${label}: gpu.js mode '${mode}'`);
      return backend;
    } catch (err) {
      throw new Error(`${label}: mode '${mode}' refused to start: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const passed: string[] = [];
  for (const candidate of GPU_MODES) {
    const reason = unavailableReason(candidate);
    if (reason) {
      passed.push(`${candidate}: ${reason}`);
      continue;
    }
    try {
      const backend = start(name, candidate, log);
      const fallback = passed.length > 0 ? `; passed over ${passed.join('; ')}` : '';
      log(`[digitnet] ${label}: gpu.js mode '${candidate}' (auto)${fallback}`);
      return backend;
    } catch (err) {
      passed.push(`${candidate}: ${(err as Error).message}`);
    }
  }
  throw new Error(`${label}: no gpu.js mode could start: ${passed.join('; ')}`);
}

/** Registers a gpu backend under `name` (created, and its mode chosen, on first use). */
export function registerGpuBackend(
  name: string,
  options: Omit<GpuBackendOptions, 'name'> = {},
): void {
  registerBackend(name, () => createGpuBackend({ ...options, name }));
}

/** The mode DIGITNET_GPU_MODE asks for, or 'auto'. */
export function modeFromEnvironment(): GpuModeOption {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const wanted = env?.DIGITNET_GPU_MODE;
  return wanted ? (wanted as GpuModeOption) : 'auto';
}

registerGpuBackend('gpu', { mode: modeFromEnvironment() });
