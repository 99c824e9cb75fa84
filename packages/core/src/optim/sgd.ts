// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay: torch.optim.SGD.
import { add, mul, sub } from '../ops/arithmetic.js';
import { clone } from '../ops/reshape.js';
import type { Tensor } from '../tensor.js';
import { checkNumber, Optimizer, type Params } from './optimizer.js';

/** Options of SGD (PyTorch's defaults except lr, which PyTorch also requires). */
export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/** SGD's hyper-parameters. */
export type SGDHyper = {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
};

/**
 * torch.optim.SGD: g += wd·p; buf = g on the first step, else momentum·buf + (1 − dampening)·g;
 * g = nesterov ? g + momentum·buf : buf; p −= lr·g.
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9, nesterov: true });
 * const x = tensor([[1, 2, 3]]);
 * opt.zeroGrad();
 * model.forward(x).square().sum().backward();
 * opt.step();
 * ```
 */
export class SGD extends Optimizer<SGDHyper> {
  protected readonly bufferNames = ['momentum_buffer'] as const;

  constructor(params: Params, options: SGDOptions) {
    const { lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = options;
    checkNumber('SGD', 'momentum', momentum);
    checkNumber('SGD', 'dampening', dampening);
    checkNumber('SGD', 'weightDecay', weightDecay);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new Error('SGD: nesterov momentum requires momentum > 0 and dampening = 0');
    }
    super('SGD', params, { lr, momentum, dampening, nesterov, weightDecay });
  }

  protected update(i: number, p: Tensor, g: Tensor): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this.hyperOf(i);
    let d = weightDecay !== 0 ? add(g, mul(p, weightDecay)) : g;
    if (momentum !== 0) {
      const prev = this.buffer(i, 'momentum_buffer');
      // The first buffer is the gradient itself, undamped (PyTorch), not (1 − dampening)·g.
      const next = prev
        ? add(mul(prev, momentum), dampening !== 0 ? mul(d, 1 - dampening) : d)
        : clone(d);
      const buf = this.setBuffer(i, 'momentum_buffer', next);
      d = nesterov ? add(d, mul(buf, momentum)) : buf;
    }
    p.assignFrom(sub(p, mul(d, lr)));
  }
}
