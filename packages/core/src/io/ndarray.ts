// Interop with the npm `ndarray` package (scijs): strided views in, dense row-major tensors out.
import ndarray from 'ndarray';
import type { DType } from '../kernels.js';
import { showShape, sizeOf } from '../shape/shape.js';
import { Tensor } from '../tensor.js';

/** An ndarray of numbers (typed array, plain array or a get/set generic array). */
export type NumericNdArray = ndarray.NdArray<ndarray.Data<number>>;

/** Options of fromNdarray. */
export interface FromNdarrayOptions {
  /** Default: int32 for integer typed arrays (Int8…Uint32), float32 for everything else. */
  dtype?: DType;
}

const INTEGER_ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
];

/**
 * A tensor (on the current backend) with the values of an ndarray, honouring its shape, strides and
 * offset, so views such as `nd.transpose(1, 0)` or `nd.hi(2).step(-1)` copy what they show.
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const nd = ndarray(new Float32Array([1, 2, 3, 4]), [2, 2]);
 * console.log(io.fromNdarray(nd.transpose(1, 0))); // → tensor([[1., 3.], [2., 4.]])
 * ```
 */
export function fromNdarray(nd: NumericNdArray, options: FromNdarrayOptions = {}): Tensor {
  const { data, shape, stride, offset } = nd;
  if (!Array.isArray(shape) || !Array.isArray(stride) || shape.length !== stride.length) {
    throw new Error('fromNdarray: expected an ndarray with matching shape and stride arrays');
  }
  const isInteger = INTEGER_ARRAYS.some((C) => data instanceof C);
  const dtype = options.dtype ?? (isInteger ? 'int32' : 'float32');
  const size = sizeOf(shape);
  const length = typeof data.length === 'number' ? data.length : 0;
  // The lowest and highest flat indices the view reaches must lie inside its data.
  let lowest = offset;
  let highest = offset;
  shape.forEach((d, a) => {
    const reach = (d - 1) * stride[a];
    if (d > 0 && reach < 0) lowest += reach;
    if (d > 0 && reach > 0) highest += reach;
  });
  if (size > 0 && (lowest < 0 || highest >= length)) {
    throw new Error(
      `fromNdarray: an ndarray of shape ${showShape(shape)} with strides ${showShape(stride)} and offset ${offset} ` +
        `reaches indices ${lowest}..${highest}, outside its data (length ${length})`,
    );
  }
  const read: (i: number) => unknown =
    'get' in data && typeof data.get === 'function'
      ? (i) => (data as ndarray.GenericArray<number>).get(i)
      : (i) => (data as ArrayLike<number>)[i];
  const out = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  const index = new Array<number>(shape.length).fill(0);
  let at = offset;
  for (let k = 0; k < size; k++) {
    const v = read(at);
    if (
      typeof v !== 'number' ||
      (dtype === 'int32' && !(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31))
    ) {
      throw new Error(`fromNdarray: element ${k} is ${String(v)}, which is not a ${dtype} value`);
    }
    out[k] = v;
    // Odometer over the indices, last axis fastest (row-major), moving `at` by the strides.
    for (let a = shape.length - 1; a >= 0; a--) {
      index[a]++;
      at += stride[a];
      if (index[a] < shape[a]) break;
      at -= stride[a] * shape[a];
      index[a] = 0;
    }
  }
  return Tensor.fromValues(out, shape, dtype);
}

/**
 * A dense row-major ndarray over a copy of the tensor's values (Float32Array or Int32Array).
 * @example
 * ```ts
 * const nd = io.toNdarray(tensor([[1, 2, 3], [4, 5, 6]]));
 * console.log(nd.shape, nd.get(1, 2)); // → [ 2, 3 ] 6
 * ```
 */
export function toNdarray(t: Tensor): ndarray.NdArray<Float32Array | Int32Array> {
  return ndarray(t.dataSync(), [...t.shape]);
}
