// The module's exports: the kernels JavaScript calls, the workspace size gemm needs, and where
// free memory starts (everything past it is the JavaScript side's arena).

export { adamUpdate } from './adam-update';
export { batchNormTrain } from './batch-norm-train';
export { batchNormTrainGrad } from './batch-norm-train-grad';
export { conv2d } from './conv2d';
export { conv2dBackpropFilter } from './conv2d-backprop-filter';
export { conv2dBackpropInput } from './conv2d-backprop-input';
export {
  binaryRowScalar,
  binaryRowsPart,
  binaryRowVector,
  binarySame,
  binarySamePart,
  unary,
  unaryPart,
} from './elementwise';
export { GEMM_WORK_BYTES, gemm, gemmPart } from './gemm';
export { maxPool2dBackpropPart, maxPool2dHalve, maxPool2dHalvePart } from './max-pool2d';
export { reduceSum } from './reduce-sum';

/** The first byte past the module's static data (16-byte aligned). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
