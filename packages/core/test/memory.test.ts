import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  crossEntropy,
  Generator,
  getBackend,
  keep,
  linear,
  noGrad,
  ones,
  randn,
  relu,
  tensor,
  tidy,
  zeros,
} from '../src/index.js';

test('tidy frees what it created except what it returns', () => {
  const before = getBackend().memory();
  const kept = tidy(() => {
    const a = ones([10]);
    const b = a.mul(2);
    return b.add(1);
  });
  assert.equal(getBackend().memory().buffers, before.buffers + 1);
  assert.equal(Array.from(kept.dataSync()).slice(0, 2), [3, 3]);
  kept.dispose();
  assert.equal(getBackend().memory(), before);
});

test('tidy keeps tensors inside returned arrays and objects, and keep() ones', () => {
  const before = getBackend().memory().buffers;
  let escaped = zeros([1]);
  const result = tidy(() => {
    escaped = keep(ones([2]));
    return { a: ones([1]), list: [ones([1]), ones([1])] };
  });
  assert.is(getBackend().memory().buffers, before + 1 + 4);
  for (const t of [result.a, ...result.list, escaped]) t.dispose();
});

test('nested tidy hands returned tensors to the outer scope', () => {
  const before = getBackend().memory();
  tidy(() => {
    const inner = tidy(() => ones([3]).mul(2));
    assert.ok(!inner.isDisposed);
  });
  assert.equal(getBackend().memory(), before);
});

test('tidy refuses async functions', () => {
  assert.throws(() => tidy(() => Promise.resolve(1)), /Promise/);
});

test('a training loop holds memory flat from step to step', () => {
  const g = new Generator(1);
  const x = randn([16, 8], { generator: g });
  const y = tensor(new Int32Array(16).map((_, i) => i % 3));
  const w1 = keep(randn([32, 8], { generator: g }).mul(0.3).requiresGrad_());
  const b1 = keep(zeros([32]).requiresGrad_());
  const w2 = keep(randn([3, 32], { generator: g }).mul(0.3).requiresGrad_());
  const params = [w1, b1, w2];
  const usage: { buffers: number; bytes: number }[] = [];
  for (let step = 0; step < 30; step++) {
    tidy(() => {
      crossEntropy(linear(relu(linear(x, w1, b1)), w2), y).backward();
      noGrad(() => {
        for (const p of params) {
          p.assignFrom(p.sub(p.grad!.mul(0.1)));
          p.grad!.dispose();
          p.grad = null;
        }
      });
    });
    usage.push(getBackend().memory());
  }
  assert.equal(usage[29], usage[4]);
});

test.run();
