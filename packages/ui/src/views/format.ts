// Number formatting shared by the views.

/** A probability as a percentage: 0.9731 → "97.3%"; 0.99997 → ">99.9%", never a false 100. */
export function percent(p: number, digits = 1): string {
  const text = (p * 100).toFixed(digits);
  if (p < 1 && Number(text) === 100) return `>${(100 - 10 ** -digits).toFixed(digits)}%`;
  return `${text}%`;
}
