// A Backend whose kernels are gpu.js kernels: memory as textures (or typed arrays in gpu.js's
// webasm and cpu modes), one compiled program per (kernel, shape), results kept on the device.
//
// int32 tensors are stored as float32 on the device (GL textures have no integer format that
// gpu.js reads and writes): every integer up to 2^24 in magnitude is exact there, which covers
// labels, argmax/max-pool indices and counts (the storage round trip of any int32 is exact: values
// written from the host keep a host copy, and only kernels see the float32 one).
import {
  type Backend,
  type DataId,
  type DType,
  type MemoryInfo,
  sizeOf,
  type TensorInfo,
  type TypedArray,
} from '@digitnet/core';
import type { GPU, IGPUKernelSettings, IKernelRunShortcut, Texture } from 'gpu.js';
import { MAX_ELEMENTS } from './codegen.js';
import { gpuKernels } from './kernels/index.js';
import { type GpuMode, isTextureMode } from './modes.js';

/** What a kernel argument or result is on the device: a GL texture, or a typed array. */
export type DeviceArray = Texture | Float32Array;

/** Memory behind one tensor: an exact host copy, a device array, or both. */
export interface GpuData {
  readonly size: number;
  readonly dtype: DType;
  host: TypedArray | null;
  device: DeviceArray | null;
  disposed: boolean;
}

/** One compiled gpu.js kernel: its JavaScript source (written per shape) and the loop cap it needs. */
export interface ProgramSource {
  readonly source: string;
  /** The longest loop in the source (gpu.js caps loops it cannot prove finite at this count). */
  readonly loopMax?: number;
}

/** Memory in use, with the device arrays (textures in GL modes) counted on their own. */
export interface GpuMemoryInfo extends MemoryInfo {
  readonly deviceArrays: number;
}

/** Where backend notices go (the mode chosen, fallbacks); createGpuBackend uses console.warn. */
export type GpuLogger = (message: string) => void;

/** The gpu.js backend; create it with createGpuBackend(), which picks the mode and self-tests it. */
export class GpuBackend implements Backend {
  readonly kernels = gpuKernels;
  private readonly programs = new Map<string, IKernelRunShortcut>();
  private compiles = 0;
  private liveBuffers = 0;
  private liveBytes = 0;
  private liveDevice = 0;

  /** `gpu` is a gpu.js instance already in `mode` (its GL context is `gpu.context`). */
  constructor(
    readonly name: string,
    readonly mode: GpuMode,
    readonly gpu: GPU,
    private readonly log: GpuLogger,
  ) {}

  /** Programs compiled so far (one per kernel and shape signature; a cache hit compiles nothing). */
  get compileCount(): number {
    return this.compiles;
  }

  write(values: TypedArray, dtype: DType): DataId {
    return this.track({ size: values.length, dtype, host: values.slice(), device: null });
  }

  readSync(dataId: DataId): TypedArray {
    return this.host(this.live(dataId, 'readSync')).slice();
  }

  async read(dataId: DataId): Promise<TypedArray> {
    return this.readSync(dataId);
  }

  dispose(dataId: DataId): void {
    const data = dataId as GpuData;
    if (data.disposed) return;
    data.disposed = true;
    this.liveBuffers--;
    this.liveBytes -= data.size * 4;
    this.dropDevice(data);
    data.host = null;
  }

  /**
   * Blocks until the GPU has run every program queued so far, so a timer around a kernel measures
   * the kernel and not its dispatch. gl.finish() is not enough (browsers treat it as a flush): a
   * one-value program queued after everything else is read back, which waits for all before it.
   * The webasm and cpu modes run programs synchronously: nothing to wait for.
   */
  finish(): void {
    if (!isTextureMode(this.mode)) return;
    const probe = this.program('finish', 1, () => ({ source: 'function () { return 0; }' }));
    const texture = probe() as Texture;
    texture.toArray();
    texture.delete();
  }

  memory(): GpuMemoryInfo {
    return { buffers: this.liveBuffers, bytes: this.liveBytes, deviceArrays: this.liveDevice };
  }

  /** Frees every compiled program and gpu.js's contexts; the backend must not be used again. */
  destroy(): void {
    this.programs.clear();
    void this.gpu.destroy();
  }

  /**
   * Runs the program `key` (compiled from `make()` on first use) over `inputs` (tensors, or
   * numbers passed as float uniforms so that changing them compiles nothing), producing a tensor of
   * `shape` and `dtype`. `key` must name the kernel and every number the source bakes in.
   */
  run(
    key: string,
    make: () => ProgramSource,
    inputs: readonly (TensorInfo | number)[],
    shape: readonly number[],
    dtype: DType,
  ): TensorInfo {
    const size = sizeOf(shape);
    if (size > MAX_ELEMENTS) {
      throw new Error(
        `gpu.js ${this.mode} program '${key}': an output of ${size} elements is above the ` +
          `${MAX_ELEMENTS} whose indices float32 arithmetic computes exactly; use smaller batches`,
      );
    }
    if (size === 0) {
      const empty = dtype === 'int32' ? new Int32Array(0) : new Float32Array(0);
      return this.output({ size, dtype, host: empty, device: null }, shape);
    }
    let result: DeviceArray;
    try {
      const program = this.program(key, size, make);
      const args = inputs.map((t) =>
        typeof t === 'number' ? t : this.device(this.live(t.dataId, key)),
      );
      result = program(...args) as DeviceArray;
      this.checkFallback(key, program);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`gpu.js ${this.mode} program '${key}' failed: ${message}`, { cause: err });
    }
    this.liveDevice++;
    return this.output({ size, dtype, host: null, device: result }, shape);
  }

  /** The device array behind a tensor, uploaded from its host copy the first time it is needed. */
  device(data: GpuData): DeviceArray {
    if (data.device) return data.device;
    const host = data.host as TypedArray;
    const floats = host instanceof Float32Array ? host : Float32Array.from(host);
    if (isTextureMode(this.mode)) {
      const upload = this.program(`upload ${data.size}`, data.size, () => ({
        source: 'function (x) { return x[this.thread.x]; }',
      }));
      data.device = upload(floats) as Texture;
    } else {
      data.device = floats;
    }
    this.liveDevice++;
    return data.device;
  }

  private program(key: string, size: number, make: () => ProgramSource): IKernelRunShortcut {
    let program = this.programs.get(key);
    if (program) return program;
    const { source, loopMax } = make();
    const settings: IGPUKernelSettings & { loopMaxIterations: number } = {
      output: [size],
      pipeline: true,
      // Each call gets its own result: the tensors of a graph outlive the next call.
      immutable: true,
      precision: 'single',
      tactic: 'precision',
      loopMaxIterations: Math.max(1000, (loopMax ?? 0) + 1),
    };
    program = this.gpu.createKernel(source, settings);
    this.compiles++;
    this.programs.set(key, program);
    return program;
  }

  private checkFallback(key: string, program: IKernelRunShortcut): void {
    const kernel = program.kernel as unknown as {
      constructor: { mode?: string };
      fallbackReason?: string;
      digitnetChecked?: boolean;
    };
    if (kernel.digitnetChecked) return;
    kernel.digitnetChecked = true;
    // gpu.js falls back to its cpu kernel (its GL kernels call their mode 'gpu').
    const ran = kernel.constructor.mode;
    if (ran === 'cpu' && this.mode !== 'cpu') {
      this.log(
        `[digitnet] gpu backend '${this.name}' (${this.mode}): program '${key}' fell back to gpu.js's ` +
          `${ran} mode: ${kernel.fallbackReason ?? 'gpu.js gave no reason'}`,
      );
    }
  }

  private host(data: GpuData): TypedArray {
    if (data.host) return data.host;
    const device = data.device as DeviceArray;
    const floats =
      device instanceof Float32Array ? device : Float32Array.from(device.toArray() as Float32Array);
    // Integers come back as floats; rounding absorbs any last-bit error of a GL driver.
    data.host = data.dtype === 'int32' ? Int32Array.from(floats, Math.round) : floats;
    return data.host;
  }

  private dropDevice(data: GpuData): void {
    if (!data.device) return;
    if (!(data.device instanceof Float32Array)) data.device.delete();
    data.device = null;
    this.liveDevice--;
  }

  private live(dataId: DataId, what: string): GpuData {
    const data = dataId as GpuData;
    if (data.disposed) {
      throw new Error(`gpu backend '${this.name}' (${this.mode}): ${what} read a disposed tensor`);
    }
    return data;
  }

  private track(init: Omit<GpuData, 'disposed'>): GpuData {
    const data: GpuData = { ...init, disposed: false };
    this.liveBuffers++;
    this.liveBytes += data.size * 4;
    return data;
  }

  private output(init: Omit<GpuData, 'disposed'>, shape: readonly number[]): TensorInfo {
    return { dataId: this.track(init), shape, dtype: init.dtype };
  }
}
