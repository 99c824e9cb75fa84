// dy, x: [N, C, S], mean/variance/weight: [C] (weight 0: none) -> [dx, dweight: [C], dbias: [C]]
// With x̂ = (x − mean)·invStd and M = N·S values per channel:
//   dbias = Σ dy, dweight = Σ dy·x̂, dx = w·invStd/M · (M·dy − Σ dy − x̂·Σ dy·x̂)
import { sumProductRow, sumRow } from './row';
import { claim } from './split';

/** BatchNormTrain's gradient, for the channels this thread claims. */
export function batchNormTrainGrad(
  dy: usize,
  x: usize,
  mean: usize,
  variance: usize,
  weight: usize,
  dx: usize,
  dweight: usize,
  dbias: usize,
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
    const m = load<f32>(mean + ((<usize>ch) << 2));
    const invStd = 1 / Math.sqrt(<f64>load<f32>(variance + ((<usize>ch) << 2)) + eps);
    let sumDy: f64 = 0;
    let sumDyXhat: f64 = 0;
    for (let i = 0; i < n; i++) {
      const at = (<usize>((i * c + ch) * s)) << 2;
      sumDy += sumRow(dy + at, s);
      sumDyXhat += sumProductRow(dy + at, x + at, s, m);
    }
    sumDyXhat *= invStd;
    store<f32>(dbias + ((<usize>ch) << 2), <f32>sumDy);
    store<f32>(dweight + ((<usize>ch) << 2), <f32>sumDyXhat);
    const k = ((weight !== 0 ? <f64>load<f32>(weight + ((<usize>ch) << 2)) : 1) * invStd) / count;
    // dx = (k·M)·dy − k·Σdy − (k·invStd·Σdy·x̂)·(x − mean)
    const a = <f32>(k * count);
    const b = <f32>(k * sumDy);
    const d = <f32>(k * invStd * sumDyXhat);
    const va = f32x4.splat(a);
    const vb = f32x4.splat(b);
    const vd = f32x4.splat(d);
    const vm = f32x4.splat(m);
    for (let i = 0; i < n; i++) {
      const at = (<usize>((i * c + ch) * s)) << 2;
      let j = 0;
      for (; j + 4 <= s; j += 4) {
        const o = at + ((<usize>j) << 2);
        const centred = f32x4.sub(v128.load(x + o), vm);
        const r = f32x4.sub(
          f32x4.sub(f32x4.mul(va, v128.load(dy + o)), vb),
          f32x4.mul(vd, centred),
        );
        v128.store(dx + o, r);
      }
      for (; j < s; j++) {
        const o = at + ((<usize>j) << 2);
        store<f32>(dx + o, a * load<f32>(dy + o) - b - d * (load<f32>(x + o) - m));
      }
    }
  }
}
