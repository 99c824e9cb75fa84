// The geometry of the MatMul kernel, computed once for every backend.

/** Sizes of a batched product: a [Ba, M, K] (or transposed) times b [Bb, K, N] (or transposed). */
export interface MatMulDims {
  readonly batchA: number;
  readonly batchB: number;
  /** max(batchA, batchB): the output's batch. */
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

/** Reads M, N, K and the batches from MatMul's operand shapes, checking they fit. */
export function matMulDims(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): MatMulDims {
  const [batchA, ar, ac] = aShape;
  const [batchB, br, bc] = bShape;
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const n = transposeB ? br : bc;
  const kb = transposeB ? bc : br;
  if (k !== kb || (batchA !== batchB && batchA !== 1 && batchB !== 1)) {
    throw new Error(`inner sizes ${k} and ${kb} or batches ${batchA} and ${batchB} do not match`);
  }
  return { batchA, batchB, batch: Math.max(batchA, batchB), m, n, k };
}
