// Embedding: a lookup table of vectors, as torch.nn.Embedding.

import { noGrad } from '../autograd.js';
import { embedding } from '../ops/layers.js';
import type { Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { normal_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { formatSettings, type ReprValue } from './repr.js';

/** Options of Embedding, PyTorch's defaults. */
export interface EmbeddingOptions {
  /** A row that starts at zero and gets no gradient (padding tokens). */
  paddingIdx?: number;
  /** The PRNG the initial weights (N(0, 1)) are drawn from; the global one by default. */
  generator?: Generator;
}

/**
 * Maps int32 indices to rows of weight [numEmbeddings, embeddingDim].
 * @example
 * ```ts
 * const tokens = tensor([[1, 2, 3], [4, 5, 6]], undefined, { dtype: 'int32' });
 * console.log(new nn.Embedding(1000, 64).forward(tokens).shape); // [N, T] → [N, T, 64]: → [ 2, 3, 64 ]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  /** [numEmbeddings, embeddingDim] */
  readonly weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    for (const [name, v] of [
      ['numEmbeddings', numEmbeddings],
      ['embeddingDim', embeddingDim],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`Embedding: ${name} must be a positive integer, got ${v}`);
    }
    const p = opts.paddingIdx;
    if (p !== undefined && (!Number.isInteger(p) || p < -numEmbeddings || p >= numEmbeddings)) {
      throw new Error(
        `Embedding: paddingIdx ${p} is outside [${-numEmbeddings}, ${numEmbeddings - 1}]`,
      );
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = p === undefined ? null : p < 0 ? p + numEmbeddings : p;
    this.weight = this.registerParameter('weight', new Parameter([numEmbeddings, embeddingDim]));
    this.resetParameters(opts.generator);
  }

  /** Redraws the weight from N(0, 1) and zeroes the padding row, as PyTorch. */
  resetParameters(generator?: Generator): void {
    normal_(this.weight, 0, 1, { generator });
    if (this.paddingIdx === null) return;
    const values = this.weight.dataSync();
    values.fill(0, this.paddingIdx * this.embeddingDim, (this.paddingIdx + 1) * this.embeddingDim);
    const w = this.weight;
    noGrad(() => w.assignFrom(Tensor.fromValues(values, w.shape, 'float32', w.backend)));
  }

  /** indices: int32 [...S] -> [...S, embeddingDim] */
  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx);
  }

  protected override extraRepr(): string {
    const s: [string, ReprValue][] = [
      ['', this.numEmbeddings],
      ['', this.embeddingDim],
    ];
    if (this.paddingIdx !== null) s.push(['paddingIdx', this.paddingIdx]);
    return formatSettings(s);
  }
}
