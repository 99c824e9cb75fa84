// @digitnet/gpu does not exist yet; the bench shows a gpu column only when it can be imported.

/** Whether @digitnet/gpu imports here, and what to print either way. */
export interface GpuStatus {
  available: boolean;
  reason: string;
}

/** Tries a dynamic import of @digitnet/gpu (a variable specifier, so typecheck does not need it). */
export async function detectGpu(specifier = '@digitnet/gpu'): Promise<GpuStatus> {
  try {
    await import(specifier);
    return {
      available: true,
      reason: `${specifier} imports; the bench does not measure it yet, so its column is empty`,
    };
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return {
      available: false,
      reason: `digitnet gpu skipped: ${specifier} cannot be imported (${message})`,
    };
  }
}
