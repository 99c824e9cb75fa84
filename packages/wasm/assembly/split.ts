// Splitting work across threads by output: thread t of T gets a contiguous share of `total` items
// (rows, columns, images, channels), the shares in multiples of `align`. Every output element is
// computed by exactly one thread with the same arithmetic as on one thread, so results are
// bit-identical whatever T is (no reduction is ever split).

/** The first item of thread t's share of `total` items among T threads, in multiples of `align`. */
export function shareStart(total: i32, t: i32, T: i32, align: i32): i32 {
  const units = (total + align - 1) / align;
  // Shares of ⌊units/T⌋ or ⌈units/T⌉ units, the larger ones first.
  const base = units / T;
  const extra = units % T;
  const unit = t * base + min(t, extra);
  return min(total, unit * align);
}
