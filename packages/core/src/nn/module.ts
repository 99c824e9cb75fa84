// Module: the base class of layers and models, with PyTorch's registration, naming and state dicts.
import { noGrad } from '../autograd.js';
import { type Backend, findBackend } from '../backend.js';
import { keep, tidy } from '../memory.js';
import { clone } from '../ops/reshape.js';
import { cast } from '../ops/unary.js';
import { sameShape, showShape } from '../shape/shape.js';
import { Tensor } from '../tensor.js';
import { Parameter } from './parameter.js';

/** Any module, whatever its forward's signature (for containers and tree walks). */
export type AnyModule = Module<unknown[], unknown>;

/** Options of registerBuffer. */
export interface BufferOptions {
  /** Part of the state dict (true), or internal state that is not saved (false). */
  persistent?: boolean;
}

/** Options of loadStateDict. */
export interface LoadStateDictOptions {
  /** Require the dict's keys to match the module's exactly (true, as in PyTorch). */
  strict?: boolean;
}

/** What loadStateDict did not match (always empty after a strict load). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Base class of layers and models, as torch.nn.Module. Subclasses register their parameters,
 * buffers and child modules explicitly and implement forward().
 * @example
 * ```ts
 * class Net extends nn.Module {
 *   readonly fc = this.registerModule('fc', new nn.Linear(4, 2));
 *   forward(x: Tensor): Tensor {
 *     return this.fc.forward(x).relu();
 *   }
 * }
 * const net = new Net();
 * console.log(net.forward(zeros([3, 4])).shape); // → [ 3, 2 ]
 * console.log(Object.keys(net.stateDict())); // → [ 'fc.weight', 'fc.bias' ]
 * net.eval(); // and net.train(), recursively, as in PyTorch
 * ```
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** True in training mode (the default), false after eval(). */
  training = true;
  readonly #parameters = new Map<string, Parameter | null>();
  readonly #buffers = new Map<string, Tensor | null>();
  readonly #nonPersistent = new Set<string>();
  readonly #children = new Map<string, AnyModule | null>();

  /** The computation of this module. */
  abstract forward(...args: In): Out;

  /**
   * Registers a parameter under `name` and returns it. A plain tensor is wrapped, sharing its
   * memory as nn.Parameter(t) does (dispose the original when nothing else uses it); null
   * registers the name without a value, as PyTorch does for a missing bias.
   */
  registerParameter(name: string, value: Tensor): Parameter;
  registerParameter(name: string, value: Tensor | null): Parameter | null;
  registerParameter(name: string, value: Tensor | null): Parameter | null {
    this.#checkName(name, this.#parameters);
    const p = value === null || value instanceof Parameter ? value : new Parameter(value);
    this.#parameters.set(name, p);
    return p;
  }

  /**
   * Registers a buffer: state that is not trained but saved (running statistics). It is kept,
   * exempt from tidy(). Returns it.
   */
  registerBuffer<T extends Tensor | null>(name: string, value: T, opts: BufferOptions = {}): T {
    this.#checkName(name, this.#buffers);
    if (value) keep(value).assertAlive('registerBuffer');
    this.#buffers.set(name, value);
    if (opts.persistent === false) this.#nonPersistent.add(name);
    else this.#nonPersistent.delete(name);
    return value;
  }

  /** Registers a child module under `name` (its keys become `name.…`) and returns it. */
  registerModule<M extends AnyModule | null>(name: string, module: M): M {
    this.#checkName(name, this.#children);
    if (module !== null && !(module instanceof Module)) {
      throw new Error(`registerModule: '${name}' must be a Module, got ${typeof module}`);
    }
    this.#children.set(name, module);
    return module;
  }

  #checkName(name: string, own: Map<string, unknown>): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new Error(
        `${this.#typeName()}: a registered name must be a non-empty string without '.', got '${name}'`,
      );
    }
    for (const kinds of [this.#parameters, this.#buffers, this.#children]) {
      if (kinds !== own && kinds.has(name)) {
        throw new Error(
          `${this.#typeName()}: '${name}' is already registered as another kind of attribute`,
        );
      }
    }
  }

  /** Parameters with dotted names (`conv1.weight`), in registration order, each once. */
  namedParameters(recurse = true): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [prefix, m] of recurse ? this.namedModules() : [['', this as AnyModule] as const]) {
      for (const [name, p] of m.#parameters) {
        if (p && !seen.has(p)) {
          seen.add(p);
          out.push([join(prefix, name), p]);
        }
      }
    }
    return out;
  }

  /** Every parameter, each once (what an optimiser takes). */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters(recurse).map(([, p]) => p);
  }

  /** Buffers with dotted names (`bn1.running_mean`), in registration order, each once. */
  namedBuffers(recurse = true): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of recurse ? this.namedModules() : [['', this as AnyModule] as const]) {
      for (const [name, b] of m.#buffers) {
        if (b && !seen.has(b)) {
          seen.add(b);
          out.push([join(prefix, name), b]);
        }
      }
    }
    return out;
  }

  /** Every buffer, each once. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers(recurse).map(([, b]) => b);
  }

  /** Direct children with their names, in registration order. */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    for (const [name, m] of this.#children) {
      if (m && !seen.has(m)) {
        seen.add(m);
        out.push([name, m]);
      }
    }
    return out;
  }

  /** Direct children, in registration order. */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module ('') and every descendant with dotted names, depth first, each once. */
  namedModules(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    // Iterative pre-order walk; the stack holds children in reverse so they come out in order.
    const stack: [string, AnyModule][] = [['', this as AnyModule]];
    while (stack.length > 0) {
      const [name, m] = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
      const kids = [...m.#children].filter((e): e is [string, AnyModule] => e[1] !== null);
      for (let i = kids.length - 1; i >= 0; i--) stack.push([join(name, kids[i][0]), kids[i][1]]);
    }
    return out;
  }

  /** This module and every descendant, depth first. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Calls fn on every descendant and then on this module (children first, as PyTorch). Returns this. */
  apply(fn: (module: AnyModule) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this as AnyModule);
    return this;
  }

  /** Sets training mode on this module and every descendant (dropout, batch norm). Returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Switches to inference mode, the same as train(false). Returns this. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Parameters and persistent buffers by dotted key in PyTorch's order: each module's parameters,
   * then its buffers, then its children's. The values are the module's own tensors, not copies.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    const visit = (m: AnyModule, prefix: string) => {
      for (const [name, p] of m.#parameters) if (p) out[join(prefix, name)] = p;
      for (const [name, b] of m.#buffers) {
        if (b && !m.#nonPersistent.has(name)) out[join(prefix, name)] = b;
      }
      for (const [name, child] of m.#children) if (child) visit(child, join(prefix, name));
    };
    visit(this as AnyModule, '');
    return out;
  }

  /**
   * Copies values from `dict` into this module's existing tensors (optimisers holding them keep
   * working). Strict loading throws one error naming every missing, unexpected and mis-shaped
   * key; a non-strict one reports missing and unexpected keys. Mis-shaped keys always throw, and
   * nothing is copied when anything throws.
   */
  loadStateDict(
    dict: Readonly<Record<string, Tensor>>,
    opts: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const strict = opts.strict ?? true;
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !Object.hasOwn(dict, k));
    const unexpectedKeys = Object.keys(dict).filter((k) => !Object.hasOwn(own, k));
    const wrong: string[] = [];
    const pairs: [Tensor, Tensor][] = [];
    for (const [key, target] of Object.entries(own)) {
      if (!Object.hasOwn(dict, key)) continue;
      const source = dict[key];
      if (!(source instanceof Tensor))
        wrong.push(`${key}: expected a Tensor, got ${typeof source}`);
      else if (source.isDisposed) wrong.push(`${key}: the tensor was disposed`);
      else if (!sameShape(source.shape, target.shape)) {
        wrong.push(
          `${key}: ${showShape(source.shape)} in the dict, ${showShape(target.shape)} in the module`,
        );
      } else pairs.push([target, source]);
    }
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length > 0) {
      problems.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    }
    if (wrong.length > 0) problems.push(`wrong shapes or values: ${wrong.join('; ')}`);
    if (problems.length > 0) {
      throw new Error(
        `loadStateDict: the state dict does not fit ${this.#typeName()}${strict ? ' (strict)' : ''}:\n  ${problems.join('\n  ')}`,
      );
    }
    for (const [target, source] of pairs) copyInto(target, source);
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Moves every parameter (with its gradient) and buffer to another backend in place, as
   * torch.nn.Module.to: the tensor objects stay the same, so references to them keep working
   * (create optimisers after moving: their buffers do not move). Returns this.
   * @example
   * ```ts
   * const model = new nn.Linear(4, 2).to('cpu'); // 'gpu' or 'wasm' once registered
   * console.log(model.weight.backend.name); // → cpu
   * ```
   */
  to(backend: string | Backend): this {
    const target = typeof backend === 'string' ? findBackend(backend) : backend;
    for (const p of this.parameters()) {
      p.moveTo(target);
      p.grad?.moveTo(target);
    }
    for (const b of this.buffers()) b.moveTo(target);
    return this;
  }

  /** Drops every parameter's gradient (PyTorch's zero_grad with set_to_none). */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** Number of scalar values in the parameters (trainable ones only when asked). */
  numParameters(opts: { trainableOnly?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !opts.trainableOnly || p.requiresGrad)
      .reduce((n, p) => n + p.size, 0);
  }

  /** Frees every parameter, gradient and buffer of this module and its descendants. */
  dispose(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
      p.dispose();
    }
    for (const b of this.buffers()) b.dispose();
  }

  /** The one-line description of this module's settings inside toString(), as PyTorch's extra_repr. */
  protected extraRepr(): string {
    return '';
  }

  /** A tree of the module and its children, like PyTorch's repr. */
  toString(): string {
    const extra = this.extraRepr();
    const kids = this.namedChildren().map(([name, m]) => `(${name}): ${m.toString()}`);
    if (kids.length === 0 && !extra.includes('\n')) return `${this.#typeName()}(${extra})`;
    const lines = [...(extra === '' ? [] : extra.split('\n')), ...kids];
    return `${this.#typeName()}(\n${lines.map((l) => `  ${l.split('\n').join('\n  ')}`).join('\n')}\n)`;
  }

  #typeName(): string {
    return this.constructor.name || 'Module';
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

// Copies source's values (any backend, any dtype) into target's memory in place.
function copyInto(target: Tensor, source: Tensor): void {
  noGrad(() =>
    tidy(() => {
      const moved = source.backend === target.backend ? source : source.to(target.backend);
      const typed = moved.dtype === target.dtype ? moved : cast(moved, target.dtype);
      target.assignFrom(clone(typed));
    }),
  );
}
