// NumPy/PyTorch broadcasting: output shapes, and coalesced stride plans backends iterate with.
import { showShape } from './shape.js';

/** The broadcast shape of a and b, or an error naming the op and both shapes. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${op}: shapes ${showShape(a)} and ${showShape(b)} cannot be broadcast together ` +
          `(axis ${i} from the left of the aligned shapes: ${da} vs ${db}; each pair must be equal or contain 1)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Axes of `outShape` that `inShape` was broadcast along (to sum over in backward). */
export function broadcastedAxes(inShape: readonly number[], outShape: readonly number[]): number[] {
  const axes: number[] = [];
  const offset = outShape.length - inShape.length;
  for (let i = 0; i < outShape.length; i++) {
    const d = i < offset ? 1 : inShape[i - offset];
    if (d === 1 && outShape[i] !== 1) axes.push(i);
  }
  return axes;
}

/**
 * How to walk a broadcast: the output's dims with each input's element strides (0 on broadcast
 * dims), after merging neighbouring dims that both inputs walk the same way, so [N,C,H,W] + [1,C,1,1]
 * becomes dims [N, C, H*W] with b strides [0, 1, 0].
 */
export interface BroadcastPlan {
  readonly dims: number[];
  readonly aStrides: number[];
  readonly bStrides: number[];
}

/** Builds the coalesced plan for inputs of shapes a and b broadcast to outShape. */
export function broadcastPlan(
  a: readonly number[],
  b: readonly number[],
  outShape: readonly number[],
): BroadcastPlan {
  const rank = outShape.length;
  const strideFor = (shape: readonly number[]) => {
    const s = new Array<number>(rank).fill(0);
    let stride = 1;
    for (let i = rank - 1; i >= 0; i--) {
      const d = shape[shape.length - rank + i] ?? 1;
      s[i] = d === 1 ? 0 : stride;
      stride *= d;
    }
    return s;
  };
  const as = strideFor(a);
  const bs = strideFor(b);
  const dims: number[] = [];
  const aStrides: number[] = [];
  const bStrides: number[] = [];
  for (let i = 0; i < rank; i++) {
    const d = outShape[i];
    if (d === 1) continue; // size-1 dims do not move either pointer
    const last = dims.length - 1;
    // Merge into the previous dim when, for both inputs, stepping the previous dim once equals
    // stepping this dim d times (contiguous), or both are broadcast (stride 0) on both dims.
    if (last >= 0 && aStrides[last] === as[i] * d && bStrides[last] === bs[i] * d) {
      dims[last] *= d;
      aStrides[last] = as[i];
      bStrides[last] = bs[i];
    } else {
      dims.push(d);
      aStrides.push(as[i]);
      bStrides.push(bs[i]);
    }
  }
  if (dims.length === 0) return { dims: [1], aStrides: [0], bStrides: [0] };
  return { dims, aStrides, bStrides };
}
