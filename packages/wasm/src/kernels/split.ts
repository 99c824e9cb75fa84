// How many threads a kernel call is worth: waking a worker and waiting for it costs tens of
// microseconds, so each thread must get enough work to pay for it.

/** Multiply-adds (or values touched) below which one more thread costs more than it saves. */
export const MIN_WORK_PER_THREAD = 1 << 17;

/**
 * Threads for `work` units over `parts` separable outputs (images, strips, channels), at least
 * `minWork` units each.
 */
export function threadsFor(parts: number, work: number, minWork = MIN_WORK_PER_THREAD): number {
  return Math.max(1, Math.min(parts, Math.floor(work / Math.max(1, minWork))));
}
