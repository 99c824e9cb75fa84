// Training helpers: gradient clipping, parameter groups.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nn, optim, tensor } from '../src/index.js';

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

test.run();
