// Small networks end to end: a conv net's training step against the reference composition, and
// eval-mode outputs that do not depend on the rest of the batch.
import {
  add,
  batchNorm,
  conv2d,
  crossEntropy,
  exp,
  flatten,
  linear,
  matmul,
  maxPool2d,
  mul,
  noGrad,
  relu,
  slice,
  sub,
  type Tensor,
} from '../index.js';
import { Generator } from '../random.js';
import {
  assertTensor,
  type CheckContext,
  FORWARD_TOL,
  fail,
  GRAD_TOL,
  type Tolerance,
} from './compare.js';
import { gradcheck } from './gradcheck.js';
import type { SuiteTest } from './harness.js';
import { draw, seedOf, toTensor } from './inputs.js';
import type { Nd } from './reference.js';
import * as ref from './reference.js';

// conv2d(2→4, 3×3, pad 1) → batchNorm(training) → relu → maxPool2d(2) → flatten → linear(36→5) → crossEntropy
const NET_SHAPES = {
  x: [3, 2, 7, 6],
  convW: [4, 2, 3, 3],
  convB: [4],
  bnW: [4],
  bnB: [4],
  linW: [5, 36],
  linB: [5],
} as const;
type NetParam = keyof typeof NET_SHAPES;
const NET_PARAMS = Object.keys(NET_SHAPES) as NetParam[];

/** The reference net: [loss, pre-ReLU activations, new running mean, new running var]. */
function referenceNet(p: Record<NetParam, Nd>, rm: Nd, rv: Nd, labels: Nd): [Nd, Nd, Nd, Nd] {
  const c = ref.conv2d(p.x, p.convW, p.convB, { padding: 1 });
  const [bn, mean, variance] = ref.batchNorm(c, rm, rv, p.bnW, p.bnB, { training: true });
  const pooled = ref.maxPool2d(ref.unary('relu', bn), { kernelSize: 2 });
  const logits = ref.linear(ref.flatten(pooled, 1), p.linW, p.linB);
  return [ref.crossEntropy(logits, labels), bn, mean, variance];
}

// Finite differences are only valid away from kinks: no pre-ReLU value near 0, and no positive
// near-tie for the maximum of a 2×2 max-pool window.
function assertAwayFromKinks(ctx: CheckContext, preRelu: Nd): void {
  const [N, C, H, W] = preRelu.shape;
  const at = (plane: number, h: number, w: number) =>
    Math.max(preRelu.data[(plane * H + h) * W + w], 0);
  for (const x of preRelu.data) {
    if (Math.abs(x) < 1e-3) {
      fail(ctx, `a pre-ReLU value ${x} is within 1e-3 of 0: pick another seed`);
    }
  }
  for (let plane = 0; plane < N * C; plane++) {
    for (let h = 0; h + 1 < H; h += 2) {
      for (let w = 0; w + 1 < W; w += 2) {
        const win = [
          at(plane, h, w),
          at(plane, h, w + 1),
          at(plane, h + 1, w),
          at(plane, h + 1, w + 1),
        ];
        win.sort((a, b) => b - a);
        if (win[0] > 0 && win[0] - win[1] < 1e-3) {
          fail(ctx, 'a max-pool window has a near-tie at its maximum: pick another seed');
        }
      }
    }
  }
}

const NET_GRAD_TOL: Tolerance = {
  ...GRAD_TOL,
  atol: 1e-4,
  why: 'six ops of float32 backward, batch-norm cancellation included, against a finite difference',
};

function convNetTest(): SuiteTest {
  const name =
    'net: conv2d → batchNorm(train) → relu → maxPool2d → flatten → linear → crossEntropy';
  return {
    name,
    run: (env) => {
      const seed = seedOf(name);
      const ctx: CheckContext = { backend: env.backendName, name, seed };
      const g = new Generator(seed);
      const p = {} as Record<NetParam, Nd>;
      for (const k of NET_PARAMS) {
        p[k] = draw(g, NET_SHAPES[k], k === 'bnW' ? 'positive' : 'normal');
      }
      const rm = draw(g, [4], 'normal');
      const rv = draw(g, [4], 'positive');
      const labels = draw(g, [3], 'labels', 5);
      const [wantLoss, preRelu, wantMean, wantVar] = referenceNet(p, rm, rv, labels);
      assertAwayFromKinks(ctx, preRelu);

      const t = {} as Record<NetParam, Tensor>;
      for (const k of NET_PARAMS) t[k] = toTensor(p[k], true);
      const runningMean = toTensor(rm);
      const runningVar = toTensor(rv);
      const c = conv2d(t.x, t.convW, t.convB, { padding: 1 });
      const bn = batchNorm(c, runningMean, runningVar, t.bnW, t.bnB, { training: true });
      const logits = linear(flatten(maxPool2d(relu(bn), 2), 1), t.linW, t.linB);
      const loss = crossEntropy(logits, toTensor(labels));
      assertTensor(ctx, 'loss', loss, wantLoss, FORWARD_TOL);
      assertTensor(ctx, 'running mean', runningMean, wantMean, FORWARD_TOL);
      assertTensor(ctx, 'running var', runningVar, wantVar, FORWARD_TOL);
      env.stats.gradChecks += gradcheck(ctx, g, {
        out: loss,
        leaves: NET_PARAMS.map((k) => t[k]),
        values: NET_PARAMS.map((k) => p[k]),
        names: NET_PARAMS,
        ref: (xs) => {
          const q = {} as Record<NetParam, Nd>;
          NET_PARAMS.forEach((k, i) => {
            q[k] = xs[i];
          });
          return referenceNet(q, rm, rv, labels)[0];
        },
        tol: NET_GRAD_TOL,
      });
    },
  };
}

const BATCH_TOL: Tolerance = {
  rtol: 1e-5,
  atol: 1e-6,
  why: 'a backend may tile a batch of four differently from a batch of one',
};

function batchInvarianceTest(): SuiteTest {
  const name = 'eval output of a sample is the same alone or inside a batch';
  return {
    name,
    run: (env) => {
      const seed = seedOf(name);
      const ctx: CheckContext = { backend: env.backendName, name, seed };
      const g = new Generator(seed);
      const x = draw(g, [4, 2, 6, 5], 'normal');
      const convW = draw(g, [3, 2, 3, 3], 'normal');
      const convB = draw(g, [3], 'normal');
      const stats = [
        draw(g, [3], 'normal'),
        draw(g, [3], 'positive'),
        draw(g, [3], 'positive'),
        draw(g, [3], 'normal'),
      ];
      const linW = draw(g, [6, 90], 'normal');
      const linB = draw(g, [6], 'normal');
      const [rm, rv, bnW, bnB] = stats.map((s) => toTensor(s));
      const w = toTensor(convW);
      const b = toTensor(convB);
      const lw = toTensor(linW);
      const lb = toTensor(linB);
      const forward = (input: Tensor) =>
        noGrad(() => {
          const c = conv2d(input, w, b, { padding: 'same' });
          const bn = batchNorm(c, rm, rv, bnW, bnB, { training: false });
          return linear(flatten(relu(bn), 1), lw, lb);
        });
      const xs = toTensor(x);
      const batched = forward(xs);
      const c = ref.conv2d(x, convW, convB, { padding: 'same' });
      const [bn] = ref.batchNorm(c, stats[0], stats[1], stats[2], stats[3], { training: false });
      const want = ref.linear(ref.flatten(ref.unary('relu', bn), 1), linW, linB);
      assertTensor(ctx, 'batched output', batched, want, FORWARD_TOL);
      const rows = batched.dataSync();
      for (let i = 0; i < 4; i++) {
        const alone = forward(slice(xs, [i, 0, 0, 0], [1, -1, -1, -1]));
        const inBatch = ref.nd([1, 6], Float64Array.from(rows.subarray(i * 6, i * 6 + 6)));
        assertTensor(ctx, `sample ${i} alone vs in the batch`, alone, inBatch, BATCH_TOL);
      }
    },
  };
}

// out = z·z − x·w + x with z = x·x + eˣ: the leaf x feeds four ops (one of them twice) and z two
// factors, so gradients must accumulate (+=) over every use, as in micrograd and PyTorch.
function reuseTest(): SuiteTest {
  const name = 'graph: gradients accumulate over every use of a tensor';
  return {
    name,
    run: (env) => {
      const seed = seedOf(name);
      const ctx: CheckContext = { backend: env.backendName, name, seed };
      const g = new Generator(seed);
      const values = [draw(g, [3, 4], 'normal'), draw(g, [4, 4], 'normal')];
      const [x, w] = values.map((v) => toTensor(v, true));
      const z = add(mul(x, x), exp(x));
      const out = add(sub(mul(z, z), matmul(x, w)), x);
      const reference = ([xv, wv]: readonly Nd[]) => {
        const zv = ref.binary('add', ref.binary('mul', xv, xv), ref.unary('exp', xv));
        return ref.binary(
          'add',
          ref.binary('sub', ref.binary('mul', zv, zv), ref.matmul(xv, wv)),
          xv,
        );
      };
      assertTensor(ctx, 'output', out, reference(values), FORWARD_TOL);
      env.stats.gradChecks += gradcheck(ctx, g, {
        out,
        leaves: [x, w],
        values,
        names: ['x', 'w'],
        ref: reference,
        tol: GRAD_TOL,
      });
    },
  };
}

/** The network and graph tests. */
export function integrationTests(): SuiteTest[] {
  return [convNetTest(), batchInvarianceTest(), reuseTest()];
}
