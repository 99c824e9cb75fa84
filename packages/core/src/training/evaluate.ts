// Loss, accuracy and predictions of a classifier over a whole loader, in eval mode.
import { noGrad } from '../autograd.js';
import { tidy } from '../memory.js';
import type { Module } from '../nn/module.js';
import { crossEntropy } from '../ops/loss.js';
import { argmax } from '../ops/reduce.js';
import type { Tensor } from '../tensor.js';

/** A loss of logits [N, K] and int32 labels [N] (mean over the batch). */
export type LossFn = (logits: Tensor, labels: Tensor) => Tensor;

/** What evaluate() measured. */
export interface Evaluation {
  /** Mean loss per sample. */
  loss: number;
  accuracy: number;
  correct: number;
  count: number;
  /** The predicted class of every sample, in loader order. */
  predictions: Int32Array;
  /** The true labels, in loader order. */
  labels: Int32Array;
}

/** A batch fit() and evaluate() read: inputs, integer labels, and how many samples. */
export interface LabelledBatch {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly size: number;
}

/**
 * What fit() and evaluate() take: data.DataLoader (images) or utils.data.DataLoader (any
 * TensorDataset or Dataset of [x, y]); iterating runs an epoch, epoch(e, from) resumes one.
 */
export interface BatchSource extends Iterable<LabelledBatch> {
  readonly length: number;
  /** The batches of epoch `epoch` (its shuffle), starting at batch `fromBatch`. */
  epoch(epoch: number, fromBatch?: number): Iterable<LabelledBatch>;
}

/**
 * Runs the model in eval mode (no graph) over every batch; the model's mode is restored after.
 * @example
 * ```ts
 * const x = tensor([[1, 0], [0, 1], [2, 0]]);
 * const y = tensor([0, 1, 0], undefined, { dtype: 'int32' });
 * const model = new nn.Linear(2, 2);
 * model.loadStateDict({ weight: tensor([[1, 0], [0, 1]]), bias: zeros([2]) }); // picks the larger coordinate
 * const loader = new utils.data.DataLoader(new utils.data.TensorDataset(x, y), { batchSize: 2 });
 * console.log(evaluate(model, loader).accuracy); // → 1
 * ```
 */
export function evaluate(
  model: Module,
  loader: BatchSource,
  lossFn: LossFn = crossEntropy,
): Evaluation {
  const wasTraining = model.training;
  model.eval();
  const predictions: number[] = [];
  const labels: number[] = [];
  let lossSum = 0;
  try {
    noGrad(() => {
      for (const { x, y, size } of loader) {
        tidy(() => {
          const logits = model.forward(x);
          lossSum += lossFn(logits, y).item() * size;
          predictions.push(...argmax(logits, 1).dataSync());
          labels.push(...y.dataSync());
        });
        x.dispose();
        y.dispose();
      }
    });
  } finally {
    model.train(wasTraining);
  }
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  const count = labels.length;
  return {
    loss: lossSum / count,
    accuracy: correct / count,
    correct,
    count,
    predictions: Int32Array.from(predictions),
    labels: Int32Array.from(labels),
  };
}
