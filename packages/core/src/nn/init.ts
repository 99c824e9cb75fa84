// Initialisation in place, as torch.nn.init; values come from the seeded PRNG (random.ts).
import { noGrad } from '../autograd.js';
import { type Generator, globalGenerator } from '../random.js';
import { showShape, sizeOf } from '../shape/shape.js';
import { Tensor } from '../tensor.js';

/** Activations calculateGain knows (PyTorch's names, camelCase). */
export type Nonlinearity = 'linear' | 'conv2d' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** Options of the random initialisers. */
export interface InitOptions {
  /** The PRNG to draw from; the global one (see manualSeed) by default. */
  generator?: Generator;
}

/** Options of kaimingUniform_ and kaimingNormal_, PyTorch's defaults. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (0). */
  a?: number;
  /** Preserve the variance of the forward pass ('fanIn') or of the backward pass ('fanOut'). */
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: Nonlinearity;
}

/** The gain PyTorch recommends for an activation (param: leaky ReLU's negative slope, 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv2d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new Error(`calculateGain: unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/**
 * Fan-in and fan-out of a weight: [out, in, ...kernel] gives in·k and out·k (k: the kernel's size).
 * @example
 * ```ts
 * console.log(nn.init.fans([32, 1, 3, 3])); // → { fanIn: 9, fanOut: 288 }
 * ```
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new Error(`init: fan-in and fan-out need a weight of rank >= 2, got ${showShape(shape)}`);
  }
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

// Replaces t's values in place with draw() for each element, on t's backend.
function fill(t: Tensor, draw: () => number): Tensor {
  t.assertAlive('init');
  const values = t.dtype === 'int32' ? new Int32Array(t.size) : new Float32Array(t.size);
  for (let i = 0; i < values.length; i++) values[i] = draw();
  noGrad(() => t.assignFrom(Tensor.fromValues(values, t.shape, t.dtype, t.backend)));
  return t;
}

/** Fills t with U(low, high) in place. Returns t. */
export function uniform_(t: Tensor, low = 0, high = 1, opts: InitOptions = {}): Tensor {
  const g = opts.generator ?? globalGenerator;
  return fill(t, () => g.uniform(low, high));
}

/** Fills t with N(mean, std²) in place. Returns t. */
export function normal_(t: Tensor, mean = 0, std = 1, opts: InitOptions = {}): Tensor {
  const g = opts.generator ?? globalGenerator;
  return fill(t, () => mean + std * g.normal());
}

/** Fills t with `value` in place. Returns t. */
export function constant_(t: Tensor, value: number): Tensor {
  return fill(t, () => value);
}

/** Fills t with zeros in place. Returns t. */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/** Fills t with ones in place. Returns t. */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

function kaimingStd(t: Tensor, opts: KaimingOptions): number {
  const { fanIn, fanOut } = fans(t.shape);
  const fan = (opts.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  return calculateGain(opts.nonlinearity ?? 'leakyRelu', opts.a ?? 0) / Math.sqrt(fan);
}

/**
 * He initialisation, uniform: U(−b, b) with b = gain·√(3 / fan). PyTorch's layers use
 * a = √5, which gives b = 1/√fanIn.
 */
export function kaimingUniform_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, opts);
  return uniform_(t, -bound, bound, opts);
}

/** He initialisation, normal: N(0, (gain / √fan)²). */
export function kaimingNormal_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, opts), opts);
}

/** Glorot initialisation, uniform: U(−b, b) with b = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, gain = 1, opts: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(t.shape);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, opts);
}

/** Glorot initialisation, normal: N(0, gain²·2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, gain = 1, opts: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(t.shape);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), opts);
}

/**
 * PyTorch's default initialisation of a Linear or Conv2d layer: weight kaiming-uniform with
 * a = √5 (bound 1/√fanIn) drawn first, then bias U(±1/√fanIn).
 */
export function defaultLayerInit_(
  weight: Tensor,
  bias: Tensor | null,
  opts: InitOptions = {},
): void {
  kaimingUniform_(weight, { a: Math.sqrt(5), generator: opts.generator });
  if (!bias) return;
  const { fanIn } = fans(weight.shape);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform_(bias, -bound, bound, opts);
}
