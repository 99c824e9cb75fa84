// Matrix products: matmul with PyTorch's rank rules and batch broadcasting, and linear.
import { noGrad, record } from '../autograd.js';
import { runKernel } from '../engine.js';
import { broadcastShapes } from '../shape/broadcast.js';
import { sameShape, showShape, sizeOf } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { broadcastTo, unbroadcast } from './arithmetic.js';
import { asFloat } from './operand.js';
import { binary } from './raw.js';
import { sum } from './reduce.js';
import { reshape } from './reshape.js';

/** Runs the MatMul kernel on 3-D views, no autograd. */
function matmul3(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  return runKernel('MatMul', { a, b }, { transposeA, transposeB });
}

/**
 * Matrix product with PyTorch's semantics: 1-D operands are promoted (and the extra axis removed),
 * leading batch axes broadcast.
 * @example
 * ```ts
 * console.log(matmul(zeros([5, 3]), zeros([3, 2])).shape); // [N, K] @ [K, M]: → [ 5, 2 ]
 * console.log(matmul(zeros([4, 5, 3]), zeros([3, 2])).shape); // batched: → [ 4, 5, 2 ]
 * console.log(matmul(tensor([1, 2]), tensor([3, 4]))); // 1-D @ 1-D, a dot product: → tensor(11.)
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const x = asFloat('matmul', a, 'first operand');
  const y = asFloat('matmul', b, 'second operand');
  if (x.rank === 0 || y.rank === 0)
    throw new Error('matmul: both operands need at least one axis; use mul for scalars');
  const xs = x.rank === 1 ? [1, x.shape[0]] : [...x.shape];
  const ys = y.rank === 1 ? [y.shape[0], 1] : [...y.shape];
  const [m, k] = xs.slice(-2);
  const [k2, n] = ys.slice(-2);
  if (k !== k2) {
    throw new Error(
      `matmul: inner dimensions differ: ${showShape(x.shape)} @ ${showShape(y.shape)} (${k} vs ${k2})`,
    );
  }
  const batch = broadcastShapes('matmul', xs.slice(0, -2), ys.slice(0, -2));
  // Kernel operands are [B, M, K] with B either the full batch or 1.
  const x3 = noGrad(() => batched(x, xs, batch));
  const y3 = noGrad(() => batched(y, ys, batch));
  const out3 = matmul3(x3, y3, false, false);
  const out = out3.viewAs([...batch, ...(x.rank === 1 ? [] : [m]), ...(y.rank === 1 ? [] : [n])]);
  out3.dispose();
  return record('matmul', [x, y], out, [x3, y3], (dy, [x3, y3]) => {
    const dy3 = reshape(dy, [sizeOf(batch), m, n]);
    // dX = dY · Yᵀ, dY = Xᵀ · dY, summed over broadcast batch axes.
    const dx = x.requiresGrad
      ? fold(matmul3(dy3, y3, false, true), [...batch, m, k], xs, x.shape)
      : null;
    const dw = y.requiresGrad
      ? fold(matmul3(x3, dy3, true, false), [...batch, k, n], ys, y.shape)
      : null;
    return [dx, dw];
  });
}

function batched(t: Tensor, shape: number[], batch: number[]): Tensor {
  const own = shape.slice(0, -2);
  const rows = shape.slice(-2);
  if (sizeOf(own) === 1) return reshape(t, [1, ...rows]);
  if (sameShape(own, batch)) return reshape(t, [sizeOf(batch), ...rows]);
  return reshape(broadcastTo(reshape(t, shape), [...batch, ...rows]), [sizeOf(batch), ...rows]);
}

// Sums a full-batch gradient down to the operand's (promoted) shape, then to its own shape.
function fold(g3: Tensor, full: number[], promoted: number[], original: readonly number[]): Tensor {
  return reshape(unbroadcast(reshape(g3, full), promoted), original);
}

/**
 * x · wᵀ + b, as torch.nn.functional.linear.
 * x: [..., in], w: [out, in], b: [out] -> [..., out]
 */
export function linear(x: Tensor, w: Tensor, b?: Tensor | null): Tensor {
  const input = asFloat('linear', x);
  const weight = asFloat('linear', w, 'weight');
  if (weight.rank !== 2 || input.rank < 1 || input.shape[input.rank - 1] !== weight.shape[1]) {
    throw new Error(
      `linear: input ${showShape(input.shape)} needs its last axis to equal weight ${showShape(weight.shape)}'s in_features ` +
        `(weight is [out_features, in_features])`,
    );
  }
  if (b && (b.rank !== 1 || b.shape[0] !== weight.shape[0])) {
    throw new Error(`linear: bias ${showShape(b.shape)} must be [${weight.shape[0]}]`);
  }
  const inF = weight.shape[1];
  const outF = weight.shape[0];
  const lead = input.shape.slice(0, -1);
  const x3 = input.viewAs([1, sizeOf(lead), inF]);
  const w3 = weight.viewAs([1, outF, inF]);
  const prod = matmul3(x3, w3, false, true);
  const withBias = b ? binary('add', prod, b) : prod;
  if (b) prod.dispose();
  const out = withBias.viewAs([...lead, outF]);
  withBias.dispose();
  const inputs = b ? [input, weight, b] : [input, weight];
  return record('linear', inputs, out, [x3, w3], (dy, [x3, w3]) => {
    const dy3 = reshape(dy, [1, sizeOf(lead), outF]);
    return [
      input.requiresGrad ? reshape(matmul3(dy3, w3, false, false), input.shape) : null,
      weight.requiresGrad ? reshape(matmul3(dy3, x3, true, false), weight.shape) : null,
      b?.requiresGrad ? sum(dy3, [0, 1]) : null,
    ];
  });
}
