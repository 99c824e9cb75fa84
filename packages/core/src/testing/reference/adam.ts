// Reference torch.optim.Adam / AdamW steps in float64.

/** Hyper-parameters of the reference Adam; `decoupled` selects AdamW's weight decay. */
export interface RefAdamOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;
}

/** Parameter and moments of one tensor; `step` counts the steps taken. */
export interface RefAdamState {
  param: Float64Array;
  m: Float64Array;
  v: Float64Array;
  step: number;
}

/** A fresh state: zero moments, no steps taken. */
export function adamState(param: Float64Array): RefAdamState {
  return {
    param: param.slice(),
    m: new Float64Array(param.length),
    v: new Float64Array(param.length),
    step: 0,
  };
}

/** One step of torch.optim.Adam (L2 decay in the gradient) or AdamW (decoupled decay), in place. */
export function adamStep(state: RefAdamState, grad: Float64Array, o: RefAdamOptions): void {
  state.step++;
  const bc1 = 1 - o.beta1 ** state.step;
  const bc2 = 1 - o.beta2 ** state.step;
  for (let i = 0; i < grad.length; i++) {
    let p = state.param[i];
    let g = grad[i];
    if (o.decoupled) p *= 1 - o.lr * o.weightDecay;
    else g += o.weightDecay * p;
    state.m[i] = o.beta1 * state.m[i] + (1 - o.beta1) * g;
    state.v[i] = o.beta2 * state.v[i] + (1 - o.beta2) * g * g;
    // torch: denom = sqrt(v) / sqrt(bc2) + eps, the eps outside the root.
    const denom = Math.sqrt(state.v[i]) / Math.sqrt(bc2) + o.eps;
    state.param[i] = p - (o.lr / bc1) * (state.m[i] / denom);
  }
}
