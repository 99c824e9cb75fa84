// Parity with PyTorch 1.13: the fixtures in fixtures/torch/ (see its README.md) were made by
// make_fixtures.py from the seed's BaseCNN with factor 8 and from single ops in float64.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  crossEntropy,
  io,
  logSoftmax,
  models,
  nn,
  noGrad,
  optim,
  type Tensor,
  tidy,
} from '../src/index.js';

const dir = new URL('./fixtures/torch/', import.meta.url);
const load = (name: string) => io.decodeSafetensors(readFileSync(new URL(name, dir)));
const stateFile = load('mnist-cnn-f8.safetensors');
const state = stateFile.tensors;
const ref = load('mnist-cnn-f8-io.safetensors').tensors;
const ops = load('ops.safetensors').tensors;

// Worst relative errors seen, printed with PARITY_REPORT=1 (they go in the notes).
const report: [string, number][] = [];

/**
 * Elementwise |a − b| ≤ 1e-4·(|b| + floor·max|b|): 1e-4 relative error, where entries far below
 * the tensor's largest are judged against floor·max|b| (their float32 value is mostly
 * summation-order noise). Records the tensor's relative error max|a − b| / max|b|.
 */
function close(what: string, actual: Tensor, expected: Tensor, floor = 0.01): void {
  assert.equal([...actual.shape], [...expected.shape], `${what}: shape`);
  const a = actual.dataSync();
  const b = expected.dataSync();
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - b[i]);
    worst = Math.max(worst, err);
    if (!(err <= 1e-4 * (Math.abs(b[i]) + floor * scale))) {
      assert.unreachable(
        `${what}[${i}] = ${a[i]}, PyTorch ${b[i]} (|diff| ${err.toExponential(2)})`,
      );
    }
  }
  report.push([what, scale === 0 ? worst : worst / scale]);
}

/** Elementwise |a − b| ≤ atol, for values that are float noise around a true zero. */
function closeAbs(what: string, actual: Tensor, expected: Tensor, atol: number): void {
  assert.equal([...actual.shape], [...expected.shape], `${what}: shape`);
  const b = expected.dataSync();
  actual.dataSync().forEach((v, i) => {
    if (!(Math.abs(v - b[i]) <= atol)) {
      assert.unreachable(`${what}[${i}] = ${v}, PyTorch ${b[i]} (absolute tolerance ${atol})`);
    }
  });
}

/** The seed model with the fixture's weights and dropout off, as make_fixtures.py's fresh_model. */
function fixtureModel(): models.MnistCnn {
  const model = models.mnistCnn({ factor: 8, dropoutConv: 0, dropoutFc: 0 });
  model.loadStateDict(state);
  return model;
}

const BN_STATS = ['bn1.running_mean', 'bn1.running_var', 'bn2.running_mean', 'bn2.running_var'];

test("PyTorch's state dict loads strictly into mnistCnn({ factor: 8 }), and ours has its keys and dtypes", () => {
  assert.equal(stateFile.metadata, { format: 'pt', factor: '8' });
  const model = fixtureModel();
  assert.equal(Object.keys(model.stateDict()), Object.keys(state));
  assert.is(model.bn1.numBatchesTracked?.item(), 3);
  for (const [key, t] of Object.entries(model.stateDict())) {
    assert.equal(Array.from(t.dataSync()), Array.from(state[key].dataSync()), key);
  }
  // What we write for PyTorch: the same keys, shapes and file dtypes (I64 num_batches_tracked).
  const sd = model.stateDict();
  const bytes = io.encodeSafetensors(sd, { format: 'pt' }, { dtypes: io.torchDtypes(sd) });
  const back = io.decodeSafetensors(bytes);
  assert.equal(back.dtypes, stateFile.dtypes);
  // The encoder may pack tensors in another order (as the safetensors library does); compare by name.
  const shapes = (d: Record<string, Tensor>) =>
    Object.fromEntries(Object.entries(d).map(([k, t]) => [k, [...t.shape]]));
  assert.equal(shapes(back.tensors), shapes(state));
  model.dispose();
});

test('eval logits match PyTorch', () => {
  const model = fixtureModel().eval();
  close(
    'logits_eval',
    noGrad(() => model.forward(ref.input)),
    ref.logits_eval,
  );
  assert.is(model.bn1.numBatchesTracked?.item(), 3, 'eval leaves num_batches_tracked alone');
  model.dispose();
});

test('train forward: logits, loss, every gradient and the updated running statistics', () => {
  const model = fixtureModel().train();
  const logits = model.forward(ref.input);
  const loss = crossEntropy(logits, ref.labels);
  loss.backward();
  close('logits_train', logits, ref.logits_train);
  close('loss_train', loss, ref.loss_train);
  for (const [name, p] of model.namedParameters()) {
    const expected = ref[`grad.${name}`];
    // A conv bias feeding batch norm has a true gradient of 0: both sides hold float noise.
    if (/^conv\d\.bias$/.test(name)) closeAbs(`grad.${name}`, p.grad!, expected, 1e-6);
    else close(`grad.${name}`, p.grad!, expected);
  }
  const sd = model.stateDict();
  for (const key of BN_STATS) close(`after_train.${key}`, sd[key], ref[`after_train.${key}`]);
  assert.is(model.bn1.numBatchesTracked?.item(), ref['after_train.bn1.num_batches_tracked'].item());
  assert.is(model.bn2.numBatchesTracked?.item(), 4);
  model.dispose();
});

test('label-smoothed cross-entropy matches PyTorch', () => {
  close(
    'xent_smooth',
    crossEntropy(ref.logits_eval, ref.labels, { labelSmoothing: 0.1 }),
    ref.xent_smooth,
  );
});

function threeSteps(makeOptimizer: (params: nn.Parameter[]) => optim.Optimizer): models.MnistCnn {
  const model = fixtureModel().train();
  const opt = makeOptimizer(model.parameters());
  for (let i = 0; i < 3; i++) {
    tidy(() => {
      opt.zeroGrad();
      crossEntropy(model.forward(ref.input), ref.labels).backward();
      opt.step();
    });
  }
  opt.dispose();
  return model;
}

test('3 Adam steps (lr 1e-3, weight decay 1e-5) match PyTorch', () => {
  const model = threeSteps((ps) => new optim.Adam(ps, { lr: 1e-3, weightDecay: 1e-5 }));
  for (const [name, p] of model.namedParameters()) {
    // Adam turns the conv biases' noise gradients into steps of about lr (fixture README).
    if (/^conv\d\.bias$/.test(name)) closeAbs(`adam3.${name}`, p, ref[`adam3.${name}`], 1e-4);
    // Adam divides by √v: where a gradient is tiny, its float noise becomes a relative error of
    // the step (about lr), not of the weight, so small entries get a higher floor.
    else close(`adam3.${name}`, p, ref[`adam3.${name}`], 0.1);
  }
  model.dispose();
});

test('3 SGD steps (Nesterov momentum 0.9, lr 0.05, weight decay 1e-4) match PyTorch', () => {
  const model = threeSteps(
    (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }),
  );
  for (const [name, p] of model.namedParameters()) close(`sgd3.${name}`, p, ref[`sgd3.${name}`]);
  model.dispose();
});

test('op fixtures: conv2d with stride, padding, dilation and bias; padding same with an even kernel', () => {
  const conv = new nn.Conv2d(3, 5, 3, { stride: 2, padding: 1, dilation: 2 });
  conv.loadStateDict({ weight: ops['conv.w'], bias: ops['conv.b'] });
  close('conv.y', conv.forward(ops['conv.x']), ops['conv.y']);
  const same = new nn.Conv2d(2, 3, 4, { padding: 'same', bias: false });
  same.loadStateDict({ weight: ops['conv_same.w'] });
  close('conv_same.y', same.forward(ops['conv_same.x']), ops['conv_same.y']);
});

// d(sum(y · r))/dx for a layer applied to a copy of x that requires gradients.
function forwardAndGrad(layer: nn.Module, x: Tensor, r: Tensor): [Tensor, Tensor] {
  const input = x.clone().requiresGrad_();
  const y = layer.forward(input);
  y.mul(r).sum().backward();
  return [y, input.grad!];
}

test('op fixtures: maxPool2d and avgPool2d (kernel 3, stride 2, padding 1) and their gradients', () => {
  const [maxY, maxDx] = forwardAndGrad(
    new nn.MaxPool2d(3, { stride: 2, padding: 1 }),
    ops['maxpool.x'],
    ops['maxpool.r'],
  );
  close('maxpool.y', maxY, ops['maxpool.y']);
  close('maxpool.dx', maxDx, ops['maxpool.dx']);
  const [avgY, avgDx] = forwardAndGrad(
    new nn.AvgPool2d(3, { stride: 2, padding: 1 }),
    ops['maxpool.x'],
    ops['avgpool.r'],
  );
  close('avgpool.y', avgY, ops['avgpool.y']);
  close('avgpool.dx', avgDx, ops['avgpool.dx']);
});

test('op fixtures: BatchNorm2d in training (output, running statistics, gradients), logSoftmax', () => {
  const bn = new nn.BatchNorm2d(3);
  bn.loadStateDict({ weight: ops['bn.w'], bias: ops['bn.b'] }, { strict: false });
  const [y, dx] = forwardAndGrad(bn, ops['bn.x'], ops['bn.r']);
  close('bn.y', y, ops['bn.y']);
  close('bn.dx', dx, ops['bn.dx']);
  close('bn.dw', bn.weight!.grad!, ops['bn.dw']);
  close('bn.db', bn.bias!.grad!, ops['bn.db']);
  close('bn.running_mean', bn.runningMean!, ops['bn.running_mean']);
  close('bn.running_var', bn.runningVar!, ops['bn.running_var']);
  close('lsm.y', logSoftmax(ops['lsm.x'], 1), ops['lsm.y']);
});

test('parity report', () => {
  if (process.env.PARITY_REPORT) {
    for (const [what, err] of report) console.log(`${what.padEnd(30)} ${err.toExponential(2)}`);
  }
  assert.is(report.length, 53);
});

test.run();
