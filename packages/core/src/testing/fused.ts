// Fused kernels against what they replace: SoftmaxCrossEntropy against the composed
// cross-entropy (values and gradients), AdamUpdate against a float64 torch.optim.Adam/AdamW.
import { runKernel } from '../engine.js';
import { mul, sum } from '../index.js';
import { crossEntropyWith } from '../ops/loss.js';
import { batchNormWith } from '../ops/normalization.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import {
  assertClose,
  assertTensor,
  type CheckContext,
  FORWARD_TOL,
  fail,
  GRAD_TOL,
} from './compare.js';
import type { LossReduction } from './define.js';
import { numericGradient, samplePositions } from './gradcheck.js';
import type { SuiteEnv, SuiteTest } from './harness.js';
import { draw, seedOf, toTensor } from './inputs.js';
import {
  adamState,
  adamStep,
  crossEntropy,
  type Nd,
  nd,
  type RefAdamOptions,
} from './reference.js';

interface CrossEntropyRow {
  readonly shape: readonly [number, number];
  readonly reduction?: LossReduction;
  readonly labelSmoothing?: number;
}

const CROSS_ENTROPY: readonly CrossEntropyRow[] = [
  { shape: [4, 5] },
  { shape: [4, 5], reduction: 'sum' },
  { shape: [6, 3], reduction: 'none', labelSmoothing: 0.1 },
  { shape: [1, 10], labelSmoothing: 0.2 },
  { shape: [5, 7], reduction: 'none' },
];

interface Run {
  readonly value: Float32Array | Int32Array;
  readonly grad: Float32Array | Int32Array;
  readonly fusedCalls: number;
}

function runCrossEntropy(
  env: SuiteEnv,
  logits: Nd,
  labels: Nd,
  r: Nd,
  row: CrossEntropyRow,
  fused: boolean,
): Run {
  const x = toTensor(logits, true);
  const before = env.recorder.count('SoftmaxCrossEntropy');
  const out = crossEntropyWith(x, toTensor(labels), row, fused);
  const fusedCalls = env.recorder.count('SoftmaxCrossEntropy') - before;
  sum(mul(out, toTensor(r))).backward();
  const grad = x.grad;
  if (!grad)
    throw new Error(`crossEntropy (fused: ${fused}): backward() left no gradient on the logits`);
  const result = { value: out.dataSync(), grad: grad.dataSync(), fusedCalls };
  grad.dispose();
  x.grad = null;
  return result;
}

function crossEntropyTest(row: CrossEntropyRow): SuiteTest {
  const opts = `reduction=${row.reduction ?? 'mean'} labelSmoothing=${row.labelSmoothing ?? 0}`;
  const name = `fused SoftmaxCrossEntropy vs composed: [${row.shape.join(',')}] ${opts}`;
  return {
    name,
    run: (env) => {
      const seed = seedOf(name);
      const ctx: CheckContext = { backend: env.backendName, name, seed };
      const g = new Generator(seed);
      const logits = draw(g, row.shape, 'normal');
      const labels = draw(g, [row.shape[0]], 'labels', row.shape[1]);
      const want = crossEntropy(logits, labels, row);
      const r = draw(g, want.shape, 'normal');
      const composed = runCrossEntropy(env, logits, labels, r, row, false);
      const fused = runCrossEntropy(env, logits, labels, r, row, true);
      const hasFused = typeof env.backend.kernels.SoftmaxCrossEntropy === 'function';
      if (composed.fusedCalls !== 0) fail(ctx, 'the composed path ran the fused kernel');
      if (hasFused && fused.fusedCalls === 0) {
        fail(ctx, 'the backend has SoftmaxCrossEntropy but the fused path did not run it');
      }
      const positions = samplePositions(g, logits.data.length);
      const ref = (xs: readonly Nd[]) => crossEntropy(xs[0], xs[1], row);
      const wantGrad = numericGradient(ref, [logits, labels], 0, r, positions);
      for (const [label, run] of [
        ['composed', composed],
        ['fused', fused],
      ] as const) {
        assertClose(ctx, `${label} loss`, run.value, want, FORWARD_TOL);
        assertClose(ctx, `${label} gradient`, run.grad, wantGrad, GRAD_TOL, positions);
      }
      // The two paths against each other, as tightly as the forward tolerance.
      assertClose(
        ctx,
        'fused loss vs composed',
        fused.value,
        nd(want.shape, Float64Array.from(composed.value)),
        FORWARD_TOL,
      );
      assertClose(
        ctx,
        'fused gradient vs composed',
        fused.grad,
        nd(logits.shape, Float64Array.from(composed.grad)),
        FORWARD_TOL,
      );
      env.stats.gradChecks += 2;
    },
  };
}

interface AdamRow extends RefAdamOptions {
  readonly shape: readonly number[];
  /** Every fourth gradient entry is 0 (the second moment stays 0 there: eps alone divides). */
  readonly sparse?: boolean;
}

const ADAM: readonly AdamRow[] = [
  {
    shape: [3, 5],
    lr: 1e-2,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
    decoupled: false,
  },
  { shape: [7], lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled: false },
  {
    shape: [2, 3, 4],
    lr: 1e-2,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0.1,
    decoupled: true,
  },
  { shape: [17], lr: 0.1, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.05, decoupled: true },
  {
    shape: [4, 4],
    lr: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
    decoupled: false,
    sparse: true,
  },
];

const ADAM_STEPS = 3;

function adamTest(row: AdamRow): SuiteTest {
  const { shape, sparse, ...opts } = row;
  const kind = opts.decoupled ? 'AdamW' : 'Adam';
  const name = `fused AdamUpdate vs torch.optim.${kind}: [${shape.join(',')}] lr=${opts.lr} wd=${opts.weightDecay}${sparse ? ' zero grads' : ''}`;
  return {
    name,
    run: (env) => {
      if (typeof env.backend.kernels.AdamUpdate !== 'function') {
        console.log(
          `${name}: backend '${env.backendName}' has no AdamUpdate kernel (optional); nothing to compare`,
        );
        return;
      }
      const seed = seedOf(name);
      const ctx: CheckContext = { backend: env.backendName, name, seed };
      const g = new Generator(seed);
      const param = draw(g, shape, 'normal');
      const state = adamState(param.data);
      let p = toTensor(param);
      let m = toTensor(nd(shape));
      let v = toTensor(nd(shape));
      for (let step = 1; step <= ADAM_STEPS; step++) {
        const grad = draw(g, shape, 'normal');
        if (sparse) for (let i = 0; i < grad.data.length; i += 4) grad.data[i] = 0;
        [p, m, v] = runKernel(
          'AdamUpdate',
          { param: p, grad: toTensor(grad), m, v },
          { ...opts, step },
        );
        adamStep(state, grad.data, opts);
        assertTensor(ctx, `param after step ${step}`, p, nd(shape, state.param), FORWARD_TOL);
        assertTensor(ctx, `m after step ${step}`, m, nd(shape, state.m), FORWARD_TOL);
        assertTensor(ctx, `v after step ${step}`, v, nd(shape, state.v), FORWARD_TOL);
      }
    },
  };
}

interface BatchNormRow {
  readonly shape: readonly number[];
  readonly affine: boolean;
}

const BATCH_NORM: readonly BatchNormRow[] = [
  { shape: [4, 3, 5, 5], affine: true },
  { shape: [6, 5], affine: true },
  { shape: [2, 7, 3, 4], affine: false },
];

/** Output, input/weight/bias gradients and updated running statistics of one batchNorm path. */
function runBatchNorm(env: SuiteEnv, x: Nd, w: Nd, b: Nd, r: Nd, affine: boolean, fused: boolean) {
  const input = toTensor(x, true);
  const weight = affine ? toTensor(w, true) : null;
  const bias = affine ? toTensor(b, true) : null;
  const c = x.shape[1];
  const runningMean = toTensor(nd([c]));
  const runningVar = toTensor(nd([c], new Float64Array(c).fill(1)));
  const before = env.recorder.count('BatchNormTrain') + env.recorder.count('BatchNormTrainGrad');
  const out = batchNormWith(
    input,
    runningMean,
    runningVar,
    weight,
    bias,
    { training: true },
    fused,
  );
  sum(mul(out, toTensor(r))).backward();
  const fusedCalls =
    env.recorder.count('BatchNormTrain') + env.recorder.count('BatchNormTrainGrad') - before;
  const read = (t: Tensor | null | undefined) => (t ? Array.from(t.dataSync()) : []);
  const result = {
    fusedCalls,
    values: [out, input.grad, weight?.grad, bias?.grad, runningMean, runningVar].map(read),
  };
  for (const t of [input, weight, bias]) {
    t?.grad?.dispose();
    if (t) t.grad = null;
  }
  return result;
}

function batchNormTest(row: BatchNormRow): SuiteTest {
  const name = `fused BatchNormTrain vs composed: [${row.shape.join(',')}]${row.affine ? '' : ' affine=false'}`;
  return {
    name,
    run: (env) => {
      const seed = seedOf(name);
      const ctx: CheckContext = { backend: env.backendName, name, seed };
      const g = new Generator(seed);
      const c = row.shape[1];
      const x = draw(g, row.shape, 'normal');
      const w = draw(g, [c], 'normal');
      const b = draw(g, [c], 'normal');
      const r = draw(g, row.shape, 'normal');
      const composed = runBatchNorm(env, x, w, b, r, row.affine, false);
      const fused = runBatchNorm(env, x, w, b, r, row.affine, true);
      const hasFused =
        typeof env.backend.kernels.BatchNormTrain === 'function' &&
        typeof env.backend.kernels.BatchNormTrainGrad === 'function';
      if (composed.fusedCalls !== 0) fail(ctx, 'the composed path ran a fused batch-norm kernel');
      if (hasFused && fused.fusedCalls !== 2) {
        fail(
          ctx,
          `the backend has both batch-norm kernels but the fused path ran ${fused.fusedCalls} of them`,
        );
      }
      const labels = [
        'output',
        'input gradient',
        'weight gradient',
        'bias gradient',
        'running mean',
        'running var',
      ];
      labels.forEach((label, i) => {
        const want = composed.values[i];
        assertClose(
          ctx,
          `fused ${label} vs composed`,
          Float32Array.from(fused.values[i]),
          nd([want.length], Float64Array.from(want)),
          GRAD_TOL,
        );
      });
      env.stats.gradChecks += 3;
    },
  };
}

/** The fused-kernel tests. */
export function fusedTests(): SuiteTest[] {
  return [
    ...CROSS_ENTROPY.map(crossEntropyTest),
    ...ADAM.map(adamTest),
    ...BATCH_NORM.map(batchNormTest),
  ];
}
