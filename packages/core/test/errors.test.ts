import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  add,
  avgPool2d,
  CpuBackend,
  concat,
  conv2d,
  crossEntropy,
  dropout,
  matmul,
  maxPool2d,
  ones,
  registerBackend,
  reshape,
  setBackend,
  slice,
  sum,
  tensor,
  zeros,
} from '../src/index.js';

// Every message names the op, what it received and what it expected.

test('broadcasting mismatches name both shapes', () => {
  assert.throws(
    () => add(zeros([2, 3]), zeros([4])),
    /add: shapes \[2, 3\] and \[4\] cannot be broadcast together/,
  );
});

test('mixed dtypes promote to float32, as in PyTorch', () => {
  const out = add(zeros([2]), tensor(new Int32Array([1, 2])));
  assert.is(out.dtype, 'float32');
  assert.equal(Array.from(out.dataSync()), [1, 2]);
});

test('non-tensor operands are explained', () => {
  assert.throws(
    () => add(zeros([2]), [1, 2] as unknown as number),
    /add: operand must be a Tensor or a number, got an array/,
  );
});

test('matmul names the inner dimensions', () => {
  assert.throws(
    () => matmul(zeros([2, 3]), zeros([4, 5])),
    /matmul: inner dimensions differ: \[2, 3\] @ \[4, 5\] \(3 vs 4\)/,
  );
});

test('conv2d checks ranks, channels, bias and sizes', () => {
  assert.throws(
    () => conv2d(zeros([1, 28, 28]), zeros([4, 1, 3, 3])),
    /conv2d: input must be 4-D \[N, C, H, W\], got \[1, 28, 28\]/,
  );
  assert.throws(
    () => conv2d(zeros([1, 3, 8, 8]), zeros([4, 1, 3, 3])),
    /has 3 channels but weight \[4, 1, 3, 3\] expects 1/,
  );
  assert.throws(
    () => conv2d(zeros([1, 1, 8, 8]), zeros([4, 1, 3, 3]), zeros([3])),
    /bias \[3\] must be \[4\]/,
  );
  assert.throws(
    () => conv2d(zeros([1, 1, 2, 2]), zeros([4, 1, 3, 3])),
    /larger than the padded input 2x2/,
  );
  assert.throws(
    () => conv2d(zeros([1, 1, 8, 8]), zeros([4, 1, 3, 3]), null, { stride: 2, padding: 'same' }),
    /'same' needs stride 1/,
  );
  assert.throws(
    () => conv2d(zeros([1, 1, 8, 8]), zeros([4, 1, 3, 3]), null, { stride: 0 }),
    /stride must be an integer >= 1/,
  );
  assert.throws(
    () => conv2d(zeros([1, 1, 8, 8]), zeros([4, 1, 3, 3]), null, { padding: 1.5 }),
    /padding must be an integer >= 0/,
  );
});

test('pooling checks its window', () => {
  assert.throws(
    () => maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2, padding: 2 }),
    /padding \[2, 2\] must be at most half the kernel/,
  );
  assert.throws(() => avgPool2d(zeros([4, 4]), 2), /avgPool2d: input must be 4-D/);
  assert.throws(() => maxPool2d(zeros([1, 1, 4, 4]), -1), /kernelSize must be an integer >= 1/);
});

test('crossEntropy checks label dtype, count and range', () => {
  const logits = zeros([2, 3]);
  assert.throws(
    () => crossEntropy(logits, tensor([0, 1])),
    /probability targets must have the logits' shape \[2, 3\], got \[2\]/,
  );
  assert.throws(
    () => crossEntropy(logits, tensor(new Int32Array([0, -1]))),
    /label -1 at index 1 is outside \[0, 2\]/,
  );
  assert.throws(
    () => crossEntropy(logits, tensor(new Int32Array([0]))),
    /labels must be int32 \[2\]/,
  );
  assert.throws(
    () => crossEntropy(logits, tensor(new Int32Array([0, 3]))),
    /label 3 at index 1 is outside \[0, 2\]/,
  );
  assert.throws(
    () => crossEntropy(zeros([3]), tensor(new Int32Array([0]))),
    /logits must be \[N, K\], got \[3\]/,
  );
});

test('shape ops validate their arguments', () => {
  assert.throws(
    () => reshape(zeros([2, 3]), [4, 2]),
    /cannot reshape \[2, 3\] \(6 elements\) into \[4, 2\]/,
  );
  assert.throws(() => reshape(zeros([2, 3]), [-1, -1]), /at most one -1/);
  assert.throws(() => sum(zeros([2, 3]), 2), /sum: axis 2 is out of range for a tensor of rank 2/);
  assert.throws(
    () => slice(zeros([4]), [3], [2]),
    /slice: begin \[3\] size \[2\] is outside \[4\]/,
  );
  assert.throws(
    () => concat([zeros([2, 3]), zeros([2, 4])], 0),
    /concat: shapes .* differ outside axis 0/,
  );
  assert.throws(
    () => dropout(zeros([2]), 1.5),
    /dropout: probability p must be in \[0, 1\], got 1.5/,
  );
});

test('tensors on different backends are not mixed silently', () => {
  registerBackend('cpu-b', () => new CpuBackend('cpu-b'));
  const a = ones([2]);
  setBackend('cpu-b');
  const b = ones([2]);
  setBackend('cpu');
  assert.throws(() => add(a, b), /add: inputs live on different backends \('cpu' and 'cpu-b'\)/);
  assert.equal(Array.from(add(a, b.to('cpu')).dataSync()), [2, 2]);
});

test('unknown backends list the registered ones', () => {
  assert.throws(
    () => setBackend('gpu'),
    /backend 'gpu' is not registered; registered: cpu.*import '@digitnet\/gpu'/,
  );
});

test.run();
