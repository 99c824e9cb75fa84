// Splitting work across threads by output: the items of a task (images, column strips, channels)
// are claimed one at a time from a shared counter, so a thread that the OS leaves waiting is
// simply left fewer items. Every output element is computed by exactly one thread with the same
// arithmetic as on one thread, so results are bit-identical whatever T is (no sum is ever split).

/** The first item of chunk c of `total` items cut into `chunks`, in multiples of `align`. */
export function shareStart(total: i32, c: i32, chunks: i32, align: i32): i32 {
  const units = (total + align - 1) / align;
  // Chunks of ⌊units/chunks⌋ or ⌈units/chunks⌉ units, the larger ones first.
  const base = units / chunks;
  const extra = units % chunks;
  const unit = c * base + min(c, extra);
  return min(total, unit * align);
}

/** How many chunks to cut `units` into for T threads: one for one thread, else up to 4 per thread. */
export function chunksFor(units: i32, T: i32): i32 {
  return T <= 1 ? 1 : max(1, min(units, 4 * T));
}

/**
 * Claims the next item of the current task: its index (past the last item when none is left).
 * The counter is the 4 bytes at the heap's base, set to 0 by JavaScript before each task.
 */
export function claim(): i32 {
  return atomic.add<i32>((__heap_base + 15) & ~15, 1);
}
