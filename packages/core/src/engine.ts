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

/** One kernel call, as a dispatch hook sees it. */
export interface KernelCall<K extends KernelName = KernelName> {
  readonly name: K;
  readonly backend: Backend;
  /** The tensor inputs, in the kernel's input order. */
  readonly inputs: readonly Tensor[];
  readonly attrs: KernelSpecs[K]['attrs'];
}

/** Called around every kernel the engine runs (profilers, coverage, tracing). */
export interface DispatchHook {
  /** Before a kernel runs, with its name, inputs and attributes. */
  before?(call: KernelCall): void;
  /** After a kernel returned; `outputs` are its results as tensors. */
  after?(call: KernelCall, outputs: readonly Tensor[]): void;
}

const hooks: DispatchHook[] = [];

/**
 * Adds a hook called before and after every kernel run by the engine, on any backend; returns its
 * removal. Hooks run in the order they were added and must not run kernels themselves.
 * @example
 * ```ts
 * const counts = new Map<string, number>();
 * const stop = addDispatchHook({ before: (c) => counts.set(c.name, (counts.get(c.name) ?? 0) + 1) });
 * tensor([1, 2]).add(1).mul(2);
 * stop();
 * console.log(counts.size > 0); // → true
 * ```
 */
export function addDispatchHook(hook: DispatchHook): () => void {
  hooks.push(hook);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
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
  const call: KernelCall | null =
    hooks.length > 0 ? { name, backend: target, inputs: tensors, attrs } : null;
  if (call) for (const h of hooks) h.before?.(call);
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
  const wrapped = Array.isArray(out)
    ? out.map((info) => Tensor.fromInfo(info, target))
    : Tensor.fromInfo(out as TensorInfo, target);
  if (call) {
    const outputs = Array.isArray(wrapped) ? wrapped : [wrapped];
    for (const h of hooks) h.after?.(call, outputs);
  }
  return wrapped as unknown as Outputs<K>;
}
