// The JavaScript side of the module's linear memory. Over a shared memory (Node, and pages with
// cross-origin isolation) tensors live in it: the backend's buffers are views into it, so kernels
// read and write them in place. Over a private memory (no SharedArrayBuffer) growing it detaches
// every view, so tensors stay JavaScript typed arrays and each kernel copies operands in and
// results out (O(n) copies around O(n^1.5) work).
import { type KernelExports, SHARED_MAX_PAGES } from './module.js';
import { CONTROL_BYTES } from './threads.js';

const PAGE = 65536;
// Of the shared memory's maximum, the part tensors may take; the rest is kept for kernel scratch.
const TENSOR_SHARE = 0.75;
const align16 = (bytes: number) => (bytes + 15) & ~15;

/** What one operand of a kernel call is: read, written (an output) or the call's own scratch. */
export type Operand =
  | { read: Float32Array | Int32Array | null }
  | { write: Float32Array | Int32Array }
  | { update: Float32Array | Int32Array }
  | { scratch: number };

/** A tensor read by the kernel (null: absent, address 0). */
export const read = (values: Float32Array | Int32Array | null): Operand => ({ read: values });
/** A kernel output, written in place when it lives in linear memory. */
export const write = (values: Float32Array | Int32Array): Operand => ({ write: values });
/** A tensor the kernel reads and overwrites (a fresh output holding its input's copy). */
export const update = (values: Float32Array | Int32Array): Operand => ({ update: values });
/** Scratch of `floats` 4-byte values (int32s take as much). */
export const scratch = (floats: number): Operand => ({ scratch: floats });

/**
 * Linear memory laid out as [work-item counter | gemm workspace × threads | geometry block | thread
 * pool control | scratch | tensors…]. Over a private memory there are no tensors and the scratch
 * simply grows; over a shared one tensors are bump-allocated past the scratch block, and a call
 * needing more scratch than the block holds gets a new, larger block past them (the old one is
 * left unused: blocks grow geometrically, so little is lost).
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
  /** Whether tensors live in linear memory (a shared memory, which growing never detaches). */
  readonly resident: boolean;
  /** Bytes kernels copied into and out of linear memory so far (operands not living in it). */
  copiedBytes = 0;
  private scratchStart: number;
  private scratchBytes = 0;
  private top: number;
  private f32 = new Float32Array(0);
  private i32 = new Int32Array(0);
  /** The memory's buffer objects views were made over (a new one after each grow). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private readonly pending: { at: number; out: Float32Array | Int32Array }[] = [];

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
    this.scratchStart = this.control + align16(CONTROL_BYTES);
    this.top = this.scratchStart;
    this.resident =
      typeof SharedArrayBuffer !== 'undefined' && wasm.memory.buffer instanceof SharedArrayBuffer;
    this.ensure(this.top);
  }

  /**
   * Byte addresses for a kernel call's operands, in order: a tensor in linear memory is used in
   * place; any other read is copied in and any other write copied out by finish(); scratch is
   * fresh. Call finish() after the kernel ran.
   */
  place(operands: readonly Operand[]): number[] {
    const at: number[] = [];
    let need = 0;
    for (const op of operands) {
      const size = this.copySize(op);
      at.push(size < 0 ? -1 : need);
      if (size > 0) need += align16(size * 4);
    }
    const base = this.reserveScratch(need);
    this.pending.length = 0;
    for (let i = 0; i < operands.length; i++) {
      const op = operands[i];
      if ('scratch' in op) at[i] += base;
      else if ('update' in op) {
        if (at[i] < 0) at[i] = op.update.byteOffset;
        else {
          at[i] += base;
          this.put(at[i], op.update);
          this.pending.push({ at: at[i], out: op.update });
        }
      } else if ('read' in op) {
        if (op.read === null) at[i] = 0;
        else if (at[i] < 0) at[i] = op.read.byteOffset;
        else {
          at[i] += base;
          this.put(at[i], op.read);
        }
      } else if (at[i] < 0) at[i] = op.write.byteOffset;
      else {
        at[i] += base;
        this.pending.push({ at: at[i], out: op.write });
      }
    }
    return at;
  }

  /** Copies the outputs that do not live in linear memory out of it (see place). */
  finish(): void {
    for (const { at, out } of this.pending) this.get(at, out);
    this.pending.length = 0;
  }

  /**
   * A new tensor buffer of `size` values in linear memory, or null where it does not fit: on a
   * private memory, or past TENSOR_SHARE of the memory's maximum (the rest stays free for kernel
   * scratch). New memory is zero: the heap only grows, and nothing else writes past its top.
   */
  allocate(size: number, dtype: 'float32' | 'int32'): Float32Array | Int32Array | null {
    const end = align16(this.top + size * 4);
    if (!this.resident || end > TENSOR_SHARE * SHARED_MAX_PAGES * PAGE) return null;
    const at = this.top;
    this.top = end;
    this.ensure(this.top);
    const buffer = this.wasm.memory.buffer;
    return dtype === 'int32'
      ? new Int32Array(buffer, at, size)
      : new Float32Array(buffer, at, size);
  }

  /** Sets the work-item counter to 0, before each kernel task. */
  resetCounter(): void {
    Atomics.store(this.i32, this.counter >> 2, 0);
  }

  /** Writes i32 fields at the geometry block. */
  putInfo(fields: readonly number[]): number {
    this.i32.set(fields, this.info >> 2);
    return this.info;
  }

  /** Whether `values` is a view of this arena's linear memory (used in place by kernels). */
  holds(values: Float32Array | Int32Array): boolean {
    return this.resident && this.buffers.has(values.buffer);
  }

  /** Bytes of linear memory the module holds now. */
  get bytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }

  // Floats to copy for an operand: -1 when it is used in place, 0 when absent.
  private copySize(op: Operand): number {
    if ('scratch' in op) return op.scratch;
    const values = 'read' in op ? op.read : 'write' in op ? op.write : op.update;
    if (values === null) return 0;
    return this.holds(values) ? -1 : values.length;
  }

  // The scratch block's address, made at least `bytes` long.
  private reserveScratch(bytes: number): number {
    if (bytes <= this.scratchBytes) return this.scratchStart;
    if (this.resident) {
      // Tensors may lie past the block: a new block at the top, half as large again as asked.
      const size = align16(Math.max(bytes, Math.ceil(this.scratchBytes * 1.5)));
      this.scratchStart = this.top;
      this.top += size;
      this.scratchBytes = size;
    } else {
      this.scratchBytes = bytes;
      this.top = this.scratchStart + bytes;
    }
    this.ensure(this.top);
    return this.scratchStart;
  }

  // Grows linear memory to hold `end` bytes; views are made again whenever the buffer changed.
  private ensure(end: number): void {
    const have = this.wasm.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.wasm.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (err) {
        throw new Error(
          `wasm backend: kernels and tensors need ${Math.ceil(end / 2 ** 20)} MiB of linear memory, which cannot grow from ${have / 2 ** 20} MiB: ${(err as Error).message}`,
        );
      }
    }
    const buffer = this.wasm.memory.buffer;
    if (this.f32.buffer !== buffer) {
      this.f32 = new Float32Array(buffer);
      this.i32 = new Int32Array(buffer);
      this.buffers.add(buffer);
    }
  }

  private put(at: number, values: Float32Array | Int32Array): void {
    this.copiedBytes += values.byteLength;
    if (values instanceof Int32Array) this.i32.set(values, at >> 2);
    else this.f32.set(values, at >> 2);
  }

  private get(at: number, out: Float32Array | Int32Array): void {
    this.copiedBytes += out.byteLength;
    const view = out instanceof Int32Array ? this.i32 : this.f32;
    out.set(view.subarray(at >> 2, (at >> 2) + out.length));
  }
}
