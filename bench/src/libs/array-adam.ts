// Adam for libraries that have none (convnetjs 0.3): PyTorch's update on plain arrays,
// p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps), with the gradient averaged over the batch.

/** A parameter array and the gradient summed into it over a batch. */
export interface ParamGrad {
  params: Float64Array | Float32Array;
  grads: Float64Array | Float32Array;
}

/** Adam's hyper-parameters. */
export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** Adam over a fixed list of parameter arrays; step() also zeroes the gradients. */
export class ArrayAdam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;

  constructor(
    private readonly groups: readonly ParamGrad[],
    private readonly cfg: AdamConfig,
  ) {
    this.m = groups.map((g) => new Float64Array(g.params.length));
    this.v = groups.map((g) => new Float64Array(g.params.length));
  }

  /** One update from gradients summed over `batch` samples (divided here to get the mean). */
  step(batch: number): void {
    const { lr, beta1, beta2, eps } = this.cfg;
    this.t++;
    const stepSize = lr / (1 - beta1 ** this.t);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    this.groups.forEach(({ params, grads }, i) => {
      const m = this.m[i];
      const v = this.v[i];
      for (let j = 0; j < params.length; j++) {
        const g = grads[j] / batch;
        m[j] = beta1 * m[j] + (1 - beta1) * g;
        v[j] = beta2 * v[j] + (1 - beta2) * g * g;
        params[j] -= (stepSize * m[j]) / (Math.sqrt(v[j]) / bc2Sqrt + eps);
        grads[j] = 0;
      }
    });
  }
}
