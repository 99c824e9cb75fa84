import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  arange,
  full,
  Generator,
  manualSeed,
  ones,
  rand,
  randn,
  scalar,
  tensor,
  zeros,
} from '../src/index.js';

test('tensor() infers shapes from nested arrays and keeps values', () => {
  const t = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(t.shape, [2, 3]);
  assert.is(t.dtype, 'float32');
  assert.equal(t.toArray(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(Array.from(t.dataSync()), [1, 2, 3, 4, 5, 6]);
});

test('tensor() takes flat values with a shape, and int32 data', () => {
  const t = tensor([1, 2, 3, 4, 5, 6], [3, 2]);
  assert.equal(t.toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const labels = tensor(new Int32Array([3, 1, 4]));
  assert.is(labels.dtype, 'int32');
  assert.ok(labels.dataSync() instanceof Int32Array);
});

test('scalars have shape [] and an item', () => {
  const s = scalar(2.5);
  assert.equal(s.shape, []);
  assert.is(s.item(), 2.5);
  assert.is(s.toArray(), 2.5);
});

test('creation helpers fill shapes', () => {
  assert.equal(Array.from(zeros([2, 2]).dataSync()), [0, 0, 0, 0]);
  assert.equal(Array.from(ones([3]).dataSync()), [1, 1, 1]);
  assert.equal(Array.from(full([2], 7).dataSync()), [7, 7]);
  assert.equal(Array.from(arange(4).dataSync()), [0, 1, 2, 3]);
  assert.equal(Array.from(arange(1, 2, 0.25).dataSync()), [1, 1.25, 1.5, 1.75]);
  assert.is(full([2], 3, { dtype: 'int32' }).dtype, 'int32');
});

test('random tensors follow the seed', () => {
  manualSeed(7);
  const a = Array.from(randn([5]).dataSync());
  manualSeed(7);
  const b = Array.from(randn([5]).dataSync());
  assert.equal(a, b);
  const u = Array.from(rand([1000], { generator: new Generator(3) }).dataSync());
  assert.ok(u.every((v) => v >= 0 && v < 1));
  const meanU = u.reduce((s, v) => s + v, 0) / u.length;
  assert.ok(Math.abs(meanU - 0.5) < 0.05, `mean of uniform samples ${meanU}`);
});

test('randn has mean 0 and variance 1', () => {
  const v = Array.from(randn([20000], { generator: new Generator(11) }).dataSync());
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length;
  assert.ok(Math.abs(m) < 0.03, `mean ${m}`);
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
});

test('bad creation input is rejected with a message naming the problem', () => {
  assert.throws(() => tensor([1, 2, 3], [2, 2]), /3 values do not fill shape \[2, 2\]/);
  assert.throws(() => zeros([2, -1]), /non-negative integers, got -1/);
  assert.throws(() => zeros([1.5]), /non-negative integers/);
  assert.throws(() => tensor([[1, 2], [3]]), /ragged/);
  assert.throws(() => tensor([1.5], [1], { dtype: 'int32' }), /int32 tensors need integer values/);
  assert.throws(() => arange(0, 1, 0), /step must be a finite non-zero number/);
});

test('item() needs exactly one element', () => {
  assert.throws(() => zeros([2]).item(), /only one-element tensors have an item.*\[2\]/);
});

test('disposed tensors cannot be used', () => {
  const t = ones([2]);
  t.dispose();
  assert.ok(t.isDisposed);
  assert.throws(() => t.dataSync(), /disposed/);
  assert.throws(() => t.add(1), /disposed/);
  t.dispose(); // twice is harmless
});

test('reshape views share memory until the last one is disposed', () => {
  const t = arange(6);
  const v = t.reshape([2, 3]);
  t.dispose();
  assert.equal(Array.from(v.dataSync()), [0, 1, 2, 3, 4, 5]);
  v.dispose();
});

test('int tensors cannot require gradients', () => {
  assert.throws(() => tensor(new Int32Array([1])).requiresGrad_(), /only float32 tensors/);
});

test('toString shows values, shape and dtype', () => {
  assert.match(tensor([1, 2]).toString(), /Tensor\(\[1,2\], shape=\[2\], dtype=float32\)/);
});

test('dividing int32 tensors is true division, as in PyTorch', () => {
  const q = tensor(new Int32Array([7, -7])).div(tensor(new Int32Array([2, 2])));
  assert.is(q.dtype, 'float32');
  assert.equal(Array.from(q.dataSync()), [3.5, -3.5]);
});

test('int32 with a non-integer number or a float32 tensor gives float32 (PyTorch promotion)', () => {
  const i = tensor(Int32Array.from([1, 2, 3]));
  const added = i.add(0.5);
  assert.is(added.dtype, 'float32');
  assert.equal(Array.from(added.dataSync()), [1.5, 2.5, 3.5]);
  assert.equal(Array.from(i.mul(1.9).dataSync()), Array.from(Float32Array.of(1.9, 3.8, 5.7)));
  assert.is(i.add(2).dtype, 'int32');
  assert.equal(Array.from(i.add(2).dataSync()), [3, 4, 5]);
  assert.is(i.add(tensor(Int32Array.from([1, 1, 1]))).dtype, 'int32');
  assert.equal(Array.from(i.sub(tensor([0.25, 0.5, 0.75])).dataSync()), [0.75, 1.5, 2.25]);
});

test.run();
