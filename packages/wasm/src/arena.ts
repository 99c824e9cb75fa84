// The JavaScript side of the module's linear memory: operands are copied in, kernels run, results
// are copied out (O(n) copies around O(n^1.5) work). Tensors themselves stay JavaScript typed
// arrays (the CPU backend's storage), so every kernel not written in wasm runs unchanged.
import type { KernelExports } from './module.js';
import { CONTROL_BYTES } from './threads.js';

const PAGE = 65536;
const align16 = (bytes: number) => (bytes + 15) & ~15;

/** Byte offsets of the regions a kernel call asked for. */
export type Regions = number[];

/**
 * Linear memory laid out as [work-item counter | gemm workspace × threads | geometry block | thread
 * pool control | operands…], grown on demand.
 */
export class Arena {
  /** The int32 work-item counter kernels claim items from (assembly/split.ts: the heap's base). */
  readonly counter: number;
  /** Where thread 0's gemm packing workspace starts (thread t's: work + t·workStride). */
  readonly work: number;
  /** Bytes between two threads' gemm workspaces. */
  readonly workStride: number;
  /** 64 bytes for a kernel's geometry (i32 fields). */
  readonly info: number;
  /** The thread pool's control block (CONTROL_BYTES). */
  readonly control: number;
  private readonly start: number;
  private f32 = new Float32Array(0);
  private i32 = new Int32Array(0);

  /** `threads`: how many threads get a gemm workspace. */
  constructor(
    readonly wasm: KernelExports,
    readonly threads = 1,
  ) {
    this.counter = align16(wasm.heapBase());
    this.work = this.counter + 16;
    this.workStride = align16(wasm.GEMM_WORK_BYTES.value);
    this.info = this.work + threads * this.workStride;
    this.control = this.info + 64;
    this.start = this.control + align16(CONTROL_BYTES);
    this.layout([]);
  }

  /** Lays out regions of the given sizes in floats (int32s take as much), growing memory to fit. */
  layout(sizes: readonly number[]): Regions {
    const regions: Regions = [];
    let at = this.start;
    for (const size of sizes) {
      regions.push(at);
      at += align16(size * 4);
    }
    const have = this.wasm.memory.buffer.byteLength;
    if (at > have) {
      try {
        this.wasm.memory.grow(Math.ceil((at - have) / PAGE));
      } catch (err) {
        throw new Error(
          `wasm backend: a kernel needs ${Math.ceil(at / 2 ** 20)} MiB of linear memory, which cannot grow from ${have / 2 ** 20} MiB: ${(err as Error).message}`,
        );
      }
    }
    // A grown memory detaches the old buffer: views are made again whenever it changed.
    if (this.f32.buffer !== this.wasm.memory.buffer) this.refreshViews();
    return regions;
  }

  /** Sets the work-item counter to 0, before each kernel task. */
  resetCounter(): void {
    Atomics.store(this.i32, this.counter >> 2, 0);
  }

  /** Copies `values` to byte offset `at`. */
  put(at: number, values: Float32Array | Int32Array): void {
    if (values instanceof Int32Array) this.i32.set(values, at >> 2);
    else this.f32.set(values, at >> 2);
  }

  /** Copies `out.length` values from byte offset `at` into `out`. */
  get(at: number, out: Float32Array | Int32Array): void {
    const view = out instanceof Int32Array ? this.i32 : this.f32;
    out.set(view.subarray(at >> 2, (at >> 2) + out.length));
  }

  /** Writes i32 fields at the geometry block. */
  putInfo(fields: readonly number[]): number {
    this.i32.set(fields, this.info >> 2);
    return this.info;
  }

  /** Bytes of linear memory the module holds now. */
  get bytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }

  private refreshViews(): void {
    this.f32 = new Float32Array(this.wasm.memory.buffer);
    this.i32 = new Int32Array(this.wasm.memory.buffer);
  }
}
