import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Generator,
  getBackend,
  manualSeed,
  nn,
  ones,
  randn,
  type Tensor,
  tensor,
  tidy,
  zeros,
} from '../src/index.js';

const { BatchNorm1d, BatchNorm2d, Conv2d, Dropout, Dropout2d, Linear, Module, ReLU, Sequential } =
  nn;

const SEED = 1234;

function values(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

function assertClose(actual: Tensor | number[], expected: number[], tol: number, what: string) {
  const a = Array.isArray(actual) ? actual : values(actual);
  assert.is(a.length, expected.length, `${what}: length`);
  a.forEach((v, i) => {
    const err = Math.abs(v - expected[i]);
    if (!(err <= tol * Math.max(1, Math.abs(expected[i])))) {
      assert.unreachable(`${what}[${i}] = ${v}, expected ${expected[i]} (seed ${SEED})`);
    }
  });
}

// A module with its own parameter and buffers next to nested containers, to pin down key order.
class Block extends Module {
  readonly scale = this.registerParameter('scale', ones([3]));
  readonly count = this.registerBuffer('count', zeros([1]));
  readonly scratch = this.registerBuffer('scratch', zeros([2]), { persistent: false });
  readonly body = this.registerModule(
    'body',
    new Sequential(new Linear(2, 3), new ReLU(), new Sequential(new BatchNorm1d(3))),
  );

  forward(x: Tensor): Tensor {
    return this.body.forward(x).mul(this.scale);
  }
}

test('names follow PyTorch: own parameters, own buffers, then children, dotted', () => {
  const m = new Block();
  assert.equal(
    m.namedParameters().map(([k]) => k),
    ['scale', 'body.0.weight', 'body.0.bias', 'body.2.0.weight', 'body.2.0.bias'],
  );
  assert.equal(
    m.namedBuffers().map(([k]) => k),
    [
      'count',
      'scratch',
      'body.2.0.running_mean',
      'body.2.0.running_var',
      'body.2.0.num_batches_tracked',
    ],
  );
  assert.equal(Object.keys(m.stateDict()), [
    'scale',
    'count',
    'body.0.weight',
    'body.0.bias',
    'body.2.0.weight',
    'body.2.0.bias',
    'body.2.0.running_mean',
    'body.2.0.running_var',
    'body.2.0.num_batches_tracked',
  ]);
  assert.equal(
    m.namedChildren().map(([k]) => k),
    ['body'],
  );
  assert.equal(
    m.namedModules().map(([k]) => k),
    ['', 'body', 'body.0', 'body.1', 'body.2', 'body.2.0'],
  );
  assert.is(m.modules().length, 6);
  assert.ok(m.parameters().every((p) => p instanceof nn.Parameter && p.requiresGrad && p.kept));
  assert.is(m.stateDict()['body.0.weight'], m.body.at(0).parameters()[0]);
  assert.is(m.numParameters(), 3 + 6 + 3 + 3 + 3);
});

test('a parameter shared by two modules is listed once', () => {
  const a = new Linear(4, 4);
  const b = new Linear(4, 4);
  b.registerParameter('weight', a.weight);
  const seq = new Sequential(a, b);
  assert.is(seq.parameters().length, 3);
  assert.equal(Object.keys(seq.stateDict()), ['0.weight', '0.bias', '1.weight', '1.bias']);
});

test('registration rejects dotted names and one name used for two kinds', () => {
  const m = new Block();
  const plain = randn([2]);
  const wrapped = m.registerParameter('extra', plain);
  assert.ok(wrapped instanceof nn.Parameter && wrapped.requiresGrad && wrapped.kept);
  assert.equal(values(wrapped), values(plain), 'a plain tensor is wrapped, sharing its values');
  assert.is(m.namedParameters()[1][0], 'extra');
  assert.throws(() => m.registerParameter('a.b', zeros([1])), /without '\.'/);
  assert.throws(() => m.registerBuffer('scale', zeros([1])), /already registered/);
  assert.throws(() => m.registerModule('count', new ReLU()), /already registered/);
  assert.throws(() => new nn.Parameter(zeros([2], { dtype: 'int32' })), /float32/);
});

test('strict loading names every missing, unexpected and mis-shaped key in one error', () => {
  const m = new Block();
  const dict = { ...new Block().stateDict() };
  delete dict['body.0.bias'];
  delete dict['body.2.0.running_var'];
  dict['body.3.weight'] = zeros([3]);
  dict.extra = zeros([1]);
  dict.scale = zeros([4]);
  dict['body.0.weight'] = zeros([2, 3]);
  const before = values(m.scale);
  let message = '';
  try {
    m.loadStateDict(dict);
  } catch (err) {
    message = (err as Error).message;
  }
  for (const key of [
    'body.0.bias',
    'body.2.0.running_var',
    'body.3.weight',
    'extra',
    'scale: [4] in the dict, [3]',
    'body.0.weight: [2, 3] in the dict, [3, 2]',
  ]) {
    assert.ok(message.includes(key), `error should name ${key}: ${message}`);
  }
  assert.match(message, /missing keys/);
  assert.match(message, /unexpected keys/);
  assert.equal(values(m.scale), before, 'nothing is copied when loading fails');
});

test('non-strict loading copies what matches in place and reports the rest', () => {
  manualSeed(SEED);
  const m = new Block();
  const source = new Block();
  const weight = m.body.at(0).parameters()[0];
  const dict: Record<string, Tensor> = { ...source.stateDict(), unknown: zeros([1]) };
  delete dict.count;
  const result = m.loadStateDict(dict, { strict: false });
  assert.equal(result, { missingKeys: ['count'], unexpectedKeys: ['unknown'] });
  assert.is(m.body.at(0).parameters()[0], weight, 'the same tensor object, so optimisers keep it');
  assert.equal(values(weight), values(source.body.at(0).parameters()[0]));
  assert.ok(!weight.isDisposed && !source.body.at(0).parameters()[0].isDisposed);
  assert.throws(() => m.loadStateDict({ scale: zeros([5]) }, { strict: false }), /scale: \[5\]/);
});

test('loading converts dtypes and copies, so the dict can be disposed afterwards', () => {
  const bn = new BatchNorm2d(2);
  const dict: Record<string, Tensor> = {
    weight: tensor([2, 3]),
    bias: tensor([0.5, -0.5]),
    running_mean: tensor([1, 2]),
    running_var: tensor([4, 9]),
    num_batches_tracked: tensor(7),
  };
  bn.loadStateDict(dict);
  for (const t of Object.values(dict)) t.dispose();
  assert.is(bn.numBatchesTracked!.dtype, 'int32');
  assert.is(bn.numBatchesTracked!.item(), 7);
  assert.equal(values(bn.runningVar!), [4, 9]);
  bn.eval();
  const y = bn.forward(ones([1, 2, 1, 1]));
  assertClose(
    y,
    [(2 * (1 - 1)) / Math.sqrt(4 + 1e-5) + 0.5, (3 * (1 - 2)) / Math.sqrt(9 + 1e-5) - 0.5],
    1e-6,
    'y',
  );
});

test('train() and eval() reach every descendant', () => {
  const m = new Block();
  assert.ok(m.modules().every((x) => x.training));
  assert.is(m.eval(), m);
  assert.ok(m.modules().every((x) => !x.training));
  m.train();
  assert.ok(m.modules().every((x) => x.training));
  m.train(false);
  assert.ok(m.modules().every((x) => !x.training));
});

test('parameters and buffers survive a tidy() around construction and forward', () => {
  const before = getBackend().memory().buffers;
  const m = tidy(() => {
    const model = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2));
    model.forward(randn([2, 1, 5, 5]));
    return model;
  });
  assert.ok([...m.parameters(), ...m.buffers()].every((t) => !t.isDisposed));
  assert.is(m.buffers()[2].item(), 1);
  m.dispose();
  assert.is(getBackend().memory().buffers, before, 'dispose() frees every parameter and buffer');
});

test('default initialisation: kaiming-uniform(a=√5) weights, bias within ±1/√fanIn', () => {
  manualSeed(SEED);
  const cases: [string, nn.Conv2d | nn.Linear, number][] = [
    ['Conv2d(3, 16, 5)', new Conv2d(3, 16, 5), 3 * 5 * 5],
    ['Conv2d(4, 8, [3, 2])', new Conv2d(4, 8, [3, 2]), 4 * 3 * 2],
    ['Linear(100, 64)', new Linear(100, 64), 100],
  ];
  for (const [name, layer, fanIn] of cases) {
    const bound = 1 / Math.sqrt(fanIn);
    for (const [pname, p] of layer.namedParameters()) {
      const v = values(p);
      const maxAbs = Math.max(...v.map(Math.abs));
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      assert.ok(maxAbs <= bound, `${name}.${pname}: max |w| ${maxAbs} > ${bound}`);
      // A uniform draw covers its range: with >= 8 values the largest is near the bound.
      assert.ok(maxAbs > 0.7 * bound, `${name}.${pname}: max |w| ${maxAbs} far below ${bound}`);
      assert.ok(Math.abs(mean) < bound / 2, `${name}.${pname}: mean ${mean}`);
    }
    if (layer instanceof Conv2d) {
      assert.equal(layer.weight.shape, [layer.outChannels, layer.inChannels, ...layer.kernelSize]);
    }
  }
  const w = new Linear(1000, 50).weight;
  const v = values(w);
  const variance = v.reduce((a, b) => a + b * b, 0) / v.length;
  // U(−b, b) has variance b²/3.
  assertClose([variance], [1 / 1000 / 3], 0.05, 'variance of Linear(1000, 50).weight');
  const bn = new BatchNorm2d(4);
  assert.equal(values(bn.weight!), [1, 1, 1, 1]);
  assert.equal(values(bn.bias!), [0, 0, 0, 0]);
  assert.equal(values(bn.runningMean!), [0, 0, 0, 0]);
  assert.equal(values(bn.runningVar!), [1, 1, 1, 1]);
  assert.is(bn.numBatchesTracked!.item(), 0);
  assert.is(new Linear(3, 2, { bias: false }).bias, null);
  assert.equal(Object.keys(new Conv2d(1, 2, 3, { bias: false }).stateDict()), ['weight']);
});

test('the same seed gives the same weights; a passed Generator is independent of the global one', () => {
  const build = () => new Sequential(new Conv2d(1, 4, 3), new Linear(8, 3));
  manualSeed(7);
  const a = build();
  manualSeed(7);
  const b = build();
  manualSeed(8);
  const c = build();
  const flat = (m: nn.Module) => m.parameters().flatMap(values);
  assert.equal(flat(a), flat(b));
  assert.not.equal(flat(a), flat(c));
  const g1 = new Linear(5, 5, { generator: new Generator(3) });
  manualSeed(99);
  const g2 = new Linear(5, 5, { generator: new Generator(3) });
  assert.equal(flat(g1), flat(g2));
});

test('calculateGain and fans match torch.nn.init', () => {
  const { calculateGain, fans } = nn.init;
  assert.is(calculateGain('linear'), 1);
  assert.is(calculateGain('tanh'), 5 / 3);
  assert.is(calculateGain('relu'), Math.SQRT2);
  assert.is(calculateGain('leakyRelu', Math.sqrt(5)), Math.sqrt(1 / 3));
  assert.equal(fans([32, 16, 3, 3]), { fanIn: 144, fanOut: 288 });
  assert.throws(() => fans([4]), /rank >= 2/);
});

// Per-channel mean and variance (biased) of x: [N, C, H, W], in float64.
function channelStats(x: Tensor): { mean: number[]; variance: number[]; n: number } {
  const [n, c, h, w] = x.shape;
  const v = values(x);
  const count = n * h * w;
  const mean = new Array<number>(c).fill(0);
  const sq = new Array<number>(c).fill(0);
  for (let i = 0; i < v.length; i++) mean[Math.floor(i / (h * w)) % c] += v[i] / count;
  for (let i = 0; i < v.length; i++) {
    const ch = Math.floor(i / (h * w)) % c;
    sq[ch] += (v[i] - mean[ch]) ** 2 / count;
  }
  return { mean, variance: sq, n: count };
}

test('BatchNorm2d: running statistics (unbiased variance, momentum 0.1) and num_batches_tracked', () => {
  const g = new Generator(SEED);
  const bn = new BatchNorm2d(3);
  const x1 = randn([4, 3, 5, 5], { generator: g }).mul(2).add(1);
  const x2 = randn([4, 3, 5, 5], { generator: g });
  const s1 = channelStats(x1);
  const s2 = channelStats(x2);
  const y = bn.forward(x1);
  // Training output uses the biased batch variance.
  const expectedY = values(x1).map((v, i) => {
    const ch = Math.floor(i / 25) % 3;
    return (v - s1.mean[ch]) / Math.sqrt(s1.variance[ch] + 1e-5);
  });
  assertClose(y, expectedY, 1e-4, 'train output');
  bn.forward(x2);
  const unbiased = (s: typeof s1, ch: number) => (s.variance[ch] * s.n) / (s.n - 1);
  const rm = [0, 1, 2].map((ch) => 0.9 * (0.1 * s1.mean[ch]) + 0.1 * s2.mean[ch]);
  const rv = [0, 1, 2].map((ch) => 0.9 * (0.9 + 0.1 * unbiased(s1, ch)) + 0.1 * unbiased(s2, ch));
  assertClose(bn.runningMean!, rm, 1e-5, 'running_mean');
  assertClose(bn.runningVar!, rv, 1e-5, 'running_var');
  assert.is(bn.numBatchesTracked!.item(), 2);
  assert.is(bn.numBatchesTracked!.dtype, 'int32');
  bn.eval();
  const ye = bn.forward(x2);
  assert.is(bn.numBatchesTracked!.item(), 2, 'eval does not count batches');
  assertClose(bn.runningMean!, rm, 1e-5, 'running_mean after eval');
  const expectedEval = values(x2).map((v, i) => {
    const ch = Math.floor(i / 25) % 3;
    return (v - rm[ch]) / Math.sqrt(rv[ch] + 1e-5);
  });
  assertClose(ye, expectedEval, 1e-4, 'eval output');
});

test('BatchNorm: momentum null averages cumulatively; no running stats means batch stats always', () => {
  const g = new Generator(SEED);
  const xs = [0, 1, 2].map(() => randn([6, 2, 3, 3], { generator: g }).add(3));
  const cumulative = new BatchNorm2d(2, { momentum: null });
  for (const x of xs) cumulative.forward(x);
  const expected = [0, 1].map((ch) => xs.reduce((s, x) => s + channelStats(x).mean[ch], 0) / 3);
  assertClose(cumulative.runningMean!, expected, 1e-5, 'cumulative running_mean');

  const plain = new BatchNorm1d(2, { trackRunningStats: false, affine: false });
  assert.equal(Object.keys(plain.stateDict()), []);
  assert.is(plain.parameters().length, 0);
  plain.eval();
  const x = tensor([
    [1, 10],
    [3, 30],
  ]);
  assertClose(plain.forward(x), [-1, -1, 1, 1], 1e-3, 'batch statistics in eval');
  assert.throws(() => new BatchNorm2d(2).forward(ones([2, 3, 2, 2])), /expected 2 channels/);
  assert.throws(() => new BatchNorm2d(2).forward(ones([2, 2])), /4-D/);
  const single = new BatchNorm1d(2);
  assert.throws(() => single.forward(ones([1, 2])), /more than one value per channel/);
  assert.is(single.numBatchesTracked?.item(), 0, 'a failed forward counts no batch');
});

test('Dropout and Dropout2d: the identity in eval, masks in training', () => {
  const x = randn([8, 6, 4, 4], { generator: new Generator(SEED) });
  for (const layer of [new Dropout(0.5), new Dropout2d(0.5)]) {
    layer.eval();
    assert.equal(values(layer.forward(x)), values(x), `${layer} in eval`);
    layer.train();
    const y = values(layer.forward(x));
    const xv = values(x);
    const zeroed = y.filter((v) => v === 0).length / y.length;
    assert.ok(zeroed > 0.3 && zeroed < 0.7, `${layer}: zeroed ${zeroed}`);
    y.forEach((v, i) => {
      if (v !== 0) assertClose([v], [2 * xv[i]], 1e-6, `${layer} kept value`);
    });
  }
  // Dropout2d zeroes whole channels.
  const y = values(new Dropout2d(0.5).forward(x));
  for (let ch = 0; ch < 48; ch++) {
    const plane = y.slice(ch * 16, ch * 16 + 16);
    assert.ok(plane.every((v) => v === 0) || plane.every((v) => v !== 0), `channel ${ch}`);
  }
  assert.throws(() => new Dropout(1.5), /\[0, 1\]/);
});

test('in eval, a sample gives the same output alone and inside a batch', () => {
  manualSeed(SEED);
  const model = new Sequential(
    new Conv2d(1, 4, 3, { padding: 'same' }),
    new BatchNorm2d(4),
    new ReLU(),
    new nn.MaxPool2d(2),
    new Dropout2d(0.3),
    new nn.Flatten(),
    new Linear(4 * 4 * 4, 5),
    new Dropout(0.5),
  );
  model.forward(randn([6, 1, 8, 8]));
  model.eval();
  const batch = randn([5, 1, 8, 8]);
  const all = values(model.forward(batch));
  for (let i = 0; i < 5; i++) {
    const one = values(model.forward(batch.slice([i, 0, 0, 0], [1, -1, -1, -1])));
    assertClose(one, all.slice(i * 5, i * 5 + 5), 1e-5, `sample ${i}`);
  }
});

test('layers compute what their functional forms compute', () => {
  const g = new Generator(SEED);
  const x = randn([2, 3, 6, 6], { generator: g });
  const conv = new Conv2d(3, 4, 3, { stride: 2, padding: 1, dilation: 1 });
  const F = nn.functional;
  assert.equal(
    values(conv.forward(x)),
    values(F.conv2d(x, conv.weight, conv.bias, { stride: 2, padding: 1 })),
  );
  assert.equal(conv.forward(x).shape, [2, 4, 3, 3]);
  assert.equal(new nn.AvgPool2d(2).forward(x).shape, [2, 3, 3, 3]);
  assert.equal(values(new nn.LeakyReLU(0.2).forward(x)), values(F.leakyRelu(x, 0.2)));
  assert.equal(values(new nn.Sigmoid().forward(x)), values(F.sigmoid(x)));
  assert.equal(values(new nn.Tanh().forward(x)), values(F.tanh(x)));
  assert.equal(new nn.Flatten().forward(x).shape, [2, 108]);
  assert.equal(new nn.Flatten(0, 1).forward(x).shape, [6, 6, 6]);
  assert.throws(() => new Conv2d(1, 2, 3, { padding: 'same', stride: 2 }), /stride 1/);
});

test('zeroGrad drops gradients; toString reads like PyTorch', () => {
  const m = new Sequential(new Linear(2, 3), new ReLU(), new Sequential(new BatchNorm1d(3)));
  m.forward(randn([4, 2]))
    .sum()
    .backward();
  assert.ok(m.parameters().every((p) => p.grad !== null));
  m.zeroGrad();
  assert.ok(m.parameters().every((p) => p.grad === null));
  assert.is(
    m.toString(),
    [
      'Sequential(',
      '  (0): Linear(inFeatures=2, outFeatures=3, bias=true)',
      '  (1): ReLU()',
      '  (2): Sequential(',
      '    (0): BatchNorm1d(3, eps=0.00001, momentum=0.1, affine=true, trackRunningStats=true)',
      '  )',
      ')',
    ].join('\n'),
  );
  assert.is(
    new Conv2d(1, 8, 3, { padding: 'same', bias: false }).toString(),
    "Conv2d(1, 8, kernelSize=[3, 3], stride=[1, 1], padding='same', bias=false)",
  );
});

test.run();
