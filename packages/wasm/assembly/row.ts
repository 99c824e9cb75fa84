// Vector helpers over contiguous float rows (the S = H·W values of one image's channel).

/** Σ row[0:s], four float32 lanes over the row, then float64 for the total. */
export function sumRow(row: usize, s: i32): f64 {
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= s; j += 4) acc = f32x4.add(acc, v128.load(row + ((<usize>j) << 2)));
  let total: f64 =
    <f64>f32x4.extract_lane(acc, 0) +
    <f64>f32x4.extract_lane(acc, 1) +
    <f64>f32x4.extract_lane(acc, 2) +
    <f64>f32x4.extract_lane(acc, 3);
  for (; j < s; j++) total += <f64>load<f32>(row + ((<usize>j) << 2));
  return total;
}

/** Σ (row[j] − centre)² over j < s, as sumRow. */
export function sumSquaresRow(row: usize, s: i32, centre: f32): f64 {
  const m = f32x4.splat(centre);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= s; j += 4) {
    const d = f32x4.sub(v128.load(row + ((<usize>j) << 2)), m);
    acc = f32x4.add(acc, f32x4.mul(d, d));
  }
  let total: f64 =
    <f64>f32x4.extract_lane(acc, 0) +
    <f64>f32x4.extract_lane(acc, 1) +
    <f64>f32x4.extract_lane(acc, 2) +
    <f64>f32x4.extract_lane(acc, 3);
  for (; j < s; j++) {
    const d = <f64>load<f32>(row + ((<usize>j) << 2)) - <f64>centre;
    total += d * d;
  }
  return total;
}

/** Σ g[j]·(x[j] − centre) over j < s, as sumRow. */
export function sumProductRow(g: usize, x: usize, s: i32, centre: f32): f64 {
  const m = f32x4.splat(centre);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= s; j += 4) {
    const at = (<usize>j) << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(g + at), f32x4.sub(v128.load(x + at), m)));
  }
  let total: f64 =
    <f64>f32x4.extract_lane(acc, 0) +
    <f64>f32x4.extract_lane(acc, 1) +
    <f64>f32x4.extract_lane(acc, 2) +
    <f64>f32x4.extract_lane(acc, 3);
  for (; j < s; j++) {
    const at = (<usize>j) << 2;
    total += <f64>load<f32>(g + at) * (<f64>load<f32>(x + at) - <f64>centre);
  }
  return total;
}
