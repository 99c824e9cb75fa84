// Choosing the compute backend from a --backend flag.
import { setBackend } from '@digitnet/core';

/** Activates 'cpu' or 'gpu' (which needs the @digitnet/gpu package) and returns a description. */
export async function useBackend(name: string): Promise<string> {
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
  return mode ? `${name} (${mode})` : name;
}
