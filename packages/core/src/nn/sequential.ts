// Sequential: a chain of modules applied in order, as torch.nn.Sequential.
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/**
 * Applies its modules one after another; they are named "0", "1", … in the state dict.
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * console.log(model.forward(zeros([3, 4])).shape); // → [ 3, 2 ]
 * console.log(Object.keys(model.stateDict())); // → [ '0.weight', '0.bias', '2.weight', '2.bias' ]
 * ```
 */
export class Sequential extends Module {
  readonly #layers: Module[] = [];

  /** The modules, applied in this order. */
  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end, named by its index. Returns this. */
  append(module: Module): this {
    this.#layers.push(this.registerModule(String(this.#layers.length), module));
    return this;
  }

  /** Number of modules. */
  get length(): number {
    return this.#layers.length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    const m = this.#layers.at(index);
    if (!m)
      throw new Error(`Sequential: no module at index ${index} (it has ${this.#layers.length})`);
    return m;
  }

  /** The modules in order, so `for (const layer of seq)` and `[...seq]` work. */
  [Symbol.iterator](): Iterator<Module> {
    return this.#layers[Symbol.iterator]();
  }

  /** x -> the last module's output */
  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.#layers) y = m.forward(y);
    return y;
  }
}
