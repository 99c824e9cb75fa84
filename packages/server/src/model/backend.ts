// The compute backend the server runs its model on: the fastest that starts here (wasm, on the
// machine's threads, where WebAssembly SIMD runs and its module loads; else core's cpu), chosen
// once, before the first model is built, and described for GET /healthz.
import { getBackend, registerBackend, setBackend } from '@digitnet/core';
import { createWasmBackend } from '@digitnet/wasm';
import { reason } from '../log.js';

let chosen: string | null = null;

/** Makes the fastest available backend current (once) and returns its description. */
export function useFastestBackend(): string {
  if (chosen) return chosen;
  try {
    // Created here rather than on first use, so that a module that cannot load falls back now.
    const wasm = createWasmBackend('wasm');
    registerBackend('wasm', () => wasm);
    setBackend('wasm');
    const note = wasm.threadsNote ? `; ${wasm.threadsNote}` : '';
    chosen = `wasm (WebAssembly SIMD, ${wasm.threads} thread${wasm.threads > 1 ? 's' : ''}${note})`;
  } catch (err) {
    setBackend('cpu');
    chosen = `cpu (the wasm backend cannot start: ${reason(err)})`;
  }
  return chosen;
}

/** The backend's description once chosen, else the name of core's current backend. */
export function backendDescription(): string {
  return chosen ?? getBackend().name;
}
