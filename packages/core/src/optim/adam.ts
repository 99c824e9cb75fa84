// Adam and AdamW with bias correction: torch.optim.Adam (L2 decay) and torch.optim.AdamW (decoupled).
import { hasKernel, runKernel } from '../engine.js';
import { add, div, mul, sub } from '../ops/arithmetic.js';
import { zerosLike } from '../ops/creation.js';
import { sqrt } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { checkNumber, Optimizer, type Params } from './optimizer.js';

/** Options of Adam and AdamW. */
export interface AdamOptions {
  /** Default 1e-3. */
  lr?: number;
  /** Decay rates of the first and second moment estimates; default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to √v̂ (after the square root); default 1e-8. */
  eps?: number;
  /** Adam: L2 term added to the gradient (default 0). AdamW: decoupled decay (default 1e-2). */
  weightDecay?: number;
  /**
   * Use the backend's fused AdamUpdate kernel: true requires it, false composes the update from
   * ops, undefined (default) uses it when the backend has it.
   */
  fused?: boolean;
}

/** Adam's hyper-parameters (betas flattened so the state serialises as flat JSON). */
export type AdamHyper = {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
};

/**
 * torch.optim.Adam: g += wd·p; m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
 * p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps).
 * @example
 * ```ts
 * const w = tensor([1, -2]).requiresGrad_();
 * const opt = new optim.Adam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // Adam's first step moves each weight by lr against its gradient's sign
 * console.log(w); // → tensor([ 0.9000, -1.9000], requiresGrad=true)
 * ```
 */
export class Adam extends Optimizer<AdamHyper> {
  protected readonly bufferNames = ['exp_avg', 'exp_avg_sq'] as const;
  private readonly fused: boolean | undefined;
  private readonly decoupled: boolean;

  constructor(params: Params, options: AdamOptions = {}) {
    const decoupled = new.target === AdamW || new.target.prototype instanceof AdamW;
    const type = decoupled ? 'AdamW' : 'Adam';
    const {
      lr = 1e-3,
      betas = [0.9, 0.999],
      eps = 1e-8,
      weightDecay = decoupled ? 1e-2 : 0,
    } = options;
    checkNumber(type, 'betas[0]', betas[0], 1);
    checkNumber(type, 'betas[1]', betas[1], 1);
    if (betas[0] === 1 || betas[1] === 1) {
      throw new Error(`${type}: betas must be < 1, got [${betas}]`);
    }
    checkNumber(type, 'eps', eps);
    checkNumber(type, 'weightDecay', weightDecay);
    super(type, params, { lr, beta1: betas[0], beta2: betas[1], eps, weightDecay });
    this.fused = options.fused;
    this.decoupled = decoupled;
  }

  protected override needsBuffers(step: number): boolean {
    return step > 0;
  }

  protected update(i: number, p: Tensor, g: Tensor, step: number): void {
    const m = this.buffer(i, 'exp_avg') ?? this.setBuffer(i, 'exp_avg', zerosLike(p));
    const v = this.buffer(i, 'exp_avg_sq') ?? this.setBuffer(i, 'exp_avg_sq', zerosLike(p));
    const attrs = { ...this.hyperOf(i), decoupled: this.decoupled, step };
    if (this.fused === true || (this.fused === undefined && hasKernel('AdamUpdate', [p]))) {
      const [p1, m1, v1] = runKernel('AdamUpdate', { param: p, grad: g, m, v }, attrs);
      p.assignFrom(p1);
      m.assignFrom(m1);
      v.assignFrom(v1);
      return;
    }
    const { lr, beta1, beta2, eps, weightDecay } = attrs;
    const decay = weightDecay !== 0;
    // Adam folds the decay into the gradient (L2); AdamW shrinks the weights first (decoupled).
    const grad = decay && !this.decoupled ? add(g, mul(p, weightDecay)) : g;
    const param = decay && this.decoupled ? mul(p, 1 - lr * weightDecay) : p;
    m.assignFrom(add(mul(m, beta1), mul(grad, 1 - beta1)));
    v.assignFrom(add(mul(v, beta2), mul(mul(grad, grad), 1 - beta2)));
    const stepSize = lr / (1 - beta1 ** step);
    const denom = add(div(sqrt(v), Math.sqrt(1 - beta2 ** step)), eps);
    p.assignFrom(sub(param, mul(div(m, denom), stepSize)));
  }
}

/**
 * torch.optim.AdamW: Adam whose weight decay shrinks the weights, p ← p·(1 − lr·wd), instead of
 * entering the gradient. Default weightDecay 1e-2.
 * @example
 * ```ts
 * const model = new nn.Linear(4, 2);
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-3 });
 * console.log(opt.paramGroups[0].hyper.weightDecay); // → 0.01
 * ```
 */
export class AdamW extends Adam {}
