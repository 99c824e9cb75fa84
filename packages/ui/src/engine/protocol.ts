// The messages between the page and the engine worker (worker.ts).

/** Where a prediction ran: the gpu backend on WebGL2, the wasm backend, core's cpu backend, or the server. */
export type RanOn = 'webgl2' | 'wasm' | 'cpu' | 'server';

/** How the page names each place, in the prediction panel. */
export const RAN_ON_LABEL: Record<RanOn, string> = {
  webgl2: 'WebGL2',
  wasm: 'WebAssembly',
  cpu: 'JS',
  server: 'server',
};

/** page → worker: load the served weights and pick a backend. */
export interface InitMessage {
  type: 'init';
  /** GET /api/model/weights (revalidated through the browser's HTTP cache). */
  weightsUrl: string;
  /** This build's digitnet-kernels.wasm. */
  wasmUrl: string;
  /** This build's digitnet-kernels-shared.wasm (the wasm backend's threads, where the page is isolated). */
  sharedWasmUrl: string;
  /** Backends not to try (tests use it to pin one). */
  skip?: RanOn[];
  /**
   * 'serve' (the default): pick cpu or wasm and read drawings. 'trial': only time the gpu backend
   * on WebGL2 and say how it did, in a worker of its own, so its shader compiles never hold up the
   * drawings the serving worker reads meanwhile.
   */
  role?: 'serve' | 'trial';
}

/** page → serving worker: move to WebGL2, which measured faster in the trial worker. */
export interface SwitchMessage {
  type: 'switch';
  backend: 'webgl2';
}

/** page → worker: read one drawing (its 280x280 RGBA pixels). */
export interface PredictMessage {
  type: 'predict';
  id: number;
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A backend tried at start-up: its median batch-1 time, or why it could not run. */
export interface BackendTrial {
  backend: Exclude<RanOn, 'server'>;
  /** Median milliseconds of one forward pass, after a warm-up. */
  ms: number | null;
  error: string | null;
  /** Measured on an earlier visit of this browser (and not run again). */
  remembered?: boolean;
}

/** What the worker answers. */
export type FromWorker =
  | {
      type: 'ready';
      backend: Exclude<RanOn, 'server'>;
      modelVersion: string;
      /** The safetensors' size in bytes. */
      weightBytes: number;
      trials: BackendTrial[];
    }
  | { type: 'trial'; trial: BackendTrial }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; result: LocalResult }
  | { type: 'error'; id: number; error: string };

/** One drawing read in the worker: the same fields as POST /api/predict's answer. */
export type LocalResult =
  | {
      empty: false;
      digit: number;
      confidence: number;
      probabilities: number[];
      pixels: number[];
      likelyDigit: boolean;
      modelVersion: string;
      backend: Exclude<RanOn, 'server'>;
      /** Time in the worker: the 28x28 transform and the forward pass. */
      ms: number;
    }
  /** No ink found (the server's 422). */
  | { empty: true };
