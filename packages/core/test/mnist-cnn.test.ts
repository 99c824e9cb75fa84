import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  argmax,
  crossEntropy,
  Generator,
  getBackend,
  manualSeed,
  models,
  optim,
  randn,
  tensor,
  tidy,
} from '../src/index.js';

const SEED = 2024;

const KEYS = [
  'conv1.weight',
  'conv1.bias',
  'bn1.weight',
  'bn1.bias',
  'bn1.running_mean',
  'bn1.running_var',
  'bn1.num_batches_tracked',
  'conv2.weight',
  'conv2.bias',
  'bn2.weight',
  'bn2.bias',
  'bn2.running_mean',
  'bn2.running_var',
  'bn2.num_batches_tracked',
  'fc1.weight',
  'fc1.bias',
  'fc2.weight',
  'fc2.bias',
];

// The seed's shapes for factor F (kernel 3, multiplier 4), as PyTorch's BaseCNN(F).state_dict().
function expectedShapes(f: number): number[][] {
  const bn = (c: number) => [[c], [c], [c], [c], []];
  return [
    [f, 1, 3, 3],
    [f],
    ...bn(f),
    [2 * f, f, 3, 3],
    [2 * f],
    ...bn(2 * f),
    [4 * f, 2 * f * 7 * 7],
    [4 * f],
    [10, 4 * f],
    [10],
  ];
}

for (const f of [32, 16]) {
  test(`mnistCnn({ factor: ${f} }) has the seed's state-dict keys, shapes and dtypes`, () => {
    const model = models.mnistCnn({ factor: f });
    const sd = model.stateDict();
    assert.equal(Object.keys(sd), KEYS);
    assert.equal(
      Object.values(sd).map((t) => [...t.shape]),
      expectedShapes(f),
    );
    for (const [key, t] of Object.entries(sd)) {
      assert.is(t.dtype, key.endsWith('num_batches_tracked') ? 'int32' : 'float32', key);
    }
    assert.equal(
      model.namedParameters().map(([k]) => k),
      KEYS.filter((k) => !/running_|num_batches/.test(k)),
    );
    model.dispose();
  });
}

test('parameter counts match PyTorch (F=32: 421,834; F=16: 105,962)', () => {
  const count = (f: number, k = 3, m = 4) =>
    f * k * k +
    f +
    2 * f +
    (2 * f * f * k * k + 2 * f) +
    4 * f +
    (m * f * 98 * f + m * f) +
    (m * f * 10 + 10);
  for (const [f, expected] of [
    [32, 421834],
    [16, 105962],
    [8, 26746],
  ]) {
    const model = models.mnistCnn({ factor: f });
    assert.is(model.numParameters(), expected, `F=${f}`);
    assert.is(count(f), expected);
    model.dispose();
  }
  const custom = models.mnistCnn({ factor: 6, kernelSize: 5, multiplier: 2 });
  assert.is(custom.numParameters(), count(6, 5, 2));
  assert.equal(custom.conv2.weight.shape, [12, 6, 5, 5]);
  custom.dispose();
});

test('forward maps [N, 1, 28, 28] to [N, 10]; the architecture card describes the model', () => {
  manualSeed(SEED);
  const model = models.mnistCnn({ factor: 4, dropoutConv: 0.1 });
  assert.equal(model.forward(randn([3, 1, 28, 28])).shape, [3, 10]);
  const arch = model.architecture;
  assert.equal(JSON.parse(JSON.stringify(arch)), arch, 'JSON-able');
  assert.equal(arch.config, {
    factor: 4,
    kernelSize: 3,
    multiplier: 4,
    dropoutConv: 0.1,
    dropoutFc: 0.5,
  });
  assert.is(arch.parameters, model.numParameters());
  assert.equal(
    arch.stateDict.map((e) => [e.key, e.shape, e.dtype]),
    Object.entries(model.stateDict()).map(([k, t]) => [k, [...t.shape], t.dtype]),
  );
  const named = new Map(model.namedModules());
  for (const step of arch.steps) {
    if (step.module) assert.is(step.op, named.get(step.module)?.toString(), step.module);
  }
  assert.equal(arch.steps.at(-1)?.outputShape, [10]);
  assert.equal(arch.steps[10].outputShape, [8 * 49]);
  assert.throws(() => models.mnistCnn({ factor: 0 }), /factor must be a positive integer/);
  assert.throws(() => models.mnistCnn({ dropoutFc: 2 }), /dropoutFc/);
});

test('the same seed builds the same model; a Generator option overrides the global one', () => {
  const flat = (m: models.MnistCnn) => m.parameters().flatMap((p) => Array.from(p.dataSync()));
  manualSeed(SEED);
  const a = models.mnistCnn({ factor: 2 });
  manualSeed(SEED);
  const b = models.mnistCnn({ factor: 2 });
  const c = models.mnistCnn({ factor: 2 }, { generator: new Generator(SEED + 1) });
  manualSeed(0);
  const d = models.mnistCnn({ factor: 2 }, { generator: new Generator(SEED + 1) });
  assert.equal(flat(a), flat(b));
  assert.equal(flat(c), flat(d));
  assert.not.equal(flat(a), flat(c));
});

test('it overfits 64 random images with random labels to 100% with Adam, memory flat', () => {
  manualSeed(SEED);
  const g = new Generator(SEED);
  const model = models.mnistCnn({ factor: 4, dropoutConv: 0, dropoutFc: 0 });
  const x = randn([64, 1, 28, 28], { generator: g });
  const labels = Int32Array.from({ length: 64 }, () => g.int(10));
  const y = tensor(labels);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const accuracy = (logits: ReturnType<typeof model.forward>) =>
    argmax(logits, 1)
      .dataSync()
      .filter((p, i) => p === labels[i]).length / labels.length;
  let firstLoss = 0;
  let lastLoss = 0;
  let acc = 0;
  let step = 0;
  let buffersAfterFirstStep = 0;
  const train = () =>
    tidy(() => {
      opt.zeroGrad();
      const logits = model.forward(x);
      const loss = crossEntropy(logits, y);
      loss.backward();
      opt.step();
      return [loss.item(), accuracy(logits)];
    });
  while (step < 300 && acc < 1) {
    step++;
    [lastLoss, acc] = train();
    if (step === 1) {
      firstLoss = lastLoss;
      buffersAfterFirstStep = getBackend().memory().buffers;
    }
  }
  assert.is(acc, 1, `training accuracy ${acc} after ${step} steps (seed ${SEED})`);
  assert.ok(lastLoss < firstLoss / 2, `loss ${firstLoss} -> ${lastLoss}`);
  assert.is(getBackend().memory().buffers, buffersAfterFirstStep, 'no tensor leaked per step');
  // Running statistics trail the weights by about 1/momentum steps: let them catch up.
  for (let i = 0; i < 30; i++) train();
  model.eval();
  assert.is(
    tidy(() => accuracy(model.forward(x))),
    1,
    'eval mode (running statistics) agrees',
  );
  assert.is(model.bn1.numBatchesTracked?.item(), step + 30);
  opt.dispose();
  model.dispose();
});

test('mnistCnnFlops counts the seed model by hand', () => {
  // F = 32, batch 100: conv1 2·100·32·28²·1·3² = 45 158 400; conv2 2·100·64·14²·32·3² = 722 534 400;
  // fc1 2·100·128·3136 = 80 281 600; fc2 2·100·10·128 = 256 000.
  const forward = 45_158_400 + 722_534_400 + 80_281_600 + 256_000;
  const { forward: f, trainStep } = models.mnistCnnFlops({ factor: 32 }, 100);
  assert.is(f, forward);
  assert.is(trainStep, forward + forward + (forward - 45_158_400));
});

test.run();
