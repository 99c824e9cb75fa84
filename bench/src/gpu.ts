// Which of digitnet's gpu.js modes can run here: webasm and cpu anywhere, headlessgl only with the
// optional 'gl' package and a display (run the bench under xvfb-run -a), webgl2 with Chromium.
import { type GpuMode, unavailableReason } from '@digitnet/gpu';
import { chromiumMissing } from './browser/chromium.js';
import { GPU_MODE_OF, type GpuLibId } from './types.js';

/** The gpu libraries that cannot run in this process, each with gpu.js's reason. */
export function unavailableGpuLibs(): Partial<Record<GpuLibId, string>> {
  const out: Partial<Record<GpuLibId, string>> = {};
  for (const [lib, mode] of Object.entries(GPU_MODE_OF) as [GpuLibId, GpuMode][]) {
    const reason = mode === 'webgl2' ? chromiumMissing() : unavailableReason(mode);
    if (reason) out[lib] = reason;
  }
  return out;
}
