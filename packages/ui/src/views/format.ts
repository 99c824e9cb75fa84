// Number formatting shared by the views.

/** A ratio as a percentage: 0.9731 → "97.3%"; 3 of 3 → "100.0%". */
export function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/**
 * A model's probability as a percentage: 0.9731 → "97.3%"; anything that rounds to 100 → ">99.9%".
 * A softmax is never certain, even where float32 rounds it to exactly 1.
 */
export function probability(p: number, digits = 1): string {
  const text = percent(p, digits);
  return Number.parseFloat(text) === 100 ? `>${(100 - 10 ** -digits).toFixed(digits)}%` : text;
}

/** A digit with its indefinite article, as it is read aloud: 8 → "an 8", 3 → "a 3". */
export function withArticle(digit: number): string {
  // Of 0–9 only "eight" starts with a vowel sound; 11 and 18 are not digits.
  return `${digit === 8 ? 'an' : 'a'} ${digit}`;
}

/** A duration as people read it: 0.43 → "0.4 ms", 3.21 → "3.2 ms", 48.4 → "48 ms". */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
