// Training helpers: gradient clipping, parameter groups.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fit, manualSeed, nn, optim, randn, tensor, tidy, utils } from '../src/index.js';

function leaf(values: number[]) {
  return tensor(values).requiresGrad_();
}

test('clipGradNorm returns the total norm before clipping and scales every gradient', () => {
  const a = leaf([0, 0]);
  const b = leaf([0]);
  a.grad = tensor([3, 0]);
  b.grad = tensor([4]);
  const norm = nn.utils.clipGradNorm([a, b], 1);
  assert.ok(Math.abs(norm.item() - 5) < 1e-6);
  const scale = 1 / (5 + 1e-6);
  assert.ok(Math.abs((a.grad?.dataSync()[0] ?? 0) - 3 * scale) < 1e-6);
  assert.ok(Math.abs((b.grad?.dataSync()[0] ?? 0) - 4 * scale) < 1e-6);
  // Under the limit nothing changes; the infinity norm is the largest magnitude.
  const c = leaf([0, 0]);
  c.grad = tensor([-0.5, 0.25]);
  assert.ok(Math.abs(nn.utils.clipGradNorm([c], 2, { normType: Infinity }).item() - 0.5) < 1e-7);
  assert.equal(Array.from(c.grad.dataSync()), [-0.5, 0.25]);
});

test('optimisers take parameter groups with their own options', () => {
  const a = leaf([1, 1]);
  const b = leaf([1]);
  const opt = new optim.SGD([{ params: [a], lr: 0.5 }, { params: [b] }], { lr: 0.1 });
  a.grad = tensor([1, 2]);
  b.grad = tensor([1]);
  opt.step();
  assert.equal(Array.from(a.dataSync()), [0.5, 0]);
  assert.equal(Array.from(b.dataSync()), [Math.fround(0.9)]);
  // A schedule scales every group's lr by the same factor.
  opt.lr = 0.05;
  assert.is(opt.paramGroups[0].hyper.lr, 0.25);
  assert.is(opt.paramGroups[1].hyper.lr, 0.05);
  const adam = new optim.Adam([
    { params: [a], weightDecay: 0.1, betas: [0.8, 0.9] },
    { params: [b] },
  ]);
  assert.is(adam.paramGroups[0].hyper.beta1, 0.8);
  assert.is(adam.paramGroups[1].hyper.weightDecay, 0);
  const sd = adam.stateDict();
  assert.is(sd.meta.groups?.length, 2);
  assert.throws(
    () => new optim.SGD([{ params: [a], betas: [0.9, 0.9] }], { lr: 1 }),
    /SGD: a parameter group sets 'beta1', which a SGD does not have/,
  );
});

test('a generic DataLoader yields [x, y]; a shuffled epoch holds every sample once', () => {
  const x = tensor(
    Float32Array.from({ length: 10 }, (_, i) => i),
    [5, 2],
  );
  const y = tensor(Int32Array.from([0, 1, 2, 3, 4]));
  const loader = new utils.data.DataLoader(new utils.data.TensorDataset(x, y), {
    batchSize: 2,
    shuffle: true,
    seed: 7,
  });
  assert.is(loader.length, 3);
  const seen: number[] = [];
  let batches = 0;
  for (const [xb, yb] of loader) {
    const labels = Array.from(yb.dataSync());
    seen.push(...labels);
    // Each row of x still belongs to its label.
    assert.equal(
      Array.from(xb.dataSync()),
      labels.flatMap((l) => [2 * l, 2 * l + 1]),
    );
    batches++;
  }
  assert.is(batches, 3);
  assert.equal([...seen].sort(), [0, 1, 2, 3, 4]);
  const second = [...loader].flatMap((b) => Array.from(b[1].dataSync()));
  assert.not.equal(second, seen, 'a new order each epoch');
  // Any dataset of [tensor, number] samples collates too.
  const custom = { length: 3, get: (i: number) => [tensor([i, -i]), i] as const };
  const [cx, cy] = [...new utils.data.DataLoader(custom, { batchSize: 3 })][0];
  assert.equal(cx.shape, [3, 2]);
  assert.is(cy.dtype, 'int32');
});

test('fit() trains on a TensorDataset (two Gaussian blobs)', async () => {
  manualSeed(3);
  const n = 64;
  const offsets = Float32Array.from({ length: n * 2 }, (_, i) => (Math.floor(i / 2) % 2 ? 2 : -2));
  const x = tidy(() => randn([n, 2]).add(tensor(offsets, [n, 2])));
  const y = tensor(Int32Array.from({ length: n }, (_, i) => i % 2));
  const model = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 2));
  const loader = new utils.data.DataLoader(new utils.data.TensorDataset(x, y), {
    batchSize: 16,
    shuffle: true,
  });
  const { history } = await fit(model, new optim.Adam(model.parameters(), { lr: 0.05 }), loader, {
    epochs: 5,
  });
  assert.ok(history[4].trainLoss < history[0].trainLoss / 2, JSON.stringify(history));
  assert.ok(history[4].trainAccuracy > 0.9);
});

test.run();
