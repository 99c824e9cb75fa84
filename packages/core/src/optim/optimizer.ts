// Optimizer: what every optimiser shares — its parameters, per-parameter buffers, state dicts.
import { noGrad } from '../autograd.js';
import { keep, tidy } from '../memory.js';
import { clone } from '../ops/reshape.js';
import { sameShape, showShape } from '../shape/shape.js';
import { Tensor } from '../tensor.js';

/** Hyper-parameters: flat numbers and flags, so that they serialise as JSON. */
export type HyperParams = { lr: number } & Record<string, number | boolean>;

/** The JSON half of an optimiser's state dict. */
export interface OptimizerMeta {
  /** The optimiser's class name ('SGD', 'Adam', 'AdamW'); loading checks it. */
  type: string;
  /** Hyper-parameters as they are now (a schedule may have changed lr). */
  hyper: Record<string, number | boolean>;
  /** Updates each parameter has had; as in PyTorch, a parameter without a gradient is skipped. */
  steps: number[];
  /** Each parameter group's hyper-parameters, when there is more than one group. */
  groups?: Record<string, number | boolean>[];
}

/**
 * An optimiser's state: buffers as tensors (safetensors-ready) and the rest as JSON.
 * A checkpoint stores `encodeSafetensors(sd.state, { optimizer: JSON.stringify(sd.meta) })`.
 */
export interface OptimizerStateDict {
  /** Per-parameter buffers keyed `<parameter index>.<buffer>`, e.g. `0.exp_avg` (PyTorch's names). */
  state: Record<string, Tensor>;
  meta: OptimizerMeta;
}

/**
 * A parameter group, as in PyTorch: its parameters and the options that differ from the
 * optimiser's defaults (`betas` sets Adam's beta1 and beta2).
 * @example
 * A smaller learning rate for a pretrained backbone than for a fresh head:
 * ```ts
 * const backbone = new nn.Linear(8, 4);
 * const head = new nn.Linear(4, 2);
 * const opt = new optim.SGD(
 *   [{ params: backbone.parameters(), lr: 1e-3 }, { params: head.parameters() }],
 *   { lr: 1e-2 },
 * );
 * console.log(opt.paramGroups.map((g) => g.hyper.lr)); // → [ 0.001, 0.01 ]
 * ```
 */
export interface ParamGroup {
  params: Iterable<Tensor>;
  lr?: number;
  weightDecay?: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  eps?: number;
  betas?: readonly [number, number];
}

/** What optimisers take: parameters, or parameter groups. */
export type Params = Iterable<Tensor> | readonly ParamGroup[];

function isGroupList(params: Params): params is readonly ParamGroup[] {
  return (
    Array.isArray(params) &&
    params.length > 0 &&
    params.every(
      (g) => typeof g === 'object' && g !== null && !(g instanceof Tensor) && 'params' in g,
    )
  );
}

/** Base of every optimiser: subclasses implement `update()` for one parameter. */
export abstract class Optimizer<H extends HyperParams = HyperParams> {
  /** The parameters updated in place by step(). */
  readonly params: readonly Tensor[];
  /** Hyper-parameters, read at every step (schedules may change them between steps). */
  readonly hyper: H;
  /** Names of the per-parameter buffers, in PyTorch's spelling. */
  protected abstract readonly bufferNames: readonly string[];
  private readonly buffers: Map<string, Tensor>[];
  private readonly steps: number[];
  /** Each group's parameters and hyper-parameters (the defaults with the group's overrides). */
  readonly paramGroups: { readonly params: readonly Tensor[]; readonly hyper: H }[];
  private readonly groupOf: number[];

  protected constructor(
    readonly type: string,
    params: Params,
    hyper: H,
  ) {
    const groups = isGroupList(params) ? params : [{ params }];
    const groupOf: number[] = [];
    const list: Tensor[] = [];
    groups.forEach((g, gi) => {
      for (const p of g.params) {
        list.push(p);
        groupOf.push(gi);
      }
    });
    if (list.length === 0) throw new Error(`${type}: got an empty parameter list`);
    list.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new Error(`${type}: parameter ${i} is not a Tensor`);
      // Frozen parameters (requiresGrad false) are allowed, as in PyTorch: they never get a gradient.
      if (!p.isLeaf || p.dtype !== 'float32') {
        throw new Error(
          `${type}: parameter ${i} must be a float32 leaf tensor (one no op produced)`,
        );
      }
      if (list.indexOf(p) !== i) {
        throw new Error(
          `${type}: parameter ${i} is the same tensor as parameter ${list.indexOf(p)}`,
        );
      }
    });
    checkNumber(type, 'lr', hyper.lr);
    this.params = list;
    this.hyper = hyper;
    this.groupOf = groupOf;
    this.paramGroups = groups.map((g, gi) => ({
      params: list.filter((_, i) => groupOf[i] === gi),
      hyper: groupHyper(type, hyper, g),
    }));
    this.buffers = list.map(() => new Map());
    this.steps = list.map(() => 0);
  }

  /** The learning rate (settable, for schedules). */
  get lr(): number {
    return this.hyper.lr;
  }

  /** Sets the default lr; every group's lr is scaled by the same factor (schedules keep their ratios). */
  set lr(value: number) {
    checkNumber(this.type, 'lr', value);
    const old = this.hyper.lr;
    this.hyper.lr = value;
    for (const g of this.paramGroups) {
      if (g.hyper === this.hyper) continue;
      g.hyper.lr = old === 0 ? value : (g.hyper.lr * value) / old;
    }
  }

  /** The hyper-parameters of parameter `i` (its group's). */
  protected hyperOf(i: number): H {
    return this.paramGroups[this.groupOf[i]].hyper;
  }

  /** Updates every parameter that has a gradient, in place and without recording a graph. */
  step(): void {
    noGrad(() => {
      this.params.forEach((p, i) => {
        const g = p.grad;
        if (!g) return;
        if (!sameShape(g.shape, p.shape) || g.dtype !== p.dtype) {
          throw new Error(
            `${this.type}.step: parameter ${i} has shape ${showShape(p.shape)} but its gradient ` +
              `has shape ${showShape(g.shape)} (${g.dtype})`,
          );
        }
        this.steps[i]++;
        tidy(() => this.update(i, p, g, this.steps[i]));
      });
    });
  }

  /** Disposes every parameter's gradient and sets it to null (PyTorch's set_to_none=True). */
  zeroGrad(): void {
    for (const p of this.params) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** A snapshot of the state (copies the caller owns): restoring it resumes bit for bit. */
  stateDict(): OptimizerStateDict {
    const state = noGrad(() => {
      const copies: Record<string, Tensor> = {};
      this.buffers.forEach((map, i) => {
        for (const [name, t] of map) copies[`${i}.${name}`] = clone(t);
      });
      return copies;
    });
    const meta: OptimizerMeta = {
      type: this.type,
      hyper: { ...this.hyper },
      steps: [...this.steps],
    };
    if (this.paramGroups.length > 1) meta.groups = this.paramGroups.map((g) => ({ ...g.hyper }));
    return { state, meta };
  }

  /** Restores a state from stateDict() (copied in: the caller keeps ownership of its tensors). */
  loadStateDict(sd: OptimizerStateDict): void {
    const { type } = this;
    const meta = sd?.meta;
    if (typeof meta !== 'object' || meta === null || typeof sd.state !== 'object') {
      throw new Error(`${type}.loadStateDict: expected { state, meta } as made by stateDict()`);
    }
    if (meta.type !== type) {
      throw new Error(`${type}.loadStateDict: the state is of a ${meta.type}`);
    }
    const hyper = checkHyper(type, this.hyper, meta.hyper);
    const steps = meta.steps;
    if (!Array.isArray(steps) || steps.length !== this.params.length) {
      throw new Error(
        `${type}.loadStateDict: the state has steps for ${Array.isArray(steps) ? steps.length : 0} ` +
          `parameters, this optimiser has ${this.params.length}`,
      );
    }
    if (!steps.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new Error(`${type}.loadStateDict: steps must be non-negative integers, got [${steps}]`);
    }
    const incoming = this.params.map(() => new Map<string, Tensor>());
    for (const [key, t] of Object.entries(sd.state)) {
      const match = /^(\d+)\.(.+)$/.exec(key);
      const i = match ? Number(match[1]) : -1;
      if (!match || i >= this.params.length || !this.bufferNames.includes(match[2])) {
        throw new Error(
          `${type}.loadStateDict: unexpected key '${key}' (expected <index>.<buffer> with index ` +
            `< ${this.params.length} and buffer one of ${this.bufferNames.join(', ')})`,
        );
      }
      const p = this.params[i];
      if (!(t instanceof Tensor) || !sameShape(t.shape, p.shape) || t.dtype !== p.dtype) {
        const got = t instanceof Tensor ? `${showShape(t.shape)} ${t.dtype}` : 'not a Tensor';
        throw new Error(
          `${type}.loadStateDict: '${key}' is ${got}, expected ${showShape(p.shape)} ${p.dtype}`,
        );
      }
      t.assertAlive(`${type}.loadStateDict`);
      incoming[i].set(match[2], t);
    }
    incoming.forEach((map, i) => {
      const complete = map.size === 0 || map.size === this.bufferNames.length;
      if (
        !complete ||
        (steps[i] === 0 && map.size > 0) ||
        (map.size === 0 && this.needsBuffers(steps[i]))
      ) {
        throw new Error(
          `${type}.loadStateDict: parameter ${i} has buffers [${[...map.keys()]}] after ${steps[i]} steps, ` +
            `which a ${type} cannot have`,
        );
      }
    });
    this.disposeBuffers();
    noGrad(() => {
      incoming.forEach((map, i) => {
        const p = this.params[i];
        for (const [name, t] of map) {
          const copy = t.backend === p.backend ? clone(t) : t.to(p.backend);
          this.buffers[i].set(name, keep(copy));
        }
      });
    });
    const groups = meta.groups ?? [];
    if (groups.length !== (this.paramGroups.length > 1 ? this.paramGroups.length : 0)) {
      throw new Error(
        `${type}.loadStateDict: the state has ${groups.length} parameter groups, this optimiser has ${this.paramGroups.length}`,
      );
    }
    const groupHypers = groups.map((g) => checkHyper(type, this.hyper, g));
    Object.assign(this.hyper, hyper);
    groupHypers.forEach((g, gi) => {
      Object.assign(this.paramGroups[gi].hyper, g);
    });
    steps.forEach((s, i) => {
      this.steps[i] = s;
    });
  }

  /** Frees the optimiser's buffers (the parameters are the caller's). */
  dispose(): void {
    this.disposeBuffers();
  }

  /** Updates parameter `i` in place from its gradient `g`; `step` counts this parameter's updates from 1. */
  protected abstract update(i: number, p: Tensor, g: Tensor, step: number): void;

  /** Whether a parameter that has taken `step` steps must have buffers (Adam: always after one). */
  protected needsBuffers(_step: number): boolean {
    return false;
  }

  /** Buffer `name` of parameter `i`, if it exists yet. */
  protected buffer(i: number, name: string): Tensor | undefined {
    return this.buffers[i].get(name);
  }

  /** Stores `value` as buffer `name` of parameter `i` (consuming it) and returns the buffer. */
  protected setBuffer(i: number, name: string, value: Tensor): Tensor {
    const existing = this.buffers[i].get(name);
    if (existing) {
      existing.assignFrom(value);
      return existing;
    }
    this.buffers[i].set(name, keep(value));
    return value;
  }

  private disposeBuffers(): void {
    for (const map of this.buffers) {
      for (const t of map.values()) t.dispose();
      map.clear();
    }
  }
}

/** Throws unless `value` is a finite number >= 0. */
export function checkNumber(
  op: string,
  name: string,
  value: number,
  max = Number.POSITIVE_INFINITY,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? '>= 0' : `in [0, ${max}]`;
    throw new Error(`${op}: ${name} must be a finite number ${range}, got ${String(value)}`);
  }
}

/** A group's hyper-parameters: the defaults, or a copy with the group's overrides checked. */
function groupHyper<H extends HyperParams>(
  type: string,
  defaults: H,
  group: Partial<ParamGroup>,
): H {
  const { params: _params, betas, ...rest } = group;
  const overrides: Record<string, number | boolean> = { ...rest } as Record<
    string,
    number | boolean
  >;
  if (betas) {
    overrides.beta1 = betas[0];
    overrides.beta2 = betas[1];
  }
  const keys = Object.keys(overrides).filter((k) => overrides[k] !== undefined);
  if (keys.length === 0) return defaults;
  const out = { ...defaults };
  for (const k of keys) {
    if (!(k in defaults)) {
      throw new Error(`${type}: a parameter group sets '${k}', which a ${type} does not have`);
    }
    const v = overrides[k];
    if (typeof v !== typeof defaults[k]) {
      throw new Error(
        `${type}: parameter group option ${k} must be a ${typeof defaults[k]}, got ${String(v)}`,
      );
    }
    if (typeof v === 'number')
      checkNumber(type, k, v, k.startsWith('beta') ? 1 : Number.POSITIVE_INFINITY);
    (out as Record<string, number | boolean>)[k] = v;
  }
  return out;
}

/** Checks loaded hyper-parameters have exactly the current keys and types. */
function checkHyper(
  type: string,
  current: Record<string, number | boolean>,
  loaded: Record<string, number | boolean>,
): Record<string, number | boolean> {
  const want = Object.keys(current).sort();
  const got = Object.keys(loaded ?? {}).sort();
  if (want.join() !== got.join()) {
    throw new Error(`${type}.loadStateDict: hyper-parameters [${got}] differ from [${want}]`);
  }
  for (const k of want) {
    if (typeof loaded[k] !== typeof current[k]) {
      throw new Error(
        `${type}.loadStateDict: hyper-parameter ${k} is ${typeof loaded[k]}, expected ${typeof current[k]}`,
      );
    }
  }
  return loaded;
}
