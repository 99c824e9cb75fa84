// safetensors element types: their sizes, and conversion to and from our float32/int32 arrays.
import type { TypedArray } from '../backend.js';
import type { DType } from '../kernels.js';

/** The safetensors dtypes we read (floats into float32, integers into int32). */
export type SafetensorsDType = 'F32' | 'F64' | 'F16' | 'BF16' | 'I32' | 'I64';

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDType, number>> = {
  F64: 8,
  I64: 8,
  F32: 4,
  I32: 4,
  F16: 2,
  BF16: 2,
};

/** Which of our dtypes each file dtype is read into. */
export const READ_AS: Readonly<Record<SafetensorsDType, DType>> = {
  F64: 'float32',
  I64: 'int32',
  F32: 'float32',
  I32: 'int32',
  F16: 'float32',
  BF16: 'float32',
};

/** The file dtypes a tensor of each of our dtypes may be written as (the first is the default). */
export const WRITABLE_AS: Readonly<Record<DType, readonly SafetensorsDType[]>> = {
  float32: ['F32', 'F64'],
  int32: ['I32', 'I64'],
};

/** True for a dtype name this reader knows. */
export function isSafetensorsDType(name: unknown): name is SafetensorsDType {
  return typeof name === 'string' && Object.hasOwn(DTYPE_BYTES, name);
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Reads `count` little-endian elements of `dtype` starting at byte `begin` of `bytes`.
 * Throws when an I64 value does not fit in int32 (`name` labels the error).
 */
export function readValues(
  bytes: Uint8Array,
  begin: number,
  count: number,
  dtype: SafetensorsDType,
  name: string,
): TypedArray {
  const start = bytes.byteOffset + begin;
  const byteLength = count * DTYPE_BYTES[dtype];
  // slice() copies, which also realigns data that sits at an odd offset in the file.
  if (LITTLE_ENDIAN_HOST && dtype === 'F32') {
    return new Float32Array(bytes.buffer.slice(start, start + byteLength));
  }
  if (LITTLE_ENDIAN_HOST && dtype === 'I32') {
    return new Int32Array(bytes.buffer.slice(start, start + byteLength));
  }
  const view = new DataView(bytes.buffer, start, byteLength);
  const out = READ_AS[dtype] === 'int32' ? new Int32Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) {
    switch (dtype) {
      case 'F32':
        out[i] = view.getFloat32(4 * i, true);
        break;
      case 'I32':
        out[i] = view.getInt32(4 * i, true);
        break;
      case 'F64':
        out[i] = view.getFloat64(8 * i, true);
        break;
      case 'F16':
        out[i] = halfToFloat(view.getUint16(2 * i, true));
        break;
      case 'BF16':
        out[i] = bfloat16ToFloat(view.getUint16(2 * i, true));
        break;
      case 'I64': {
        const low = view.getInt32(8 * i, true);
        const high = view.getInt32(8 * i + 4, true);
        // It fits in int32 exactly when the high word is the sign extension of the low one.
        if (high !== low >> 31) {
          throw new Error(
            `safetensors: tensor '${name}' (I64) holds ${view.getBigInt64(8 * i, true)} at index ${i}, ` +
              'which does not fit in int32',
          );
        }
        out[i] = low;
        break;
      }
    }
  }
  return out;
}

/** Writes `values` as little-endian `dtype` into `out` at byte `offset`. */
export function writeValues(
  out: Uint8Array,
  offset: number,
  values: TypedArray,
  dtype: SafetensorsDType,
): void {
  if (LITTLE_ENDIAN_HOST && (dtype === 'F32' || dtype === 'I32')) {
    // A byte copy keeps every bit, NaN payloads included.
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    return;
  }
  const size = DTYPE_BYTES[dtype];
  const view = new DataView(out.buffer, out.byteOffset + offset, values.length * size);
  for (let i = 0; i < values.length; i++) {
    switch (dtype) {
      case 'F32':
        view.setFloat32(i * size, values[i], true);
        break;
      case 'I32':
        view.setInt32(i * size, values[i], true);
        break;
      case 'F64':
        view.setFloat64(i * size, values[i], true);
        break;
      case 'I64':
        view.setInt32(i * size, values[i], true);
        view.setInt32(i * size + 4, values[i] < 0 ? -1 : 0, true);
        break;
      default:
        throw new Error(`safetensors: writing ${dtype} is not supported`);
    }
  }
}

/** IEEE 754 half precision bits -> number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal: 0.fraction · 2^-14
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const bf16Bits = new Uint32Array(1);
const bf16Float = new Float32Array(bf16Bits.buffer);

/** bfloat16 bits -> number: bfloat16 is the top half of a float32. */
function bfloat16ToFloat(h: number): number {
  bf16Bits[0] = h << 16;
  return bf16Float[0];
}
