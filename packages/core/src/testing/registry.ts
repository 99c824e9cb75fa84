// Every op the conformance suite checks, gathered from the declarations in ops/*.ts; the cases,
// the op names and their attribute types are derived from this list alone.
import { type AttrsOf, casesOf, type OpCase, type OpDecl } from './define.js';
import { ELEMENTWISE_OPS } from './ops/elementwise.js';
import { LAYOUT_OPS } from './ops/layout.js';
import { LOSS_OPS } from './ops/loss.js';
import { NN_OPS } from './ops/nn.js';
import { REDUCE_OPS } from './ops/reduce.js';

/** Every declared op, in suite order. */
export const OPS = [
  ...ELEMENTWISE_OPS,
  ...REDUCE_OPS,
  ...LAYOUT_OPS,
  ...NN_OPS,
  ...LOSS_OPS,
] as const;

/** The union of every op declaration in OPS. */
export type AnyDecl = (typeof OPS)[number];
/** Name of an op the suite checks. */
export type OpName = AnyDecl['name'];
/** Every op the suite checks, with its attributes. */
export type OpAttrs = { [D in AnyDecl as D['name']]: AttrsOf<D> };
/** The declaration of op K. */
export type DeclOf<K extends OpName> = Extract<AnyDecl, { name: K }>;
/** A case of op K. */
export type CaseOf<K extends OpName> = OpCase<K, OpAttrs[K]>;
/** One op case, of any op. */
export type Case = { [K in OpName]: CaseOf<K> }[OpName];

/** Every op name, in suite order. */
export const OP_NAMES: readonly OpName[] = OPS.map((d) => d.name);

/** Every op case, in a fixed order (the declarations', then each one's rows). */
export const CASES: readonly Case[] = OPS.flatMap((d) => casesOf(d as OpDecl) as Case[]);

/** The declaration named `name`. */
export function declOf<K extends OpName>(name: K): DeclOf<K> {
  const decl = OPS.find((d) => d.name === name);
  if (!decl) throw new Error(`conformance: no op is declared as '${name}'`);
  return decl as DeclOf<K>;
}
