// PyTorch (Debian's python3-torch) on the seed CNN, as a peer: each measurement runs
// bench/pytorch/bench_torch.py in /usr/bin/python3 with the same batches, budgets and Adam settings,
// timed the same way (bench/src/timing.ts's rules, reimplemented in the script).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { models } from '@digitnet/core';
import type { ImageBatch } from '../inputs.js';
import { median, percentile } from '../timing.js';
import { PYTHON, torchMissing, torchVersion } from '../torch.js';
import { type Budget, TORCH_THREADS_OF, type TorchLibId } from '../types.js';
import type { Library } from './library.js';

const SCRIPT = fileURLToPath(new URL('../../pytorch/bench_torch.py', import.meta.url));

interface Timed {
  ms: number[];
  warmup: number;
}
interface TorchOutput {
  torch: string;
  threads: number;
  train?: Timed;
  losses?: number[];
  batch?: Timed;
  latency?: Timed;
}

/** The batches as the script reads them: per batch, int32 size, float32 images, int32 labels. */
function batchFile(batches: readonly ImageBatch[]): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'digitnet-bench-torch-'));
  const parts: Uint8Array[] = [];
  for (const b of batches) {
    parts.push(new Uint8Array(Int32Array.of(b.size).buffer));
    parts.push(new Uint8Array(b.images.buffer, b.images.byteOffset, b.images.byteLength));
    parts.push(new Uint8Array(b.labels.buffer, b.labels.byteOffset, b.labels.byteLength));
  }
  const path = join(dir, 'batches.bin');
  writeFileSync(path, Buffer.concat(parts));
  return { path, done: () => rmSync(dir, { recursive: true, force: true }) };
}

function runScript(task: object, batches: readonly ImageBatch[]): TorchOutput {
  const file = batchFile(batches);
  try {
    const run = spawnSync(PYTHON, [SCRIPT, JSON.stringify(task), file.path], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw new Error(`pytorch: ${PYTHON} did not run: ${run.error.message}`);
    if (run.status !== 0) {
      throw new Error(`pytorch: bench_torch.py exited ${run.status}: ${run.stderr.trim()}`);
    }
    return JSON.parse(run.stdout) as TorchOutput;
  } finally {
    file.done();
  }
}

/** PyTorch at the thread count `lib` names. */
export async function createPytorch(lib: TorchLibId): Promise<Library> {
  const why = torchMissing();
  if (why) throw new Error(`${lib}: ${why}`);
  const threads = TORCH_THREADS_OF[lib];
  const notes = [
    `${lib}: PyTorch ${torchVersion()} (Debian python3-torch, ${PYTHON}), torch.set_num_threads(${threads}), ` +
      'the seed BaseCNN in float32 eager mode, timed inside Python with the bench’s budgets',
  ];
  const check = (out: TorchOutput) => {
    if (out.threads !== threads) {
      throw new Error(`${lib}: asked PyTorch for ${threads} threads, it runs ${out.threads}`);
    }
  };
  return {
    notes,
    train(factor: number, batches: readonly ImageBatch[], budget: Budget) {
      const out = runScript({ kind: 'train', factor, threads, budget }, batches);
      check(out);
      const t = out.train!;
      const losses = out.losses!;
      const batch = batches[0].size;
      const ms = median(t.ms);
      return {
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
    },
    infer(factor, batches, budget, latencyBudget) {
      const out = runScript({ kind: 'infer', factor, threads, budget, latencyBudget }, batches);
      check(out);
      const b = out.batch!;
      const one = out.latency!;
      const batch = batches[0].size;
      return {
        lib,
        factor,
        batch,
        batchSamplesPerSec: (batch * 1000) / median(b.ms),
        batchReps: b.ms.length,
        latencyMedianMs: median(one.ms),
        latencyP99Ms: percentile(one.ms, 99),
        latencyReps: one.ms.length,
      };
    },
  };
}
