// @digitnet/core's io namespace: safetensors as bytes (file helpers are in @digitnet/core/node) and ndarray interop.

export type { SafetensorsDType } from './dtypes.js';
export { type FromNdarrayOptions, fromNdarray, type NumericNdArray, toNdarray } from './ndarray.js';
export {
  decodeSafetensors,
  type EncodeOptions,
  encodeSafetensors,
  type SafetensorsFile,
  torchDtypes,
} from './safetensors.js';
