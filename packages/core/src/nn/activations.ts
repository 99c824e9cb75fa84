// GELU, SiLU and Softplus as layers, as torch.nn.GELU / SiLU / Softplus (default settings).
import { gelu, silu, softplus } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** x·Φ(x) (the exact, erf form). */
export class GELU extends Module {
  /** x -> the same shape */
  forward(x: Tensor): Tensor {
    return gelu(x);
  }
}

/** x·σ(x). */
export class SiLU extends Module {
  /** x -> the same shape */
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/** log(1 + eˣ) (x itself above 20). */
export class Softplus extends Module {
  /** x -> the same shape */
  forward(x: Tensor): Tensor {
    return softplus(x);
  }
}
