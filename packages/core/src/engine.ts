// Runs a kernel on the backend that holds its inputs, and wraps what it returns in tensors.
import { type Backend, getBackend } from './backend.js';
import type { KernelName, KernelSpecs, OptionalKernelName, TensorInfo } from './kernels.js';
import { showShape } from './shape/shape.js';
import { Tensor } from './tensor.js';

type Inputs<K extends KernelName> = KernelSpecs[K]['inputs'];
type ToTensors<T> = { [I in keyof T]: Tensor };
type Outputs<K extends KernelName> = KernelSpecs[K]['output'] extends TensorInfo
  ? Tensor
  : ToTensors<KernelSpecs[K]['output']>;

function inputTensors(inputs: Record<string, unknown>): Tensor[] {
  const list: Tensor[] = [];
  for (const v of Object.values(inputs)) {
    if (v instanceof Tensor) list.push(v);
    else if (Array.isArray(v)) for (const t of v) if (t instanceof Tensor) list.push(t);
  }
  return list;
}

/** The backend an op runs on: the one holding its inputs, which must all agree. */
export function backendOf(op: string, tensors: readonly Tensor[]): Backend {
  if (tensors.length === 0) return getBackend();
  const backend = tensors[0].backend;
  for (const t of tensors) {
    t.assertAlive(op);
    if (t.backend !== backend) {
      throw new Error(
        `${op}: inputs live on different backends ('${backend.name}' and '${t.backend.name}'); move one with .to()`,
      );
    }
  }
  return backend;
}

/** True when the inputs' backend provides the optional fused kernel `name`. */
export function hasKernel(name: OptionalKernelName, tensors: readonly Tensor[]): boolean {
  return typeof backendOf(name, tensors).kernels[name] === 'function';
}

/**
 * Runs kernel `name` with tensor inputs on their backend. Errors from inside the kernel are
 * re-thrown naming the kernel, the backend and the input shapes.
 */
export function runKernel<K extends KernelName>(
  name: K,
  inputs: Inputs<K>,
  attrs: KernelSpecs[K]['attrs'],
  backend?: Backend,
): Outputs<K> {
  const tensors = inputTensors(inputs as Record<string, unknown>);
  const target = backend ?? backendOf(name, tensors);
  // The one cast: indexing the table with a generic name loses the per-kernel signature.
  const kernel = target.kernels[name] as
    | ((b: Backend, i: Inputs<K>, a: KernelSpecs[K]['attrs']) => KernelSpecs[K]['output'])
    | undefined;
  if (!kernel) throw new Error(`kernel ${name} is not implemented by backend '${target.name}'`);
  let out: KernelSpecs[K]['output'];
  try {
    out = kernel(target, inputs, attrs);
  } catch (err) {
    const shapes = tensors.map((t) => `${showShape(t.shape)} ${t.dtype}`).join(', ');
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(
      `kernel ${name} on backend '${target.name}' (inputs ${shapes || 'none'}) failed: ${message}`,
      {
        cause: err,
      },
    );
  }
  if (Array.isArray(out))
    return out.map((info) => Tensor.fromInfo(info, target)) as unknown as Outputs<K>;
  return Tensor.fromInfo(out as TensorInfo, target) as Outputs<K>;
}
