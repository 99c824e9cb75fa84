// The measurement loops every library shares, so each is timed the same way.
import { models } from '@digitnet/core';
import type { ImageBatch } from '../inputs.js';
import type { KernelCase } from '../kernel-cases.js';
import { median, percentile, timeRuns } from '../timing.js';
import type { Budget, InferResult, KernelResult, LibId, TrainResult } from '../types.js';

/** Times one kernel case; GFLOP/s from the case's FLOPs, GB/s from its bytes. */
export function measureKernel(
  lib: LibId,
  c: KernelCase,
  budget: Budget,
  run: () => void,
  note?: string,
): KernelResult {
  const t = timeRuns(run, budget);
  const ms = median(t.ms);
  const result: KernelResult = { lib, case: c.id, msMedian: ms, reps: t.ms.length };
  if ('flops' in c) result.gflops = c.flops / (ms * 1e6);
  else result.gbps = c.bytes / (ms * 1e6);
  if (note) result.note = note;
  return result;
}

/** Times training steps of the seed CNN; `step` trains on one batch and returns its loss. */
export function measureTraining(
  lib: LibId,
  factor: number,
  batches: readonly ImageBatch[],
  budget: Budget,
  step: (b: ImageBatch) => number,
): TrainResult {
  const losses: number[] = [];
  let i = 0;
  const t = timeRuns(() => {
    losses.push(step(batches[i++ % batches.length]));
  }, budget);
  const batch = batches[0].size;
  const ms = median(t.ms);
  const result: TrainResult = {
    lib,
    factor,
    batch,
    msPerStepMedian: ms,
    samplesPerSec: (batch * 1000) / ms,
    gflops: models.mnistCnnFlops({ factor }, batch).trainStep / (ms * 1e6),
    warmup: t.warmup,
    steps: t.ms.length,
    firstLoss: losses[0],
    lastLoss: losses[losses.length - 1],
  };
  if (t.reduced) result.reduced = t.reduced;
  return result;
}

/** Times eval-mode forward passes: whole batches for throughput, single samples for latency. */
export function measureInference(
  lib: LibId,
  factor: number,
  batch: number,
  budget: Budget,
  latencyBudget: Budget,
  forwardBatch: () => void,
  forwardOne: (i: number) => void,
): InferResult {
  const batchTimes = timeRuns(forwardBatch, budget);
  let i = 0;
  const one = timeRuns(() => forwardOne(i++), latencyBudget);
  return {
    lib,
    factor,
    batch,
    batchSamplesPerSec: (batch * 1000) / median(batchTimes.ms),
    batchReps: batchTimes.ms.length,
    latencyMedianMs: median(one.ms),
    latencyP99Ms: percentile(one.ms, 99),
    latencyReps: one.ms.length,
  };
}
