// The Backend contract (memory + a kernel table, no autograd) and the registry of backends.
import type { DataId, DType, KernelTable } from './kernels.js';

/** A typed array for each dtype. */
export type TypedArrayFor<D extends DType> = D extends 'int32' ? Int32Array : Float32Array;
/** The values of a tensor of either dtype. */
export type TypedArray = Float32Array | Int32Array;

/** Memory in use on a backend: live buffers and their bytes (pooled free buffers excluded). */
export interface MemoryInfo {
  readonly buffers: number;
  readonly bytes: number;
}

/** A compute backend: owns memory, runs kernels, knows nothing of autograd. */
export interface Backend {
  /** The name it is registered under, e.g. 'cpu'. */
  readonly name: string;
  /** Its kernels, one per name in kernels.ts. */
  readonly kernels: KernelTable<Backend>;
  /** Copies values into new backend memory. */
  write(values: TypedArray, dtype: DType): DataId;
  /** Reads values back (a copy the caller owns). */
  readSync(dataId: DataId): TypedArray;
  /** Reads values back without blocking where the backend can. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Frees memory; the handle must not be used again. */
  dispose(dataId: DataId): void;
  /** Live buffers and bytes, to prove loops do not leak. */
  memory(): MemoryInfo;
}

/** Creates a backend the first time it is used (see registerBackend). */
export type BackendFactory = () => Backend;

const factories = new Map<string, BackendFactory>();
const instances = new Map<string, Backend>();
let current: Backend | null = null;
let defaultName = 'cpu';

/** Makes a backend available under `name`; it is created the first time it is used. */
export function registerBackend(name: string, factory: BackendFactory): void {
  factories.set(name, factory);
  instances.delete(name);
}

/** Names of every registered backend. */
export function listBackends(): string[] {
  return [...factories.keys()];
}

/** The backend registered as `name`, created on first use. */
export function findBackend(name: string): Backend {
  let backend = instances.get(name);
  if (backend) return backend;
  const factory = factories.get(name);
  if (!factory) {
    throw new Error(
      `backend '${name}' is not registered; registered: ${listBackends().join(', ') || 'none'}` +
        (name === 'gpu' ? " (import '@digitnet/gpu' to register it)" : ''),
    );
  }
  backend = factory();
  instances.set(name, backend);
  return backend;
}

/** Makes `name` the backend new tensors are created on. */
export function setBackend(name: string): Backend {
  current = findBackend(name);
  defaultName = name;
  return current;
}

/** The backend new tensors are created on (cpu unless changed). */
export function getBackend(): Backend {
  if (!current) current = findBackend(defaultName);
  return current;
}
