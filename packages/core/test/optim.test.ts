import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpuKernels } from '../src/backends/cpu/kernels/index.js';
import {
  CpuBackend,
  Generator,
  getBackend,
  io,
  optim,
  randn,
  registerBackend,
  type Tensor,
  tensor,
  zeros,
} from '../src/index.js';

const { SGD, Adam, AdamW, StepLR, CosineAnnealingLR, OneCycleLR } = optim;

// A CPU backend without the fused AdamUpdate kernel, so that Adam must compose its update from ops.
registerBackend('cpu-composed', () => {
  const backend = new CpuBackend('cpu-composed');
  const { AdamUpdate: _fused, ...composed } = cpuKernels;
  Object.defineProperty(backend, 'kernels', { value: composed });
  return backend;
});

// The hand-worked examples share p0 and three gradients.
const P0 = [1, -2, 0.5];
const GRADS = [
  [0.5, 1, -2],
  [1, -1, 0.25],
  [0, 0, 1],
];

function param(values: number[]): Tensor {
  return tensor(values).requiresGrad_();
}

/** Runs `steps` steps of `make(p)` from P0 with GRADS and returns p after each step. */
function trajectory(make: (params: Tensor[]) => optim.Optimizer, steps = 3): number[][] {
  const p = param(P0);
  const opt = make([p]);
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    p.grad = tensor(GRADS[s]);
    opt.step();
    opt.zeroGrad();
    out.push(Array.from(p.dataSync()));
  }
  opt.dispose();
  p.dispose();
  return out;
}

function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol = 2e-6,
  what = '',
): void {
  assert.is(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= tol * (1 + Math.abs(expected[i]));
    if (!ok)
      assert.unreachable(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tol ${tol})`);
  }
}

function assertTrajectory(actual: number[][], expected: number[][]): void {
  for (const [s, row] of expected.entries()) assertClose(actual[s], row, 2e-6, `step ${s + 1}`);
}

function bits(t: Tensor): number[] {
  const values = t.dataSync();
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

test('SGD without momentum: p -= lr·g', () => {
  // lr 0.1: p1 = p0 − 0.1·g1 = [0.95, −2.1, 0.7]; p2 = p1 − 0.1·g2 = [0.85, −2, 0.675]; p3 = p2 − 0.1·g3
  const got = trajectory((ps) => new SGD(ps, { lr: 0.1 }));
  assertTrajectory(got, [
    [0.95, -2.1, 0.7],
    [0.85, -2, 0.675],
    [0.85, -2, 0.575],
  ]);
});

test('SGD momentum: the first buffer is the gradient, then buf = 0.9·buf + g', () => {
  // buf1 = g1; buf2 = 0.9·g1 + g2 = [1.45, −0.1, −1.55]; buf3 = 0.9·buf2 + g3 = [1.305, −0.09, −0.395]
  const got = trajectory((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 }));
  assertTrajectory(got, [
    [0.95, -2.1, 0.7],
    [0.805, -2.09, 0.855],
    [0.6745, -2.081, 0.8945],
  ]);
});

test('SGD dampening applies from the second step on', () => {
  // buf1 = g1 (undamped); buf2 = 0.9·g1 + 0.5·g2 = [0.95, 0.4, −1.675]; buf3 = 0.9·buf2 + 0.5·g3
  const got = trajectory((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.5 }));
  assertTrajectory(got, [
    [0.95, -2.1, 0.7],
    [0.855, -2.14, 0.8675],
    [0.7695, -2.176, 0.96825],
  ]);
});

test('SGD nesterov steps along g + momentum·buf', () => {
  // step 1: d = g1 + 0.9·g1 = [0.95, 1.9, −3.8]; step 2: d = g2 + 0.9·[1.45, −0.1, −1.55] = [2.305, −1.09, −1.145]
  const got = trajectory((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true }));
  assertTrajectory(got, [
    [0.905, -2.19, 0.88],
    [0.6745, -2.081, 0.9945],
    [0.55705, -2.0729, 0.93005],
  ]);
});

test('SGD weight decay adds wd·p to the gradient', () => {
  // d1 = g1 + 0.1·p0 = [0.6, 0.8, −1.95]; d2 = g2 + 0.1·p1 = [1.094, −1.208, 0.3195]
  const got = trajectory((ps) => new SGD(ps, { lr: 0.1, weightDecay: 0.1 }));
  assertTrajectory(got, [
    [0.94, -2.08, 0.695],
    [0.8306, -1.9592, 0.66305],
    [0.822294, -1.939608, 0.5564195],
  ]);
});

test('SGD nesterov with weight decay: decay enters the buffer too', () => {
  // d = g + 0.1·p; buf = 0.9·buf + d (buf1 = d1); p −= 0.05·(d + 0.9·buf)
  // step 1: d1 = [0.6, 0.8, −1.95], p1 = p0 − 0.05·1.9·d1 = [0.943, −2.076, 0.68525]
  const got = trajectory(
    (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.1 }),
  );
  assertTrajectory(got, [
    [0.943, -2.076, 0.68525],
    [0.8147415, -1.993678, 0.733965125],
    [0.74081230575, -1.954990259, 0.6901696938125],
  ]);
});

test('Adam: bias-corrected moments, eps after the square root', () => {
  // step 1: m̂ = g, v̂ = g², so p1 = p0 − 0.1·g/(|g| + 1e-8) ≈ p0 − 0.1·sign(g)
  // step 2: m = 0.9·0.1·g1 + 0.1·g2 = [0.145, −0.01, −0.155], v = 0.999·0.001·g1² + 0.001·g2²
  //         = [0.00124975, 0.001999, 0.0040585]; p2 = p1 − 0.1/(1 − 0.9²)·m/(√v/√(1 − 0.999²) + 1e-8)
  for (const fused of [true, false]) {
    const got = trajectory((ps) => new Adam(ps, { lr: 0.1, fused }));
    assertTrajectory(got, [
      [0.9, -2.1, 0.6],
      [0.8034818006385094, -2.0947368411578946, 0.6572534566710445],
      [0.7288729514585933, -2.090668404900831, 0.6684771207043299],
    ]);
  }
});

test('Adam weight decay is L2: wd·p joins the gradient before the moments', () => {
  // step 1: g' = g1 + 0.1·p0 = [0.6, 0.8, −1.95]: same signs, so p1 = p0 − 0.1·sign(g') again;
  // step 2: m = 0.09·g'1 + 0.1·(g2 + 0.1·p1) = [0.163, −0.049, −0.1445]
  for (const fused of [true, false]) {
    const got = trajectory((ps) => new Adam(ps, { lr: 0.1, weightDecay: 0.1, fused }));
    assertTrajectory(got, [
      [0.9, -2.1, 0.6],
      [0.8025029703202308, -2.074859045356938, 0.6544851555033159],
      [0.7231797378650253, -2.0465698179711365, 0.661182803355344],
    ]);
  }
});

test('AdamW decays the weights, p·(1 − lr·wd), outside the moments', () => {
  // step 1: p1 = 0.99·p0 − 0.1·sign(g1) = [0.89, −2.08, 0.595]; the moments are Adam's without decay
  for (const fused of [true, false]) {
    const got = trajectory((ps) => new AdamW(ps, { lr: 0.1, weightDecay: 0.1, fused }));
    assertTrajectory(got, [
      [0.89, -2.08, 0.595],
      [0.7845818006185094, -2.0539368411678947, 0.6463034566760445],
      [0.7021271334324082, -2.0293290364991523, 0.6510640861425694],
    ]);
  }
});

test('AdamW defaults to weightDecay 1e-2 and Adam to 0', () => {
  const p = param(P0);
  assert.is(new AdamW([p]).hyper.weightDecay, 1e-2);
  assert.is(new Adam([p]).hyper.weightDecay, 0);
  assert.equal(new Adam([p]).hyper, {
    lr: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
  });
  p.dispose();
});

test('fused and composed Adam/AdamW agree over many steps on random tensors', () => {
  const seed = 7;
  for (const Opt of [Adam, AdamW]) {
    const gen = new Generator(seed);
    const init = randn([4, 5], { generator: gen });
    const grads = Array.from({ length: 6 }, () => randn([4, 5], { generator: gen }));
    const run = (fused: boolean) => {
      const p = init.clone().requiresGrad_();
      const opt = new Opt([p], {
        lr: 0.05,
        betas: [0.8, 0.99],
        eps: 1e-6,
        weightDecay: 0.05,
        fused,
      });
      for (const g of grads) {
        p.grad = g.clone();
        opt.step();
        opt.zeroGrad();
      }
      const state = opt.stateDict().state;
      return [p, state['0.exp_avg'], state['0.exp_avg_sq']].map((t) => Array.from(t.dataSync()));
    };
    const fused = run(true);
    const composed = run(false);
    for (const [k, values] of fused.entries()) {
      assertClose(composed[k], values, 1e-5, `${Opt.name} (seed ${seed}) tensor ${k}`);
    }
  }
});

test('Adam composes its update on a backend without AdamUpdate, and fused: true then throws', () => {
  const onComposed = (values: number[]) => tensor(values).to('cpu-composed');
  const run = (fused: boolean | undefined, onCpu: boolean) => {
    const p = (onCpu ? tensor(P0) : onComposed(P0)).requiresGrad_();
    const opt = new Adam([p], { lr: 0.1, weightDecay: 0.1, fused });
    for (const g of GRADS) {
      p.grad = onCpu ? tensor(g) : onComposed(g);
      opt.step();
      opt.zeroGrad();
    }
    return bits(p);
  };
  // The auto choice on that backend is the composed path: bit-identical to fused: false on cpu.
  assert.equal(run(undefined, false), run(false, true));
  assert.throws(() => run(true, false), /AdamUpdate.*cpu-composed/);
});

test('parameters without a gradient are skipped and keep their own step count', () => {
  const a = param([1, 2]);
  const b = param([3]);
  const opt = new Adam([a, b], { lr: 0.1 });
  a.grad = tensor([1, -1]);
  opt.step();
  assert.equal(Array.from(b.dataSync()), [3]);
  a.grad = tensor([1, -1]);
  b.grad = tensor([1]);
  opt.step();
  const sd = opt.stateDict();
  assert.equal(sd.meta.steps, [2, 1]);
  assert.equal(Object.keys(sd.state).sort(), [
    '0.exp_avg',
    '0.exp_avg_sq',
    '1.exp_avg',
    '1.exp_avg_sq',
  ]);
  // b's first step has bias correction for t = 1: a full lr step
  assertClose(b.dataSync(), [2.9]);
  for (const t of Object.values(sd.state)) t.dispose();
  opt.dispose();
});

test('zeroGrad disposes the gradients and sets them to null', () => {
  const p = param(P0);
  const opt = new SGD([p], { lr: 0.1 });
  const before = getBackend().memory().buffers;
  const g = tensor(GRADS[0]);
  p.grad = g;
  opt.zeroGrad();
  assert.is(p.grad, null);
  assert.ok(g.isDisposed);
  assert.is(getBackend().memory().buffers, before);
  opt.zeroGrad(); // no gradient: nothing to do
  p.dispose();
});

test('lr is settable between steps', () => {
  const p = param([1]);
  const opt = new SGD([p], { lr: 0.1 });
  p.grad = tensor([1]);
  opt.lr = 0.5;
  opt.step();
  assertClose(p.dataSync(), [0.5]);
  assert.throws(() => {
    opt.lr = -1;
  }, /lr must be a finite number >= 0/);
  opt.zeroGrad();
});

test('optimiser steps do not leak tensors', () => {
  for (const make of [
    (ps: Tensor[]) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
    (ps: Tensor[]) => new Adam(ps, { lr: 0.1, weightDecay: 0.01, fused: true }),
    (ps: Tensor[]) => new AdamW(ps, { lr: 0.1, fused: false }),
  ]) {
    const p = param(P0);
    const opt = make([p]);
    const counts: number[] = [];
    for (let s = 0; s < 4; s++) {
      p.grad = tensor(GRADS[s % 3]);
      opt.step();
      opt.zeroGrad();
      counts.push(getBackend().memory().buffers);
    }
    // Buffers are created on the first step; after that the count stays put.
    assert.equal(counts.slice(1), [counts[0], counts[0], counts[0]]);
    opt.dispose();
    p.dispose();
  }
});

test('stateDict is a snapshot the caller owns', () => {
  const p = param(P0);
  const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
  p.grad = tensor(GRADS[0]);
  opt.step();
  const sd = opt.stateDict();
  p.grad = tensor(GRADS[1]);
  opt.step();
  assertClose(sd.state['0.momentum_buffer'].dataSync(), GRADS[0]);
  assert.equal(JSON.parse(JSON.stringify(sd.meta)), {
    type: 'SGD',
    hyper: { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 },
    steps: [1],
  });
  sd.state['0.momentum_buffer'].dispose();
  opt.step(); // the optimiser's own buffer is unaffected by disposing the snapshot
  opt.dispose();
  opt.zeroGrad();
});

// ---- checkpoint and resume ----

type MakeOpt = (params: Tensor[]) => { opt: optim.Optimizer; sched: optim.LRScheduler };

const SHAPES = [[3, 2], [4], []];

/** Deterministic gradients for step s; parameter 1 has none at step 0 (its step count lags). */
function gradFor(s: number, i: number): Tensor | null {
  if (s === 0 && i === 1) return null;
  return randn(SHAPES[i], { generator: new Generator(1000 * s + i) });
}

function trainSteps(
  params: Tensor[],
  opt: optim.Optimizer,
  sched: optim.LRScheduler,
  from: number,
  to: number,
) {
  for (let s = from; s < to; s++) {
    params.forEach((p, i) => {
      p.grad = gradFor(s, i);
    });
    opt.step();
    sched.step();
    opt.zeroGrad();
  }
}

/** A checkpoint as one safetensors file: parameters, optimiser buffers, and JSON in the metadata. */
function saveCheckpoint(
  params: Tensor[],
  opt: optim.Optimizer,
  sched: optim.LRScheduler,
): Uint8Array {
  const sd = opt.stateDict();
  const dict: Record<string, Tensor> = {};
  params.forEach((p, i) => {
    dict[`param.${i}`] = p;
  });
  for (const [k, t] of Object.entries(sd.state)) dict[`optim.${k}`] = t;
  const bytes = io.encodeSafetensors(dict, {
    optimizer: JSON.stringify(sd.meta),
    scheduler: JSON.stringify(sched.stateDict()),
  });
  for (const t of Object.values(sd.state)) t.dispose();
  return bytes;
}

function resumeExactly(name: string, make: MakeOpt): void {
  test(`${name}: save after 3 steps, resume, 2 more steps is bit-identical`, () => {
    const params = SHAPES.map((shape, i) =>
      randn(shape, { generator: new Generator(i) }).requiresGrad_(),
    );
    const a = make(params);
    trainSteps(params, a.opt, a.sched, 0, 3);
    const bytes = saveCheckpoint(params, a.opt, a.sched);
    trainSteps(params, a.opt, a.sched, 3, 5);

    const file = io.decodeSafetensors(bytes);
    const restored = SHAPES.map((_, i) => file.tensors[`param.${i}`].requiresGrad_());
    const b = make(restored);
    const state: Record<string, Tensor> = {};
    for (const [k, t] of Object.entries(file.tensors))
      if (k.startsWith('optim.')) state[k.slice(6)] = t;
    b.opt.loadStateDict({ state, meta: JSON.parse(file.metadata.optimizer) });
    b.sched.loadStateDict(JSON.parse(file.metadata.scheduler));
    trainSteps(restored, b.opt, b.sched, 3, 5);

    for (const [i, p] of params.entries())
      assert.equal(bits(restored[i]), bits(p), `${name}: parameter ${i}`);
    assert.is(b.opt.lr, a.opt.lr);
    assert.equal(b.opt.hyper, a.opt.hyper);
    assert.equal(b.sched.stateDict(), a.sched.stateDict());
    const sa = a.opt.stateDict();
    const sb = b.opt.stateDict();
    assert.equal(sb.meta, sa.meta);
    for (const k of Object.keys(sa.state))
      assert.equal(bits(sb.state[k]), bits(sa.state[k]), `${name}: ${k}`);
  });
}

resumeExactly('Adam (fused) with StepLR', (ps) => {
  const opt = new Adam(ps, { lr: 0.01, weightDecay: 1e-3, fused: true });
  return { opt, sched: new StepLR(opt, { stepSize: 2, gamma: 0.5 }) };
});
resumeExactly('AdamW (composed) with OneCycleLR', (ps) => {
  const opt = new AdamW(ps, { lr: 0.01, fused: false });
  return { opt, sched: new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 5 }) };
});
resumeExactly('SGD nesterov with CosineAnnealingLR', (ps) => {
  const opt = new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 });
  return { opt, sched: new CosineAnnealingLR(opt, { tMax: 3, etaMin: 0.01 }) };
});

test('loadStateDict rejects states that do not fit, and leaves the optimiser as it was', () => {
  const p = param(P0);
  const opt = new Adam([p], { lr: 0.1 });
  p.grad = tensor(GRADS[0]);
  opt.step();
  const good = opt.stateDict();
  const m = good.state['0.exp_avg'];
  const v = good.state['0.exp_avg_sq'];
  const bad =
    (state: Record<string, Tensor>, meta: Partial<optim.OptimizerMeta> = {}) =>
    () =>
      opt.loadStateDict({ state, meta: { ...good.meta, ...meta } });
  assert.throws(bad(good.state, { type: 'SGD' }), /Adam.loadStateDict: the state is of a SGD/);
  assert.throws(bad({ '0.exp_avg': m }), /parameter 0 has buffers \[exp_avg\] after 1 steps/);
  assert.throws(bad({}), /parameter 0 has buffers \[\] after 1 steps/);
  assert.throws(
    bad({ ...good.state, '0.momentum_buffer': m }),
    /unexpected key '0.momentum_buffer'/,
  );
  assert.throws(bad({ ...good.state, '1.exp_avg': m }), /unexpected key '1.exp_avg'/);
  assert.throws(
    bad({ '0.exp_avg': zeros([2]), '0.exp_avg_sq': v }),
    /'0.exp_avg' is \[2\] float32, expected \[3\] float32/,
  );
  assert.throws(bad(good.state, { steps: [1, 1] }), /steps for 2 parameters, this optimiser has 1/);
  assert.throws(bad(good.state, { steps: [-1] }), /steps must be non-negative integers/);
  assert.throws(bad(good.state, { hyper: { lr: 0.1 } }), /hyper-parameters \[lr\] differ/);
  assert.throws(
    bad(good.state, { hyper: { ...good.meta.hyper, eps: true } }),
    /eps is boolean, expected number/,
  );
  // Nothing was changed by the failed loads.
  const after = opt.stateDict();
  assert.equal(bits(after.state['0.exp_avg']), bits(m));
  assert.equal(after.meta, good.meta);
  opt.dispose();
});

test('optimisers reject bad parameters and options like PyTorch', () => {
  const p = param(P0);
  assert.throws(() => new SGD([], { lr: 0.1 }), /SGD: got an empty parameter list/);
  assert.throws(
    () => new SGD([tensor(Int32Array.from([1]))], { lr: 0.1 }),
    /parameter 0 must be a float32 leaf tensor/,
  );
  assert.throws(
    () => new SGD([p.mul(2)], { lr: 0.1 }),
    /parameter 0 must be a float32 leaf tensor/,
  );
  // A frozen parameter is accepted and, never having a gradient, never moves.
  const frozen = tensor([5]);
  const withFrozen = new SGD([p, frozen], { lr: 0.1 });
  withFrozen.step();
  assert.equal(Array.from(frozen.dataSync()), [5]);
  assert.throws(
    () => new SGD([p, p], { lr: 0.1 }),
    /parameter 1 is the same tensor as parameter 0/,
  );
  assert.throws(() => new SGD([p], { lr: -0.1 }), /SGD: lr must be a finite number >= 0, got -0.1/);
  assert.throws(
    () => new SGD([p], { lr: 0.1, nesterov: true }),
    /nesterov momentum requires momentum > 0/,
  );
  assert.throws(
    () => new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
    /dampening = 0/,
  );
  assert.throws(() => new Adam([p], { betas: [1, 0.999] }), /Adam: betas must be < 1/);
  assert.throws(
    () => new AdamW([p], { betas: [0.9, 1.5] }),
    /AdamW: betas\[1\] must be a finite number in \[0, 1\]/,
  );
  assert.throws(() => new Adam([p], { eps: Number.NaN }), /eps must be a finite number/);
  const opt = new SGD([p], { lr: 0.1 });
  p.grad = tensor([1, 2]);
  assert.throws(
    () => opt.step(),
    /SGD.step: parameter 0 has shape \[3\] but its gradient has shape \[2\]/,
  );
  opt.zeroGrad();
});

// ---- learning-rate schedules ----

function lrSequence(make: (opt: optim.Optimizer) => optim.LRScheduler, lr: number, steps: number) {
  const p = param([0]);
  const opt = new SGD([p], { lr, momentum: 0.9 });
  const sched = make(opt);
  const lrs = [sched.getLastLr()];
  for (let s = 0; s < steps; s++) {
    sched.step();
    lrs.push(sched.getLastLr());
    assert.is(opt.lr, sched.getLastLr());
  }
  return { lrs, opt };
}

test('StepLR multiplies by gamma every stepSize steps, as PyTorch does', () => {
  // lr_t = lr_{t−1}·γ when t % stepSize == 0 (PyTorch's chainable form): exactly 0.1·0.1 = 0.010000000000000002
  const { lrs } = lrSequence((opt) => new StepLR(opt, { stepSize: 2 }), 1, 6);
  assert.equal(
    lrs,
    [1, 1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002],
  );
});

test('CosineAnnealingLR follows the cosine and restarts after tMax', () => {
  // lr_t = 0.01 + (0.1 − 0.01)·(1 + cos(πt/4))/2; lr_4 = etaMin exactly, then it climbs back
  const { lrs } = lrSequence(
    (opt) => new CosineAnnealingLR(opt, { tMax: 4, etaMin: 0.01 }),
    0.1,
    8,
  );
  const expected = [
    0.1, 0.08681980515339464, 0.05500000000000001, 0.023180194846605363, 0.01, 0.023180194846605356,
    0.055, 0.08681980515339464, 0.1,
  ];
  assertClose(lrs, expected, 1e-14);
  assert.is(lrs[4], 0.01);
});

test('OneCycleLR warms up, anneals, and cycles momentum inversely', () => {
  // initial = 1/25, min = initial/1e4; phase 1 ends at 0.3·10 − 1 = 2, phase 2 at 9;
  // lr = end + (start − end)/2·(cos(π·pct) + 1), pct = (t − phaseStart)/(phaseEnd − phaseStart)
  const { lrs, opt } = lrSequence((o) => new OneCycleLR(o, { maxLr: 1, totalSteps: 10 }), 0.5, 10);
  const expected = [
    0.04, 0.52, 1, 0.9504846320134737, 0.8117456539497631, 0.6112620219362893, 0.38874197806371075,
    0.18825834605023697, 0.049519367986526286, 0.000004, 0.04951936798652623,
  ];
  assertClose(lrs, expected, 1e-14);
  // momentum runs 0.95 -> 0.85 while lr warms up, then back to 0.95; at t = 10 it is past the end.
  assertClose([opt.hyper.momentum], [0.945048443395121], 1e-14);
});

test('OneCycleLR: linear annealing, beta1 cycling for Adam, and no step past totalSteps', () => {
  const p = param([0]);
  const opt = new Adam([p]);
  const sched = new OneCycleLR(opt, { maxLr: 1, totalSteps: 10, annealStrategy: 'linear' });
  assert.is(opt.hyper.beta1, 0.95);
  const lrs = [sched.getLastLr()];
  for (let s = 0; s < 9; s++) {
    sched.step();
    lrs.push(sched.getLastLr());
  }
  // phase 1: (1 − 0.04)·t/2 + 0.04; phase 2: (min − 1)·(t − 2)/7 + 1
  const expected = [
    0.04, 0.52, 1, 0.8571434285714286, 0.7142868571428571, 0.5714302857142857, 0.42857371428571434,
    0.2857171428571429, 0.14286057142857145, 0.000004,
  ];
  assertClose(lrs, expected, 1e-14);
  assert.is(opt.hyper.beta1, 0.95);
  const sgd = new SGD([p], { lr: 0.1 });
  const cycle = new OneCycleLR(sgd, {
    maxLr: 1,
    totalSteps: 2,
    cycleMomentum: false,
    pctStart: 0.75,
  });
  cycle.step();
  cycle.step();
  assert.throws(
    () => cycle.step(),
    /OneCycleLR: tried to step 3 times; the schedule has totalSteps = 2/,
  );
  assert.is(sgd.hyper.momentum, 0);
});

test('schedules validate their options and their state dicts', () => {
  const opt = new SGD([param([0])], { lr: 0.1 });
  assert.throws(
    () => new StepLR(opt, { stepSize: 0 }),
    /StepLR: stepSize must be a positive integer/,
  );
  assert.throws(() => new CosineAnnealingLR(opt, { tMax: 1.5 }), /tMax must be a positive integer/);
  const adam = new Adam([param([0])]);
  assert.throws(
    () => new OneCycleLR(adam, { maxLr: 1, totalSteps: 10, pctStart: 2 }),
    /pctStart must be a finite number in \[0, 1\]/,
  );
  const sched = new StepLR(opt, { stepSize: 3 });
  const sd = sched.stateDict();
  assert.throws(
    () => new CosineAnnealingLR(opt, { tMax: 3 }).loadStateDict(sd),
    /the state is of a StepLR/,
  );
  assert.throws(
    () => sched.loadStateDict({ ...sd, lastEpoch: -1 }),
    /lastEpoch must be an integer >= 0/,
  );
  assert.throws(
    () => sched.loadStateDict({ ...sd, options: { stepSize: 3 } }),
    /options \{stepSize\} do not match/,
  );
});

test.run();
