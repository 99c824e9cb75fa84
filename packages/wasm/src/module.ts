// The compiled kernels (dist/digitnet-kernels.wasm, built from assembly/ by build.mjs): feature
// detection, synchronous loading in Node, asynchronous loading in browsers.

// The part of the WebAssembly JavaScript API used here, typed locally: TypeScript declares it only
// in its DOM and webworker libraries, and this package also runs in Node.
/** A WebAssembly.Memory. */
export interface WasmMemory {
  /** The memory's bytes (a new buffer after each grow). */
  readonly buffer: ArrayBuffer;
  /** Grows the memory by `pages` 64 KiB pages; returns the previous size in pages. */
  grow(pages: number): number;
}
/** A compiled WebAssembly.Module (opaque). */
export type WasmModule = object;
/** A module's bytes, as initWasm() takes them. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;
interface WasmApi {
  Module: new (bytes: WasmBytes) => WasmModule;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  validate(bytes: WasmBytes): boolean;
  compile(bytes: WasmBytes): Promise<WasmModule>;
}
const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The functions and values the module exports (pointers and sizes in bytes, counts in elements). */
export interface KernelExports {
  /** The instance's linear memory. */
  readonly memory: WasmMemory;
  /** The bytes of scratch gemm needs for packing (a global). */
  readonly GEMM_WORK_BYTES: { readonly value: number };
  /** The first byte past the module's static data (16-byte aligned). */
  heapBase(): number;
  /**
   * C[m, n] (+)= A·B with A(i, p) = a[i·aRow + p·aCol], B(p, j) = b[p·bRow + j·bCol] (element
   * strides) and C(i, j) = c[i·ldc + j]; C is overwritten unless `accumulate` is 1.
   */
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    bRow: number,
    bCol: number,
    c: number,
    ldc: number,
    accumulate: number,
    work: number,
  ): void;
  /**
   * Training-mode batch norm of x [n, c, s] over axis 1: y, and each channel's mean and variance;
   * thread t of T does its share of the channels.
   */
  batchNormTrain(
    x: number,
    weight: number,
    bias: number,
    y: number,
    mean: number,
    variance: number,
    n: number,
    c: number,
    s: number,
    eps: number,
    t: number,
    T: number,
  ): void;
  /** batchNormTrain's gradient: dx, dweight and dbias from dy (thread t of T: its channels). */
  batchNormTrainGrad(
    dy: number,
    x: number,
    mean: number,
    variance: number,
    weight: number,
    dx: number,
    dweight: number,
    dbias: number,
    n: number,
    c: number,
    s: number,
    eps: number,
    t: number,
    T: number,
  ): void;
  /** y[i] = a[i] op b[i] over `n` values (op: 0 add, 1 sub, 2 mul, 3 div). */
  binarySame(op: number, a: number, b: number, y: number, n: number): void;
  /** y = a op s[row]: one value of `s` per row of `inner` values. */
  binaryRowScalar(op: number, a: number, s: number, y: number, rows: number, inner: number): void;
  /** y = a op v: the vector `v` of `inner` values repeated over `rows` rows. */
  binaryRowVector(op: number, a: number, v: number, y: number, rows: number, inner: number): void;
  /** y = f(x) over `n` values (op: 0 relu, 1 step). */
  unary(op: number, x: number, y: number, n: number): void;
  /** Thread t of T's share of binarySame (runs of 4 values). */
  binarySamePart(
    op: number,
    a: number,
    b: number,
    y: number,
    n: number,
    t: number,
    T: number,
  ): void;
  /** Thread t of T's share of binaryRowScalar (rowScalar 1) or binaryRowVector (0): its rows. */
  binaryRowsPart(
    rowScalar: number,
    op: number,
    a: number,
    s: number,
    y: number,
    rows: number,
    inner: number,
    t: number,
    T: number,
  ): void;
  /** Thread t of T's share of unary (runs of 4 values). */
  unaryPart(op: number, x: number, y: number, n: number, t: number, T: number): void;
  /** Sums [outer, r, inner] over its middle axis with float64 accumulators in `acc`. */
  reduceSum(x: number, y: number, acc: number, outer: number, r: number, inner: number): void;
  /** One Adam/AdamW step over `n` parameters in place (float64 arithmetic, as the CPU kernel). */
  adamUpdate(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    beta1: number,
    beta2: number,
    eps: number,
    shrink: number,
    l2: number,
    stepSize: number,
    bc2Sqrt: number,
    scratch: number,
  ): void;
  /** 2×2, stride-2 max pooling of `planes` H×W planes: values, and indices flat in each plane. */
  maxPool2dHalve(
    x: number,
    y: number,
    indices: number,
    planes: number,
    H: number,
    W: number,
    OH: number,
    OW: number,
  ): void;
  /** Thread t of T's share of MaxPool2D's gradient (any window): its planes of dx. */
  maxPool2dBackpropPart(
    dy: number,
    indices: number,
    dx: number,
    planes: number,
    inPlane: number,
    outPlane: number,
    t: number,
    T: number,
  ): void;
  /** Thread t of T's share of maxPool2dHalve: its planes. */
  maxPool2dHalvePart(
    x: number,
    y: number,
    indices: number,
    planes: number,
    H: number,
    W: number,
    OH: number,
    OW: number,
    t: number,
    T: number,
  ): void;
  /**
   * Thread t of T's share of gemm (columns of C when n ≥ m, else rows); scratch at `work` +
   * t·`workStride`.
   */
  gemmPart(
    m: number,
    n: number,
    k: number,
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    bRow: number,
    bCol: number,
    c: number,
    ldc: number,
    accumulate: number,
    work: number,
    workStride: number,
    t: number,
    T: number,
  ): void;
  /**
   * Thread t of T's share (its images) of the forward convolution; `g`: the geometry block, `cols`
   * + t·`colsStride`: its im2col scratch, `work` + t·`workStride`: its gemm scratch.
   */
  conv2d(
    g: number,
    x: number,
    w: number,
    bias: number,
    y: number,
    cols: number,
    colsStride: number,
    work: number,
    workStride: number,
    t: number,
    T: number,
  ): void;
  /** Thread t of T's share (its images) of the convolution's input gradient (scratch as conv2d). */
  conv2dBackpropInput(
    g: number,
    dy: number,
    w: number,
    dx: number,
    dcols: number,
    colsStride: number,
    work: number,
    workStride: number,
    t: number,
    T: number,
  ): void;
  /** Thread t of T's share (columns of dw) of the convolution's filter gradient (scratch as conv2d). */
  conv2dBackpropFilter(
    g: number,
    x: number,
    dy: number,
    dw: number,
    cols: number,
    colsStride: number,
    work: number,
    workStride: number,
    t: number,
    T: number,
  ): void;
}

/** The file name of the module, beside the package's dist/ entry points. */
export const WASM_FILE = 'digitnet-kernels.wasm';
/** The same kernels importing a shared memory (`env.memory`), one instance per thread. */
export const SHARED_WASM_FILE = 'digitnet-kernels-shared.wasm';
/** The shared memory's ceiling in 64 KiB pages (2 GiB; build.mjs's --maximumMemory). */
export const SHARED_MAX_PAGES = 32768;
/** The shared memory's first size in pages (build.mjs's --initialMemory). */
export const SHARED_INITIAL_PAGES = 64;

// The smallest module using a SIMD instruction (i32x4.splat of 0, dropped): validates only where
// the engine has WebAssembly SIMD (Chrome 91, Firefox 89, Safari 16.4, Node 16.4).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 17, 26,
  11,
]);

/** Why the wasm backend cannot run here, or null when it can (WebAssembly with SIMD present). */
export function unavailableReason(): string | null {
  const api = wasmApi();
  if (!api) return 'this JavaScript engine has no WebAssembly';
  try {
    if (!api.validate(SIMD_PROBE)) return 'this engine has WebAssembly but not its SIMD proposal';
  } catch (err) {
    return `WebAssembly SIMD probe failed: ${(err as Error).message}`;
  }
  return null;
}

let compiled: WasmModule | null = null;
let compiledShared: WasmModule | null = null;

/** Why several threads cannot share one memory here, or null when they can. */
export function threadsUnavailableReason(): string | null {
  const g = globalThis as {
    SharedArrayBuffer?: unknown;
    Atomics?: unknown;
    crossOriginIsolated?: boolean;
    process?: { versions?: { node?: string } };
    Worker?: unknown;
  };
  if (typeof g.SharedArrayBuffer !== 'function' || typeof g.Atomics !== 'object') {
    return g.crossOriginIsolated === false
      ? 'SharedArrayBuffer needs cross-origin isolation (COOP: same-origin, COEP: require-corp)'
      : 'this engine has no SharedArrayBuffer/Atomics';
  }
  if (g.crossOriginIsolated === false) {
    return 'the page is not cross-origin isolated (COOP: same-origin, COEP: require-corp)';
  }
  if (!g.process?.versions?.node && typeof g.Worker !== 'function') {
    return 'this engine has no Web Workers';
  }
  return null;
}

/** The module's URL: beside this file in dist/, or in dist/ next to src/ when run from source. */
export function defaultWasmUrl(file: string = WASM_FILE): URL {
  const here = import.meta.url;
  const fromSource = /\/src\/module\.ts$/.test(new URL(here).pathname);
  return new URL(fromSource ? `../dist/${file}` : `./${file}`, here);
}

async function fetchModule(url: URL | string): Promise<WasmModule> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`wasm backend: fetching ${String(url)} answered HTTP ${response.status}`);
  }
  return wasmApi()!.compile(await response.arrayBuffer());
}

/**
 * Compiles the module once (browsers, or any engine without synchronous file access): `source` is
 * its bytes, or a URL to fetch (by default the file beside this module). Call it before
 * setBackend('wasm') where loadKernelsSync() cannot read files. `sharedSource` (bytes or URL; by
 * default the shared module beside `source` when that is a URL, else none) is the shared-memory
 * build, compiled too where threads can run; without it the backend runs on one thread.
 */
export async function initWasm(
  source?: WasmBytes | URL | string,
  sharedSource?: WasmBytes | URL | string,
): Promise<void> {
  const reason = unavailableReason();
  if (reason) throw new Error(`wasm backend: ${reason}`);
  const isUrl = source === undefined || source instanceof URL || typeof source === 'string';
  if (!compiled) {
    compiled = isUrl
      ? await fetchModule(source ?? defaultWasmUrl())
      : await wasmApi()!.compile(source);
  }
  if (compiledShared || threadsUnavailableReason()) return;
  let shared = sharedSource;
  if (shared === undefined && isUrl) {
    shared =
      source === undefined
        ? defaultWasmUrl(SHARED_WASM_FILE)
        : new URL(
            SHARED_WASM_FILE,
            new URL(String(source), (globalThis as { location?: { href: string } }).location?.href),
          );
  }
  if (shared === undefined) return;
  // Threads are an extra: a shared module that cannot be fetched leaves the backend on one thread
  // (its threadsNote says why) rather than failing the backend.
  try {
    compiledShared =
      shared instanceof URL || typeof shared === 'string'
        ? await fetchModule(shared)
        : await wasmApi()!.compile(shared);
    sharedLoadError = null;
  } catch (err) {
    sharedLoadError = (err as Error).message;
  }
}

let sharedLoadError: string | null = null;

/** Why initWasm() could not load the shared-memory module, or null. */
export function sharedModuleError(): string | null {
  return sharedLoadError;
}

interface NodeFs {
  readFileSync(path: URL): Uint8Array;
}

/**
 * The compiled module (`shared`: the shared-memory build), read and compiled synchronously in Node
 * on first use.
 */
export function kernelModule(shared = false): WasmModule {
  const have = shared ? compiledShared : compiled;
  if (have) return have;
  const reason = unavailableReason();
  if (reason) throw new Error(`wasm backend: ${reason}`);
  // process.getBuiltinModule (Node ≥ 20.16) reads files without a static import of node:fs, so
  // this file stays importable in browsers.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  if (!fs) {
    throw new Error(
      shared
        ? 'wasm backend: the shared-memory module is not loaded; in a browser, `await initWasm()` on a cross-origin isolated page'
        : 'wasm backend: the module is not loaded; in a browser, `await initWasm()` before using it',
    );
  }
  const url = defaultWasmUrl(shared ? SHARED_WASM_FILE : WASM_FILE);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(url);
  } catch (err) {
    throw new Error(
      `wasm backend: cannot read ${url.pathname} (run \`npm run build -w packages/wasm\`): ${(err as Error).message}`,
    );
  }
  const module = new (wasmApi()!.Module)(bytes);
  if (shared) compiledShared = module;
  else compiled = module;
  return module;
}

/** True when the shared-memory build is compiled or can be compiled synchronously (Node). */
export function sharedModuleReady(): boolean {
  if (compiledShared) return true;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof proc?.getBuiltinModule === 'function';
}

const abortImport = {
  abort(_message: number, _file: number, line: number, column: number) {
    throw new Error(`wasm backend: the module aborted at line ${line}:${column}`);
  },
};

/** A new instance of the kernels, with its own linear memory. */
export function instantiate(): KernelExports {
  const instance = new (wasmApi()!.Instance)(kernelModule(), { env: abortImport });
  return instance.exports as unknown as KernelExports;
}

/** A new shared memory for the shared-memory build (SHARED_INITIAL_PAGES, up to SHARED_MAX_PAGES). */
export function createSharedMemory(): WasmMemory {
  return new (wasmApi()!.Memory)({
    initial: SHARED_INITIAL_PAGES,
    maximum: SHARED_MAX_PAGES,
    shared: true,
  });
}

/** An instance of the shared-memory build over `memory` (one per thread, all over one memory). */
export function instantiateShared(memory: WasmMemory): KernelExports {
  const instance = new (wasmApi()!.Instance)(kernelModule(true), {
    env: { ...abortImport, memory },
  });
  return instance.exports as unknown as KernelExports;
}
