// Learning-rate schedules with PyTorch's formulas: StepLR, CosineAnnealingLR and OneCycleLR.
import { checkNumber, type Optimizer } from './optimizer.js';

/** The options a schedule is constructed with, kept in its state dict. */
export type ScheduleOptions = Record<string, number | boolean | string>;

/** A schedule's state, all JSON: save it beside the optimiser's. */
export interface LRSchedulerStateDict {
  /** The schedule's class name; loading checks it. */
  type: string;
  /** Steps taken since construction (PyTorch's last_epoch). */
  lastEpoch: number;
  /** The learning rate the schedule starts from (PyTorch's base_lrs[0]). */
  baseLr: number;
  /** The learning rate the last step set. */
  lastLr: number;
  options: Record<string, number | boolean | string>;
}

/**
 * Base of the schedules. Construction takes PyTorch's initial step (epoch 0); each step() moves one
 * epoch (or batch) on and sets the optimiser's lr. Restore the optimiser's state as well as this one.
 */
export abstract class LRScheduler<O extends ScheduleOptions = ScheduleOptions> {
  /** Steps taken since construction (PyTorch's last_epoch). */
  lastEpoch = 0;
  protected baseLr: number;
  private lastLr: number;

  protected constructor(
    readonly type: string,
    readonly optimizer: Optimizer,
    protected readonly options: O,
    baseLr = optimizer.lr,
  ) {
    this.baseLr = baseLr;
    this.lastLr = this.apply();
  }

  /** Advances the schedule by one step and sets the optimiser's learning rate. */
  step(): void {
    this.lastEpoch++;
    this.lastLr = this.apply();
  }

  /** The learning rate set by the last step (PyTorch's get_last_lr()[0]). */
  getLastLr(): number {
    return this.lastLr;
  }

  /** The schedule's state as plain JSON. */
  stateDict(): LRSchedulerStateDict {
    const { type, lastEpoch, baseLr, lastLr } = this;
    return { type, lastEpoch, baseLr, lastLr, options: { ...this.options } };
  }

  /** Restores a state from stateDict() (options included, as PyTorch does). */
  loadStateDict(sd: LRSchedulerStateDict): void {
    const { type } = this;
    if (sd.type !== type) throw new Error(`${type}.loadStateDict: the state is of a ${sd.type}`);
    if (!Number.isInteger(sd.lastEpoch) || sd.lastEpoch < 0) {
      throw new Error(
        `${type}.loadStateDict: lastEpoch must be an integer >= 0, got ${sd.lastEpoch}`,
      );
    }
    checkNumber(`${type}.loadStateDict`, 'baseLr', sd.baseLr);
    checkNumber(`${type}.loadStateDict`, 'lastLr', sd.lastLr);
    const want = Object.keys(this.options).sort().join();
    const got = Object.keys(sd.options ?? {})
      .sort()
      .join();
    const sameTypes =
      want === got &&
      Object.keys(this.options).every((k) => typeof sd.options[k] === typeof this.options[k]);
    if (!sameTypes) {
      throw new Error(`${type}.loadStateDict: options {${got}} do not match {${want}}`);
    }
    Object.assign(this.options, sd.options);
    this.lastEpoch = sd.lastEpoch;
    this.baseLr = sd.baseLr;
    this.lastLr = sd.lastLr;
  }

  /** The learning rate at `lastEpoch` (PyTorch's get_lr, chainable forms included). */
  protected abstract computeLr(): number;

  private apply(): number {
    const lr = this.computeLr();
    this.optimizer.lr = lr;
    return lr;
  }
}

function checkPositiveInteger(op: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${op}: ${name} must be a positive integer, got ${value}`);
  }
}

/** Options of StepLR. */
export interface StepLROptions {
  stepSize: number;
  gamma?: number;
}

/**
 * torch.optim.lr_scheduler.StepLR: lr multiplied by gamma every stepSize steps
 * (lr_t = base·gamma^⌊t/stepSize⌋, applied multiplicatively as PyTorch does).
 * @example
 * ```ts
 * const opt = new optim.SGD(new nn.Linear(2, 1).parameters(), { lr: 0.1 });
 * const sched = new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 });
 * for (let epoch = 0; epoch < 4; epoch++) sched.step(); // after each epoch's training
 * console.log(sched.getLastLr()); // → 0.025
 * ```
 */
export class StepLR extends LRScheduler<{ stepSize: number; gamma: number }> {
  constructor(optimizer: Optimizer, { stepSize, gamma = 0.1 }: StepLROptions) {
    checkPositiveInteger('StepLR', 'stepSize', stepSize);
    checkNumber('StepLR', 'gamma', gamma);
    super('StepLR', optimizer, { stepSize, gamma });
  }

  protected computeLr(): number {
    const { stepSize, gamma } = this.options;
    const lr = this.optimizer.lr;
    return this.lastEpoch === 0 || this.lastEpoch % stepSize !== 0 ? lr : lr * gamma;
  }
}

/** Options of CosineAnnealingLR. */
export interface CosineAnnealingLROptions {
  tMax: number;
  etaMin?: number;
}

/**
 * torch.optim.lr_scheduler.CosineAnnealingLR: lr_t = etaMin + (base − etaMin)·(1 + cos(πt/tMax))/2,
 * computed with PyTorch's recursive form (so that it composes with other changes to lr).
 * @example
 * ```ts
 * const opt = new optim.SGD(new nn.Linear(2, 1).parameters(), { lr: 0.1 });
 * const sched = new optim.CosineAnnealingLR(opt, { tMax: 10 });
 * for (let epoch = 0; epoch < 5; epoch++) sched.step();
 * console.log(sched.getLastLr().toFixed(4)); // → 0.0500
 * ```
 */
export class CosineAnnealingLR extends LRScheduler<{ tMax: number; etaMin: number }> {
  constructor(optimizer: Optimizer, { tMax, etaMin = 0 }: CosineAnnealingLROptions) {
    checkPositiveInteger('CosineAnnealingLR', 'tMax', tMax);
    checkNumber('CosineAnnealingLR', 'etaMin', etaMin);
    super('CosineAnnealingLR', optimizer, { tMax, etaMin });
  }

  protected computeLr(): number {
    const { tMax, etaMin } = this.options;
    const t = this.lastEpoch;
    const lr = this.optimizer.lr;
    if (t === 0) return lr;
    // Past tMax the cosine restarts from etaMin; the sign of % does not matter for a test against 0.
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return lr + ((this.baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    }
    const ratio = (1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax));
    return ratio * (lr - etaMin) + etaMin;
  }
}

/** Options of OneCycleLR (PyTorch's defaults). */
export interface OneCycleLROptions {
  maxLr: number;
  totalSteps: number;
  /** Fraction of the steps spent warming up; default 0.3. */
  pctStart?: number;
  /** Default 'cos'. */
  annealStrategy?: 'cos' | 'linear';
  /**
   * Cycle SGD's momentum or Adam's beta1 inversely to lr; default true, as in PyTorch (which also
   * turns on momentum for an SGD created without it).
   */
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
  /** Initial lr = maxLr / divFactor; default 25. */
  divFactor?: number;
  /** Final lr = initial lr / finalDivFactor; default 1e4. */
  finalDivFactor?: number;
  /** Go back down to the initial lr before annealing to the final one; default false. */
  threePhase?: boolean;
}

type OneCycleSettings = Required<OneCycleLROptions>;

interface Phase {
  end: number;
  lr: [number, number];
  momentum: [number, number];
}

/**
 * torch.optim.lr_scheduler.OneCycleLR: warm up from maxLr/divFactor to maxLr over pctStart of the
 * steps, then anneal to the initial lr / finalDivFactor. Call step() after every batch.
 * @example
 * ```ts
 * const opt = new optim.SGD(new nn.Linear(2, 1).parameters(), { lr: 0.01 });
 * const sched = new optim.OneCycleLR(opt, { maxLr: 0.01, totalSteps: 100 }); // call step() after each batch
 * console.log(sched.getLastLr().toFixed(4)); // maxLr / 25: → 0.0004
 * ```
 */
export class OneCycleLR extends LRScheduler<OneCycleSettings> {
  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    const settings: OneCycleSettings = {
      maxLr: options.maxLr,
      totalSteps: options.totalSteps,
      pctStart: options.pctStart ?? 0.3,
      annealStrategy: options.annealStrategy ?? 'cos',
      cycleMomentum: options.cycleMomentum ?? true,
      baseMomentum: options.baseMomentum ?? 0.85,
      maxMomentum: options.maxMomentum ?? 0.95,
      divFactor: options.divFactor ?? 25,
      finalDivFactor: options.finalDivFactor ?? 1e4,
      threePhase: options.threePhase ?? false,
    };
    const op = 'OneCycleLR';
    checkNumber(op, 'maxLr', settings.maxLr);
    checkPositiveInteger(op, 'totalSteps', settings.totalSteps);
    checkNumber(op, 'pctStart', settings.pctStart, 1);
    checkNumber(op, 'baseMomentum', settings.baseMomentum, 1);
    checkNumber(op, 'maxMomentum', settings.maxMomentum, 1);
    if (!(settings.divFactor > 0) || !(settings.finalDivFactor > 0)) {
      throw new Error(`${op}: divFactor and finalDivFactor must be > 0`);
    }
    if (settings.annealStrategy !== 'cos' && settings.annealStrategy !== 'linear') {
      throw new Error(
        `${op}: annealStrategy must be 'cos' or 'linear', got '${settings.annealStrategy}'`,
      );
    }
    if (
      settings.cycleMomentum &&
      !('momentum' in optimizer.hyper) &&
      !('beta1' in optimizer.hyper)
    ) {
      throw new Error(
        `${op}: cycleMomentum needs an optimiser with momentum or betas (or pass cycleMomentum: false)`,
      );
    }
    super(op, optimizer, settings, settings.maxLr / settings.divFactor);
  }

  protected computeLr(): number {
    const o = this.options;
    const t = this.lastEpoch;
    if (t > o.totalSteps) {
      throw new Error(
        `OneCycleLR: tried to step ${t} times; the schedule has totalSteps = ${o.totalSteps}`,
      );
    }
    const phases = this.phases();
    let start = 0;
    for (let k = 0; k < phases.length; k++) {
      const { end, lr, momentum } = phases[k];
      if (t <= end || k === phases.length - 1) {
        if (end === start) {
          throw new Error(`OneCycleLR: phase ${k + 1} has no steps (pctStart ${o.pctStart})`);
        }
        const pct = (t - start) / (end - start);
        const anneal = o.annealStrategy === 'cos' ? annealCos : annealLinear;
        if (o.cycleMomentum) this.setMomentum(anneal(momentum[0], momentum[1], pct));
        return anneal(lr[0], lr[1], pct);
      }
      start = end;
    }
    throw new Error('OneCycleLR: unreachable');
  }

  private phases(): Phase[] {
    const o = this.options;
    const initial = o.maxLr / o.divFactor;
    const min = initial / o.finalDivFactor;
    const lo = o.baseMomentum;
    const hi = o.maxMomentum;
    // PyTorch's phase boundaries, float arithmetic included: pct·total − 1 (and 2·pct·total − 2).
    if (o.threePhase) {
      return [
        { end: o.pctStart * o.totalSteps - 1, lr: [initial, o.maxLr], momentum: [hi, lo] },
        { end: 2 * o.pctStart * o.totalSteps - 2, lr: [o.maxLr, initial], momentum: [lo, hi] },
        { end: o.totalSteps - 1, lr: [initial, min], momentum: [hi, hi] },
      ];
    }
    return [
      { end: o.pctStart * o.totalSteps - 1, lr: [initial, o.maxLr], momentum: [hi, lo] },
      { end: o.totalSteps - 1, lr: [o.maxLr, min], momentum: [lo, hi] },
    ];
  }

  private setMomentum(value: number): void {
    const hyper = this.optimizer.hyper;
    if ('beta1' in hyper) hyper.beta1 = value;
    else hyper.momentum = value;
  }
}

function annealCos(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
}

function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
