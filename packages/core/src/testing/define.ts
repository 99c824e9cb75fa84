// defineOp: the one declaration of an op the conformance suite checks — its attributes (the type
// of the engine's second parameter), the inputs it draws, whether its gradient is checked, how
// the engine computes it, its float64 reference and its cases. The suite, the every-op-has-a-case
// check and the gradient checks are all derived from these declarations (ops/*.ts, registry.ts).
import type { Tensor } from '../tensor.js';
import type { Tolerance } from './compare.js';
import type { Nd } from './reference/nd.js';

/** The attributes of an op that takes none. */
export type NoAttrs = Record<string, never>;
/** A size for both spatial axes, or [height, width]. */
export type Pair = number | readonly [number, number];
/** Reduction attributes: axes (all when omitted, negatives allowed) and keepDims. */
export interface ReduceAttrs {
  axes?: number | readonly number[];
  keepDims?: boolean;
}
/** argmax/argmin attributes: one axis (flattened when omitted). */
export interface ArgAttrs {
  axis?: number;
  keepDims?: boolean;
}
/** conv2d attributes, as torch.nn.functional.conv2d. */
export interface ConvAttrs {
  stride?: Pair;
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
}
/** Pooling attributes, as torch.nn.functional.max_pool2d / avg_pool2d. */
export interface PoolAttrs {
  kernelSize: Pair;
  stride?: Pair;
  padding?: Pair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}
/** How per-sample losses are combined. */
export type LossReduction = 'mean' | 'sum' | 'none';

/**
 * How an input's values are drawn. Kinds keep gradient checks off non-differentiable points:
 * `nonzero` stays ≥ 0.1 away from 0 (relu, abs), `distinct` has no two values within 0.5/n of
 * each other (max, min, max-pool windows), `positive` lies in [0.5, 2) (log, sqrt, pow's base),
 * `mask` is 0 or 1 (conditions), `unit` lies in [0.05, 0.95] (probabilities).
 */
export type InputKind =
  | 'normal'
  | 'positive'
  | 'nonzero'
  | 'distinct'
  | 'coarse'
  | 'wide'
  | 'int'
  | 'labels'
  | 'mask'
  | 'unit';

type Shape = readonly number[];

/** Per-row options: a name tag, input kinds, loosened tolerances (with a reason), no gradcheck. */
export interface CaseExtras {
  /** Appended to the generated name to tell rows with equal shapes apart. */
  readonly tag?: string;
  /** Input kinds overriding the declaration's, by position. */
  readonly kinds?: readonly InputKind[];
  readonly tol?: Tolerance & { readonly why: string };
  readonly gradTol?: Tolerance & { readonly why: string };
  /** false: forward only. */
  readonly grad?: boolean;
}

/** A case row before it is named: shapes, attributes and extras. */
export interface CaseRow<A> extends CaseExtras {
  readonly shapes: readonly Shape[];
  readonly attrs: A;
}

/** The row builder a declaration's `cases` receives: attributes are required when A has any. */
export type RowFn<A> = (
  shapes: readonly Shape[],
  ...rest: NoAttrs extends A ? [attrs?: A, extras?: CaseExtras] : [attrs: A, extras?: CaseExtras]
) => CaseRow<A>;

/**
 * One op's declaration: everything the conformance suite knows about it. (Functions are declared
 * as methods so that any declaration is an OpDecl<string, unknown> for the generic runner.)
 */
export interface OpDecl<N extends string = string, A = unknown> {
  /** The suite's name of the op (the public op's, or a kernel-level name such as 'step'). */
  readonly name: N;
  /** Kind of each input by position (missing positions: 'normal'). */
  readonly inputs?: readonly InputKind[];
  /** Whether gradients are checked against central differences of the reference. */
  readonly grad: boolean;
  /** Inputs never differentiated (running statistics, masks). */
  readonly noGrad?: readonly number[];
  /** The number of classes its 'labels' inputs are drawn from. */
  labels?(shapes: readonly Shape[], attrs: A): number;
  /** How the engine computes it: tensors in the case's order -> one or more outputs. */
  engine(xs: readonly Tensor[], attrs: A): Tensor | Tensor[];
  /** The float64 reference: plain loops over Float64Array, sharing no code with any backend. */
  reference(xs: readonly Nd[], attrs: A): Nd | Nd[];
  /** Rows of shapes (and attributes), including the awkward ones. */
  cases(row: RowFn<A>): readonly CaseRow<A>[];
}

/**
 * Declares an op for the conformance suite. Its attributes' type is the engine's second
 * parameter's annotation (none: NoAttrs), and the reference and the rows are checked against it.
 * The declarations in testing/ops/ are the examples, e.g. relu's: `defineOp({ name: 'relu',
 * inputs: ['nonzero'], grad: true, engine: ([x]) => relu(x), reference: ([x]) => ref.unary('relu',
 * x), cases: (row) => [row([[3, 5]])] })` (`ref` is the float64 reference library of testing/reference/).
 */
export function defineOp<const N extends string, A extends object = NoAttrs>(
  decl: OpDecl<N, A>,
): OpDecl<N, A> {
  return decl;
}

/** The attributes type of a declaration. */
export type AttrsOf<D> = D extends OpDecl<string, infer A> ? A : never;

/** A named case of an op; `name` is stable (skips and seeds key on it). */
export interface OpCase<N extends string = string, A = unknown> extends CaseRow<A> {
  readonly name: string;
  readonly op: N;
  readonly decl: OpDecl<N, A>;
}

const show = (s: Shape) => `[${s.join(',')}]`;

/** A case's name: op, shapes, attributes as JSON without quotes, and the tag. */
export function caseName(
  op: string,
  shapes: readonly Shape[],
  attrs: object,
  tag?: string,
): string {
  const a = Object.keys(attrs).length > 0 ? ` ${JSON.stringify(attrs).replace(/"/g, '')}` : '';
  return `${op} ${shapes.map(show).join(' ')}${a}${tag ? ` (${tag})` : ''}`.replace(/ +/g, ' ');
}

/** The named cases of one declaration, in its order. */
export function casesOf<N extends string, A>(decl: OpDecl<N, A>): OpCase<N, A>[] {
  const row = ((shapes: readonly Shape[], attrs?: A, extras?: CaseExtras) => ({
    shapes,
    attrs: (attrs ?? {}) as A,
    ...extras,
  })) as RowFn<A>;
  return decl.cases(row).map((r) => ({
    ...r,
    op: decl.name,
    decl,
    name: caseName(decl.name, r.shapes, r.attrs as object, r.tag),
  }));
}
