// A small, async training loop with typed callbacks and cancellation; hand-written loops stay first-class.
import { tidy } from '../memory.js';
import type { Module } from '../nn/module.js';
import { crossEntropy } from '../ops/loss.js';
import { argmax } from '../ops/reduce.js';
import type { Optimizer } from '../optim/optimizer.js';
import { type BatchSource, evaluate, type LossFn } from './evaluate.js';

/** Reported after every training batch. */
export interface BatchEnd {
  epoch: number;
  /** Index of the batch within the epoch. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** This batch's mean loss and accuracy. */
  loss: number;
  accuracy: number;
  /** Running mean loss over the epoch so far. */
  runningLoss: number;
  /** Training throughput over the epoch so far. */
  samplesPerSecond: number;
}

/** Reported after every epoch. */
export interface EpochEnd {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  /** Present when a validation loader was given. */
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Options of fit(). */
export interface FitOptions {
  epochs: number;
  validation?: BatchSource;
  lossFn?: LossFn;
  /** Resume at this epoch and batch (as returned by a stopped fit). */
  startEpoch?: number;
  startBatch?: number;
  /** Aborting stops after the current batch; fit resolves with `stopped: true` and where to resume. */
  signal?: AbortSignal;
  /** Called after every training batch with its loss, accuracy and speed; awaited. */
  onBatchEnd?: (info: BatchEnd) => void | Promise<void>;
  /** Called after every epoch with its metrics (and validation's, when given); awaited. */
  onEpochEnd?: (info: EpochEnd) => void | Promise<void>;
}

/** What fit() did: a record per completed epoch, and where it stopped. */
export interface FitResult {
  history: EpochEnd[];
  stopped: boolean;
  /** Where a resumed fit should start (the epoch and batch after the last one trained). */
  epoch: number;
  batch: number;
}

// Yields to the event loop between batches so signals (Ctrl-C) and UI work get through.
// setImmediate is typed locally: core also compiles without Node's types (the UI's worker).
const nextTick = (): Promise<void> => {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown })
    .setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
};

/**
 * Trains `model` with `optimizer` on `train` for `epochs`, in train mode.
 * @example
 * Learns which of two coordinates is larger:
 * ```ts
 * manualSeed(0);
 * const x = randn([256, 2]);
 * const y = x.argmax(1);
 * const loader = new utils.data.DataLoader(new utils.data.TensorDataset(x, y), { batchSize: 32, shuffle: true });
 * const model = new nn.Linear(2, 2);
 * const { history } = await fit(model, new optim.Adam(model.parameters(), { lr: 0.05 }), loader, { epochs: 5 });
 * console.log(history[4].trainAccuracy > 0.9); // → true
 * ```
 */
export async function fit(
  model: Module,
  optimizer: Optimizer,
  train: BatchSource,
  opts: FitOptions,
): Promise<FitResult> {
  const lossFn = opts.lossFn ?? crossEntropy;
  const history: EpochEnd[] = [];
  const batches = train.length;
  let epoch = opts.startEpoch ?? 0;
  let fromBatch = opts.startBatch ?? 0;
  for (; epoch < opts.epochs; epoch++, fromBatch = 0) {
    model.train();
    const started = performance.now();
    let samples = 0;
    let lossSum = 0;
    let correct = 0;
    let batch = fromBatch;
    for (const { x, y, size } of train.epoch(epoch, fromBatch)) {
      const [loss, right] = tidy(() => {
        optimizer.zeroGrad();
        const logits = model.forward(x);
        const l = lossFn(logits, y);
        l.backward();
        optimizer.step();
        const hits = argmax(logits, 1).dataSync();
        const truth = y.dataSync();
        let right = 0;
        for (let i = 0; i < hits.length; i++) if (hits[i] === truth[i]) right++;
        return [l.item(), right];
      });
      x.dispose();
      y.dispose();
      samples += size;
      lossSum += loss * size;
      correct += right;
      const seconds = (performance.now() - started) / 1000;
      await opts.onBatchEnd?.({
        epoch,
        batch,
        batches,
        loss,
        accuracy: right / size,
        runningLoss: lossSum / samples,
        samplesPerSecond: samples / seconds,
      });
      batch++;
      await nextTick();
      if (opts.signal?.aborted && batch < batches) return { history, stopped: true, epoch, batch };
    }
    const seconds = (performance.now() - started) / 1000;
    const record: EpochEnd = {
      epoch,
      trainLoss: lossSum / samples,
      trainAccuracy: correct / samples,
      seconds,
      samplesPerSecond: samples / seconds,
    };
    if (opts.validation) {
      const v = evaluate(model, opts.validation, lossFn);
      record.valLoss = v.loss;
      record.valAccuracy = v.accuracy;
    }
    history.push(record);
    await opts.onEpochEnd?.(record);
    if (opts.signal?.aborted) return { history, stopped: true, epoch: epoch + 1, batch: 0 };
  }
  return { history, stopped: false, epoch, batch: 0 };
}
