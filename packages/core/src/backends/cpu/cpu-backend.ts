// The reference CPU backend: typed arrays, one kernel per file, buffers pooled on hot paths.
import type { Backend, MemoryInfo, TypedArray } from '../../backend.js';
import type { DataId, DType, TensorInfo } from '../../kernels.js';
import { cpuKernels } from './kernels/index.js';

/** CPU memory: one typed array. */
export interface CpuData {
  values: TypedArray;
}

// Freed buffers wait here for a request of the same dtype and length (training loops repeat
// shapes every step); beyond this many bytes they are left to the garbage collector.
const POOL_LIMIT_BYTES = 256 * 1024 * 1024;

/** The plain-TypeScript backend, registered as 'cpu'. */
export class CpuBackend implements Backend {
  readonly kernels = cpuKernels;
  private readonly pool = new Map<string, TypedArray[]>();
  private pooledBytes = 0;
  private liveBuffers = 0;
  private liveBytes = 0;

  /** `name` is what it is registered as ('cpu' by default). */
  constructor(readonly name = 'cpu') {}

  /** A buffer of `size` elements: zeroed when `zero`, otherwise with arbitrary contents. */
  allocate(size: number, dtype: DType, zero: boolean): TypedArray {
    const free = this.pool.get(`${dtype}:${size}`);
    let values = free?.pop();
    if (values) {
      this.pooledBytes -= values.byteLength;
      if (zero) values.fill(0);
    } else {
      values = this.newBuffer(size, dtype);
    }
    this.liveBuffers++;
    this.liveBytes += values.byteLength;
    return values;
  }

  /**
   * A new zeroed buffer, when the pool has none of this dtype and length. Backends whose tensors
   * live elsewhere (the wasm backend's linear memory) override it.
   */
  protected newBuffer(size: number, dtype: DType): TypedArray {
    return dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  }

  /**
   * Bytes of freed buffers kept for reuse; past it they are left to the garbage collector. A
   * backend whose buffers the collector cannot reclaim keeps them all (Infinity).
   */
  protected poolLimitBytes = POOL_LIMIT_BYTES;

  /** Forgets the pooled buffers (a backend whose memory was replaced). */
  protected clearPool(): void {
    this.pool.clear();
    this.pooledBytes = 0;
  }

  /** Wraps a buffer (from allocate) as a kernel output. */
  output(values: TypedArray, shape: readonly number[], dtype: DType): TensorInfo {
    const data: CpuData = { values };
    return { dataId: data, shape, dtype };
  }

  /** Allocates and wraps in one step. */
  empty(
    shape: readonly number[],
    dtype: DType,
    zero = false,
  ): { values: TypedArray; info: TensorInfo } {
    let size = 1;
    for (const d of shape) size *= d;
    const values = this.allocate(size, dtype, zero);
    return { values, info: this.output(values, shape, dtype) };
  }

  /** The values behind a tensor, for kernels (not a copy). */
  data(info: TensorInfo | DataId): TypedArray {
    const id = 'dataId' in info ? (info as TensorInfo).dataId : info;
    return (id as CpuData).values;
  }

  /** Float values behind a tensor (kernels that only take float32 call this). */
  floats(info: TensorInfo): Float32Array {
    return (info.dataId as CpuData).values as Float32Array;
  }

  write(values: TypedArray, dtype: DType): DataId {
    const buffer = this.allocate(values.length, dtype, false);
    buffer.set(values);
    const data: CpuData = { values: buffer };
    return data;
  }

  readSync(dataId: DataId): TypedArray {
    return (dataId as CpuData).values.slice();
  }

  async read(dataId: DataId): Promise<TypedArray> {
    return this.readSync(dataId);
  }

  dispose(dataId: DataId): void {
    const data = dataId as CpuData;
    const values = data.values;
    if (!values) return;
    (data as { values: TypedArray | null }).values = null;
    this.liveBuffers--;
    this.liveBytes -= values.byteLength;
    if (this.pooledBytes + values.byteLength > this.poolLimitBytes) return;
    const key = `${values instanceof Int32Array ? 'int32' : 'float32'}:${values.length}`;
    let free = this.pool.get(key);
    if (!free) {
      free = [];
      this.pool.set(key, free);
    }
    free.push(values);
    this.pooledBytes += values.byteLength;
  }

  memory(): MemoryInfo {
    return { buffers: this.liveBuffers, bytes: this.liveBytes };
  }
}
