// x: [N, C, S] (S = H·W), weight/bias: [C] (0: none) -> [y: like x, mean: [C], variance: [C]]
// Per channel: the mean, then the centred sum of squares (biased variance), then
// y = x·scale + shift with scale = w/√(var + eps), shift = b − mean·scale.
import { sumRow, sumSquaresRow } from './row';
import { claim } from './split';

/** Training-mode batch norm over axis 1, for the channels this thread claims. */
export function batchNormTrain(
  x: usize,
  weight: usize,
  bias: usize,
  y: usize,
  mean: usize,
  variance: usize,
  n: i32,
  c: i32,
  s: i32,
  eps: f64,
  _t: i32,
  _T: i32,
): void {
  const count = <f64>(n * s);
  // Each thread claims whole channels (each channel's sums stay in one thread).
  for (let ch = claim(); ch < c; ch = claim()) {
    let sum: f64 = 0;
    for (let i = 0; i < n; i++) sum += sumRow(x + ((<usize>((i * c + ch) * s)) << 2), s);
    const m = sum / count;
    let sq: f64 = 0;
    for (let i = 0; i < n; i++) {
      sq += sumSquaresRow(x + ((<usize>((i * c + ch) * s)) << 2), s, <f32>m);
    }
    const v = sq / count;
    store<f32>(mean + ((<usize>ch) << 2), <f32>m);
    store<f32>(variance + ((<usize>ch) << 2), <f32>v);
    const invStd = 1 / Math.sqrt(v + eps);
    const scale = invStd * (weight !== 0 ? <f64>load<f32>(weight + ((<usize>ch) << 2)) : 1);
    const shift = (bias !== 0 ? <f64>load<f32>(bias + ((<usize>ch) << 2)) : 0) - m * scale;
    const vs = f32x4.splat(<f32>scale);
    const vb = f32x4.splat(<f32>shift);
    for (let i = 0; i < n; i++) {
      const at = (<usize>((i * c + ch) * s)) << 2;
      const src = x + at;
      const dst = y + at;
      let j = 0;
      for (; j + 4 <= s; j += 4) {
        const o = (<usize>j) << 2;
        v128.store(dst + o, f32x4.add(f32x4.mul(v128.load(src + o), vs), vb));
      }
      for (; j < s; j++) {
        const o = (<usize>j) << 2;
        store<f32>(dst + o, load<f32>(src + o) * <f32>scale + <f32>shift);
      }
    }
  }
}
