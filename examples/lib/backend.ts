// Choosing the compute backend from a --backend flag.
import { setBackend } from '@digitnet/core';
import { unavailableReason, WasmBackend } from '@digitnet/wasm';

/** The backends a --backend flag offers. */
export const BACKENDS = ['wasm', 'cpu', 'gpu'] as const;

/** The fastest backend that runs here: 'wasm' where WebAssembly SIMD is available, 'cpu' otherwise. */
export function fastestBackend(): 'wasm' | 'cpu' {
  return unavailableReason() === null ? 'wasm' : 'cpu';
}

/** Activates 'wasm', 'cpu' or 'gpu' (which needs the @digitnet/gpu package) and returns a description. */
export async function useBackend(name: string): Promise<string> {
  if (name === 'wasm') {
    const reason = unavailableReason();
    if (reason) throw new Error(`--backend wasm cannot run here: ${reason}; use --backend cpu`);
  }
  if (name === 'gpu') {
    try {
      // Registers the 'gpu' backend as a side effect.
      await import('@digitnet/gpu' as string);
    } catch (err) {
      throw new Error(
        `--backend gpu needs the @digitnet/gpu package, which could not be loaded: ${(err as Error).message}`,
      );
    }
  }
  const backend = setBackend(name);
  const mode = (backend as { mode?: string }).mode;
  if (mode) return `${name} (${mode})`;
  if (backend instanceof WasmBackend) {
    const n = backend.threads;
    const note = backend.threadsNote ? `; ${backend.threadsNote}` : '';
    return `wasm (WebAssembly SIMD kernels, ${n} thread${n > 1 ? 's' : ''}${note})`;
  }
  return name === 'cpu' && fastestBackend() === 'cpu'
    ? `cpu (WebAssembly SIMD unavailable: ${unavailableReason()})`
    : name;
}
