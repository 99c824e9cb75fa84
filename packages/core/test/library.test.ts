// The library's layers, containers and PyTorch details users trip on (numbers are checked against
// PyTorch in torch-parity-library.test.ts and against float64 in the conformance suite).

import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addDispatchHook,
  binaryCrossEntropyWithLogits,
  CpuBackend,
  crossEntropy,
  findBackend,
  getBackend,
  index,
  logSumExp,
  manualSeed,
  models,
  nn,
  noGrad,
  optim,
  randn,
  registerBackend,
  tensor,
  topk,
  utils,
  zeros,
} from '../src/index.js';

test('ModuleList and ModuleDict name their children like PyTorch (layers.0.weight)', () => {
  class Net extends nn.Module {
    readonly layers = this.registerModule(
      'layers',
      new nn.ModuleList([new nn.Linear(4, 3), new nn.Linear(3, 2)]),
    );
    readonly heads = this.registerModule(
      'heads',
      new nn.ModuleDict({ cls: new nn.Linear(2, 5), box: new nn.Linear(2, 4, { bias: false }) }),
    );
    forward(x: ReturnType<typeof zeros>) {
      let y = x;
      for (const l of this.layers) y = l.forward(y);
      return this.heads.get('cls').forward(y);
    }
  }
  const net = new Net();
  assert.equal(Object.keys(net.stateDict()), [
    'layers.0.weight',
    'layers.0.bias',
    'layers.1.weight',
    'layers.1.bias',
    'heads.cls.weight',
    'heads.cls.bias',
    'heads.box.weight',
  ]);
  assert.equal(net.forward(zeros([7, 4])).shape, [7, 5]);
  assert.is(net.layers.length, 2);
  assert.throws(
    () => net.heads.get('seg'),
    /ModuleDict: no module named 'seg' \(it has cls, box\)/,
  );
});

test('the new layers give PyTorch output shapes', () => {
  manualSeed(1);
  assert.equal(new nn.Conv1d(3, 5, 3, { padding: 1 }).forward(randn([2, 3, 10])).shape, [2, 5, 10]);
  const up = new nn.ConvTranspose2d(4, 2, 3, { stride: 2, padding: 1, outputPadding: 1 });
  assert.equal(up.weight.shape, [4, 2, 3, 3]);
  assert.equal(up.forward(randn([1, 4, 5, 6])).shape, [1, 2, 10, 12]);
  assert.equal(new nn.AdaptiveAvgPool2d(1).forward(randn([2, 3, 7, 5])).shape, [2, 3, 1, 1]);
  assert.equal(new nn.LayerNorm(6).forward(randn([2, 3, 6])).shape, [2, 3, 6]);
  assert.equal(new nn.GroupNorm(2, 4).forward(randn([2, 4, 3, 3])).shape, [2, 4, 3, 3]);
  const emb = new nn.Embedding(10, 3);
  assert.equal(emb.forward(tensor(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3])).shape, [2, 3, 3]);
  assert.throws(() => new nn.GroupNorm(3, 4), /numChannels 4 must be divisible by numGroups 3/);
});

test('Embedding: the padding row starts at zero and gets no gradient', () => {
  manualSeed(2);
  const emb = new nn.Embedding(5, 2, { paddingIdx: 0 });
  assert.equal(Array.from(emb.weight.dataSync().slice(0, 2)), [0, 0]);
  emb
    .forward(tensor(Int32Array.from([0, 3, 0, 3])))
    .sum()
    .backward();
  const g = Array.from(emb.weight.grad?.dataSync() ?? []);
  assert.equal(g, [0, 0, 0, 0, 0, 0, 2, 2, 0, 0]);
});

test('losses are scalars of shape [], and stay finite for large logits', () => {
  const x = tensor([[1000, -1000, 0]]);
  assert.equal(crossEntropy(x, tensor(Int32Array.from([1]))).shape, []);
  const bce = binaryCrossEntropyWithLogits(tensor([1000, -1000]), tensor([0, 1]));
  assert.equal(bce.shape, []);
  assert.is(bce.item(), 1000);
  const lse = logSumExp(tensor([1000, 1000]));
  assert.ok(Math.abs(lse.item() - (1000 + Math.LN2)) < 1e-3, `logSumExp ${lse.item()}`);
  assert.is(logSumExp(tensor([-Infinity, -Infinity])).item(), -Infinity);
});

test('crossEntropy ignores -100 labels by default (mean over the rest)', () => {
  const logits = tensor([
    [2, 0],
    [0, 2],
    [5, -5],
  ]);
  const all = crossEntropy(logits, tensor(Int32Array.from([0, 1, 1])), { reduction: 'none' });
  const some = crossEntropy(logits, tensor(Int32Array.from([0, 1, -100])));
  const [a, b] = Array.from(all.dataSync());
  assert.ok(Math.abs(some.item() - (a + b) / 2) < 1e-6);
});

test('indexing and topk follow PyTorch', () => {
  const x = tensor([
    [0, 1, 2, 3],
    [4, 5, 6, 7],
    [8, 9, 10, 11],
  ]);
  assert.equal(index(x, -1).toArray(), [8, 9, 10, 11]);
  assert.equal(index(x, '...', '::2').toArray(), [
    [0, 2],
    [4, 6],
    [8, 10],
  ]);
  assert.equal(x.index(1, null).shape, [1, 4]);
  assert.throws(() => x.index(3), /index 3 is out of range for axis 0 of size 3/);
  assert.throws(() => x.index('::-1'), /step must be a positive integer/);
  const [values, indices] = topk(tensor([3, 1, 4, 1, 5]), 2);
  assert.equal(values.toArray(), [5, 4]);
  assert.is(indices.dtype, 'int32');
  assert.equal(indices.toArray(), [4, 2]);
});

test('noGrad without tidy keeps only what it returns (no intermediates of a CNN forward)', () => {
  manualSeed(4);
  const model = models.mnistCnn({ factor: 4 }).eval();
  const x = randn([8, 1, 28, 28]);
  const before = getBackend().memory();
  for (let i = 0; i < 3; i++) noGrad(() => model.forward(x)).dispose();
  const after = getBackend().memory();
  assert.equal(after, before);
  const kept = noGrad(() => model.forward(x));
  assert.equal(kept.shape, [8, 10]);
  assert.is(getBackend().memory().buffers, before.buffers + 1);
  kept.dispose();
});

registerBackend('cpu-b', () => new CpuBackend('cpu-b'));

test('Module.to moves parameters and buffers in place; loadStateDict copies across backends', () => {
  manualSeed(5);
  const model = models.mnistCnn({ factor: 2 });
  const params = model.parameters();
  model.eval();
  const x = randn([2, 1, 28, 28]);
  const want = Array.from(noGrad(() => model.forward(x)).dataSync());
  const other = findBackend('cpu-b');
  model.to('cpu-b');
  assert.ok(model.parameters().every((p, i) => p === params[i] && p.backend === other));
  assert.ok(model.buffers().every((b) => b.backend === other));
  const got = Array.from(noGrad(() => model.forward(x.to('cpu-b'))).dataSync());
  assert.equal(got, want);
  // An optimiser made after the move trains there.
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  model.train();
  model.forward(x.to('cpu-b')).sum().backward();
  opt.step();
  // A fresh model on cpu loads the moved model's state (a cross-backend copy, as PyTorch's).
  const copy = models.mnistCnn({ factor: 2 });
  copy.loadStateDict(model.stateDict());
  assert.ok(copy.parameters().every((p) => p.backend === getBackend()));
  assert.equal(
    Array.from(copy.stateDict()['fc2.bias'].dataSync()),
    Array.from(model.stateDict()['fc2.bias'].dataSync()),
  );
  model.to('cpu');
  assert.ok(model.parameters().every((p) => p.backend === getBackend()));
  // A backend instance whose name differs from what it is registered as still receives a dict
  // from cpu (the copy goes by instance, not by name: it failed with 'source lives on another backend').
  registerBackend('cpu-unnamed', () => new CpuBackend());
  const moved = models.mnistCnn({ factor: 2 }).to('cpu-unnamed');
  moved.loadStateDict(copy.stateDict());
  assert.ok(moved.parameters().every((p) => p.backend === findBackend('cpu-unnamed')));
  assert.equal(
    Array.from(moved.stateDict()['fc2.bias'].dataSync()),
    Array.from(copy.stateDict()['fc2.bias'].dataSync()),
  );
});

test('tensors print like PyTorch (util.inspect, console.log), summarised when large', () => {
  assert.is(
    inspect(
      tensor([
        [0.1, -2.5],
        [3, 4],
      ]),
    ),
    'tensor([[ 0.1000, -2.5000],\n        [ 3.0000,  4.0000]])',
  );
  assert.is(utils.inspect(tensor(Int32Array.from([1, 20]))), 'tensor([ 1, 20], dtype=int32)');
  assert.is(tensor([1, 2]).requiresGrad_().format(), 'tensor([1., 2.], requiresGrad=true)');
  const big = inspect(zeros([40, 50]));
  assert.ok(big.includes('...') && big.includes('shape=[40, 50]'), big);
  assert.ok(big.split('\n').length === 7, big);
});

test('summary() lists every call with its output shape and parameter count', () => {
  const model = models.mnistCnn({ factor: 8 });
  const s = nn.summary(model, [1, 1, 28, 28]);
  assert.equal(
    s.rows.map((r) => [r.name, r.outputShape]),
    [
      ['conv1', [1, 8, 28, 28]],
      ['bn1', [1, 8, 28, 28]],
      ['pool', [1, 8, 14, 14]],
      ['drop1', [1, 8, 14, 14]],
      ['conv2', [1, 16, 14, 14]],
      ['bn2', [1, 16, 14, 14]],
      ['pool', [1, 16, 7, 7]],
      ['drop2', [1, 16, 7, 7]],
      ['fc1', [1, 32]],
      ['drop3', [1, 32]],
      ['fc2', [1, 10]],
    ],
  );
  assert.is(s.totalParams, model.numParameters());
  assert.ok(s.text.includes('Total params: 26,746'));
  assert.ok(model.training, 'the mode is restored');
});

test('dispatch hooks see every kernel before and after it runs, with its outputs', () => {
  const seen: string[] = [];
  const stop = addDispatchHook({
    before: (c) => seen.push(`before ${c.name} ${c.inputs.length}`),
    after: (c, outs) => seen.push(`after ${c.name} [${outs[0].shape}]`),
  });
  tensor([1, 2]).add(tensor([3, 4]));
  stop();
  tensor([1]).neg();
  assert.equal(seen.slice(-2), ['before Binary 2', 'after Binary [2]']);
  assert.ok(!seen.some((s) => s.includes('Unary')), 'removed hooks see nothing');
});

test.run();
