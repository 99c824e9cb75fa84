// ModuleList and ModuleDict: containers that register their modules, as torch.nn.ModuleList/ModuleDict.
import type { Tensor } from '../tensor.js';
import { type AnyModule, Module } from './module.js';

/**
 * Holds modules in a list, registered as "0", "1", … (keys like `layers.0.weight`); it has no
 * forward of its own: iterate it in the owner's forward.
 * @example
 * ```ts
 * class Mlp extends nn.Module {
 *   readonly layers = this.registerModule(
 *     'layers',
 *     new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 2)]),
 *   );
 *   forward(x: Tensor): Tensor {
 *     for (const layer of this.layers) x = layer.forward(x);
 *     return x;
 *   }
 * }
 * console.log(Object.keys(new Mlp().stateDict())[0]); // → layers.0.weight
 * ```
 */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<[Tensor], never> {
  readonly #items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end. Returns this. */
  append(module: M): this {
    this.#items.push(this.registerModule(String(this.#items.length), module));
    return this;
  }

  /** Adds several modules at the end. Returns this. */
  extend(modules: Iterable<M>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Number of modules. */
  get length(): number {
    return this.#items.length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): M {
    const m = this.#items.at(index);
    if (!m)
      throw new Error(`ModuleList: no module at index ${index} (it has ${this.#items.length})`);
    return m;
  }

  /** The modules, in order. */
  [Symbol.iterator](): Iterator<M> {
    return this.#items[Symbol.iterator]();
  }

  /** A ModuleList is not called; iterate it. */
  forward(): never {
    throw new Error('ModuleList: has no forward(); iterate it in the owning module');
  }
}

/**
 * Holds modules by name (keys like `heads.cls.weight`), in insertion order.
 * @example
 * ```ts
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
 * console.log(Object.keys(heads.stateDict())); // → [ 'cls.weight', 'cls.bias', 'box.weight', 'box.bias' ]
 * ```
 */
export class ModuleDict<M extends AnyModule = AnyModule> extends Module<[Tensor], never> {
  readonly #items = new Map<string, M>();

  constructor(modules: Readonly<Record<string, M>> = {}) {
    super();
    for (const [name, m] of Object.entries(modules)) this.set(name, m);
  }

  /** Registers `module` under `name` (a name registered before is refused). Returns this. */
  set(name: string, module: M): this {
    this.#items.set(name, this.registerModule(name, module));
    return this;
  }

  /** The module under `name`. */
  get(name: string): M {
    const m = this.#items.get(name);
    if (!m)
      throw new Error(
        `ModuleDict: no module named '${name}' (it has ${[...this.#items.keys()].join(', ') || 'none'})`,
      );
    return m;
  }

  /** Whether a module is stored under `name`. */
  has(name: string): boolean {
    return this.#items.has(name);
  }

  /** The names, in insertion order. */
  keys(): string[] {
    return [...this.#items.keys()];
  }

  /** [name, module] pairs, in insertion order. */
  entries(): [string, M][] {
    return [...this.#items.entries()];
  }

  /** How many modules it holds. */
  get size(): number {
    return this.#items.size;
  }

  /** A ModuleDict is not called; pick its modules by name. */
  forward(): never {
    throw new Error('ModuleDict: has no forward(); pick modules by name in the owning module');
  }
}
