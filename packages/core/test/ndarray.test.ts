import ndarray from 'ndarray';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { io, tensor } from '../src/index.js';

const { fromNdarray, toNdarray } = io;

// [[0, 1, 2], [3, 4, 5]] over a longer buffer, so that offsets have room to matter.
const grid = () => ndarray(new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), [2, 3]);

test('a contiguous ndarray becomes a tensor of the same shape and values', () => {
  const t = fromNdarray(grid());
  assert.equal(t.shape, [2, 3]);
  assert.is(t.dtype, 'float32');
  assert.equal(t.toArray(), [
    [0, 1, 2],
    [3, 4, 5],
  ]);
});

test('views are honoured: transpose, offset (lo), step, negative strides, pick', () => {
  assert.equal(fromNdarray(grid().transpose(1, 0)).toArray(), [
    [0, 3],
    [1, 4],
    [2, 5],
  ]);
  assert.equal(fromNdarray(grid().lo(1, 1)).toArray(), [[4, 5]]);
  assert.equal(fromNdarray(grid().step(1, 2)).toArray(), [
    [0, 2],
    [3, 5],
  ]);
  assert.equal(fromNdarray(grid().step(-1, -1)).toArray(), [
    [5, 4, 3],
    [2, 1, 0],
  ]);
  assert.equal(fromNdarray(grid().pick(null, 1)).toArray(), [1, 4]);
  // Hand-made strides and offset: column-major [[0, 2], [1, 3]] starting at element 6.
  assert.equal(
    fromNdarray(
      ndarray(new Float64Array([...Array(6).fill(-1), 0, 1, 2, 3]), [2, 2], [1, 2], 6),
    ).toArray(),
    [
      [0, 2],
      [1, 3],
    ],
  );
});

test('dtypes: integer arrays give int32, others float32, unless asked', () => {
  assert.is(fromNdarray(ndarray(new Int32Array([1, -2]))).dtype, 'int32');
  assert.is(fromNdarray(ndarray(new Uint8Array([255, 0]))).dtype, 'int32');
  assert.equal(Array.from(fromNdarray(ndarray(new Uint8Array([255, 0]))).dataSync()), [255, 0]);
  assert.is(fromNdarray(ndarray([1, 2, 3])).dtype, 'float32');
  const f64 = fromNdarray(ndarray(new Float64Array([0.1])));
  assert.equal(Array.from(f64.dataSync()), [Math.fround(0.1)]);
  const asFloat = fromNdarray(ndarray(new Uint8Array([255])), { dtype: 'float32' });
  assert.is(asFloat.dtype, 'float32');
  assert.equal(Array.from(asFloat.dataSync()), [255]);
  assert.equal(Array.from(fromNdarray(ndarray([3, 4]), { dtype: 'int32' }).dataSync()), [3, 4]);
});

test('scalars, empty arrays and generic get/set data', () => {
  const scalar = fromNdarray(ndarray(new Float32Array([7, 8, 9]), [], [], 1));
  assert.equal(scalar.shape, []);
  assert.is(scalar.item(), 8);
  const empty = fromNdarray(ndarray(new Float32Array(0), [0, 3]));
  assert.equal(empty.shape, [0, 3]);
  assert.is(empty.size, 0);
  const generic = { length: 4, get: (i: number) => i * 10, set: () => undefined };
  assert.equal(fromNdarray(ndarray(generic, [2, 2])).toArray(), [
    [0, 10],
    [20, 30],
  ]);
});

test('bad input is refused with a clear error', () => {
  assert.throws(
    () => fromNdarray(ndarray(new Float32Array(4), [2, 3])),
    /fromNdarray: an ndarray of shape \[2, 3\] with strides \[3, 1\] and offset 0 reaches indices 0..5, outside its data \(length 4\)/,
  );
  assert.throws(
    () => fromNdarray(ndarray(new Float32Array(4), [2], [-1], 0)),
    /reaches indices -1..0/,
  );
  assert.throws(
    () => fromNdarray(ndarray([1.5]), { dtype: 'int32' }),
    /element 0 is 1.5, which is not a int32 value/,
  );
  assert.throws(
    () => fromNdarray(ndarray(new Uint32Array([2 ** 32 - 1]))),
    /element 0 is 4294967295, which is not a int32 value/,
  );
  assert.throws(
    () => fromNdarray(ndarray(['a'] as unknown as number[])),
    /element 0 is a, which is not a float32 value/,
  );
});

test('toNdarray gives a dense row-major copy', () => {
  const t = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const nd = toNdarray(t);
  assert.equal(nd.shape, [2, 3]);
  assert.equal(nd.stride, [3, 1]);
  assert.is(nd.get(1, 2), 6);
  assert.ok(nd.data instanceof Float32Array);
  nd.set(0, 0, 100); // a copy: the tensor is unchanged
  assert.is(t.dataSync()[0], 1);
  const ints = toNdarray(tensor(Int32Array.from([4, 5]), [2]));
  assert.ok(ints.data instanceof Int32Array);
  assert.is(toNdarray(tensor(3, [])).get(), 3);
  // And back again through a transposed view.
  assert.equal(fromNdarray(toNdarray(t).transpose(1, 0)).toArray(), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
});

test.run();
