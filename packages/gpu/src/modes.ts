// gpu.js's modes, which of them this platform offers, and why the others are unavailable.
import {
  CPUKernel,
  GPU,
  HeadlessGLKernel,
  type Kernel,
  WebAssemblyKernel,
  WebGL2Kernel,
  WebGLKernel,
} from 'gpu.js';

/** The gpu.js modes a GpuBackend can run in. */
export type GpuMode = 'webgl2' | 'webgl' | 'headlessgl' | 'webgpu' | 'webasm' | 'cpu';

/** A mode, or 'auto' for the best one this platform offers. */
export type GpuModeOption = 'auto' | GpuMode;

/** Every mode, best first: the order 'auto' tries them in (gpu.js's own order, cpu last). */
export const GPU_MODES: readonly GpuMode[] = [
  'headlessgl',
  'webgl2',
  'webgl',
  'webgpu',
  'webasm',
  'cpu',
];

/** True for the modes whose results live in GL textures (the others hold typed arrays). */
export function isTextureMode(mode: GpuMode): boolean {
  return mode === 'headlessgl' || mode === 'webgl2' || mode === 'webgl';
}

type KernelClass = typeof Kernel & {
  isSupported: boolean;
  features?: { isTextureFloat?: boolean; isFloatRead?: boolean };
};

const KERNELS: Record<Exclude<GpuMode, 'webgpu'>, KernelClass> = {
  headlessgl: HeadlessGLKernel as unknown as KernelClass,
  webgl2: WebGL2Kernel as unknown as KernelClass,
  webgl: WebGLKernel as unknown as KernelClass,
  webasm: WebAssemblyKernel as unknown as KernelClass,
  cpu: CPUKernel as unknown as KernelClass,
};

const WHY_NOT: Record<GpuMode, string> = {
  headlessgl:
    "gpu.js found no headless-gl context: the optional 'gl' package is not installed or not built " +
    '(it builds from source and needs libxi-dev libglu1-mesa-dev libglew-dev pkg-config; in the ' +
    'digitnet repository: npm rebuild gl --dangerously-allow-all-scripts), or no display is open ' +
    '(on Linux run under xvfb-run)',
  webgl2: 'gpu.js found no WebGL2 context (this is not a browser, or WebGL2 is disabled)',
  webgl: 'gpu.js found no WebGL context (this is not a browser, or WebGL is disabled)',
  webgpu:
    "gpu.js's webgpu kernels return Promises, and digitnet's kernels are synchronous; use webgl2 " +
    'in a browser',
  webasm: 'gpu.js found no WebAssembly in this JavaScript engine',
  cpu: 'unreachable: the cpu mode is always available',
};

/** Why `mode` cannot run here, or null when it can (single-precision float textures included). */
export function unavailableReason(mode: GpuMode): string | null {
  if (mode === 'webgpu') return WHY_NOT.webgpu;
  const Kernel = KERNELS[mode];
  let supported = false;
  try {
    supported = Kernel.isSupported;
  } catch (err) {
    return `${WHY_NOT[mode]} (${err instanceof Error ? err.message : String(err)})`;
  }
  if (!supported) return WHY_NOT[mode];
  const features = Kernel.features;
  if (isTextureMode(mode) && features && !(features.isTextureFloat && features.isFloatRead)) {
    return `gpu.js reports that ${mode} cannot store and read back float32 textures (precision 'single')`;
  }
  return null;
}

/** gpu.js's own mode name for a GPU instance (its 'cpu' mode is the plain-JavaScript one). */
export function newGpu(mode: GpuMode): GPU {
  return new GPU({ mode });
}
