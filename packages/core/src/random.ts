// The one seeded PRNG: initialisation, shuffling, dropout masks and augmentation all draw from it,
// so the same seed gives the same numbers on every backend and every platform.

/** A seeded generator (xoshiro128**, seeded through splitmix32): fast, 32-bit, reproducible in JS. */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Restarts the sequence from `seed` (any integer). */
  seed(seed: number): void {
    let x = seed >>> 0;
    const next = () => {
      // splitmix32 spreads a small seed over the whole 128-bit state.
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spareNormal = null;
  }

  /** The full state, to save and restore a generator exactly (e.g. in checkpoints). */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Restores a state from getState(). */
  setState(state: readonly number[]): void {
    if (state.length !== 4)
      throw new Error(`Generator.setState: expected 4 numbers, got ${state.length}`);
    [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v >>> 0);
    this.spareNormal = null;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 32 random bits. */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** A standard normal sample (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The global generator used when none is passed. */
export const globalGenerator = new Generator(0);

/**
 * Seeds the global generator, like torch.manual_seed: randn, rand, dropout, shuffling and
 * parameter initialisation all draw from it.
 * @example
 * ```ts
 * manualSeed(0);
 * const a = new nn.Linear(3, 2).weight;
 * manualSeed(0);
 * console.log(new nn.Linear(3, 2).weight.sub(a).abs().max().item()); // same weights: → 0
 * ```
 */
export function manualSeed(seed: number): void {
  globalGenerator.seed(seed);
}
