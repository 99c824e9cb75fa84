// The engine worker: loads the served model's weights, builds the model with @digitnet/core as the
// server does, and reads drawings off the main thread, so drawing never waits for the model. The
// serving worker starts on wasm (cpu where WebAssembly SIMD is missing); a second, throw-away
// worker (role 'trial') times the gpu backend on WebGL2, and the page moves the serving worker to
// WebGL2 only where that measured faster for one drawing.
import { io, models, registerBackend, setBackend } from '@digitnet/core';
import { initWasm } from '@digitnet/wasm';
import { drawingInput } from './infer.js';
import type {
  BackendTrial,
  FromWorker,
  InitMessage,
  PredictMessage,
  RanOn,
  SwitchMessage,
} from './protocol.js';

type Local = Exclude<RanOn, 'server'>;

// The worker's global scope, typed here: the UI compiles against the DOM library, not WebWorker's.
const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};
const post = (message: FromWorker) => scope.postMessage(message);
const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

let model: models.MnistCnn | null = null;
let backend: Local = 'cpu';
let modelVersion = '';
// The not-a-digit score the served file carries (as the server reads it), else core's.
let notADigit: models.ModelNotADigit | null = null;

// A fixed probe input for the timings and the agreement check: a blurred diagonal bar.
const PROBE = Uint8Array.from({ length: 784 }, (_, i) => {
  const x = i % 28;
  const y = Math.floor(i / 28);
  return Math.max(0, 255 - 60 * Math.abs(x - y)) * Number(y > 4 && y < 24);
});

/** Builds the model on `name`, checks it against `reference`'s answer, and times batch-1 passes. */
function trial(
  name: Local,
  config: models.MnistCnnConfig,
  tensors: Parameters<models.MnistCnn['loadStateDict']>[0],
  reference: number[] | null,
): { model: models.MnistCnn; ms: number; probabilities: number[] } {
  setBackend(name);
  const built = models.mnistCnn(config);
  try {
    built.loadStateDict(tensors, { strict: true });
    built.eval();
    // The first passes compile (gpu: shaders; wasm: instantiate) and fill buffer pools.
    const { probabilities } = models.predictDigit(built, PROBE);
    models.predictDigit(built, PROBE);
    if (reference) {
      const worst = Math.max(...probabilities.map((p, d) => Math.abs(p - reference[d])));
      if (!(worst <= 1e-4)) {
        throw new Error(`its probabilities differ from the cpu backend's by ${worst}`);
      }
    }
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      models.predictDigit(built, PROBE);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { model: built, ms: times[3], probabilities };
  } catch (err) {
    built.dispose();
    throw err;
  }
}

/** The served weights: fetched through the browser's HTTP cache, which revalidates them by ETag. */
async function loadWeights(url: string) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const { tensors, metadata } = io.decodeSafetensors(bytes);
  const config = models.mnistCnnConfigFromStateDict(tensors);
  return {
    bytes: bytes.length,
    tensors,
    config,
    notADigit: models.storedNotADigit(metadata, config),
    version: res.headers.get('X-Model-Version') ?? 'unknown',
  };
}

/** Registers the gpu backend on WebGL2 as 'webgl2' (gpu.js is loaded here, as a chunk of its own). */
async function prepareWebgl2(): Promise<void> {
  if (typeof OffscreenCanvas === 'undefined') {
    throw new Error('this browser has no OffscreenCanvas in workers');
  }
  const { createGpuBackend } = await import('@digitnet/gpu');
  const gpu = createGpuBackend({ mode: 'webgl2', name: 'webgl2', log: () => {} });
  registerBackend('webgl2', () => gpu);
}

type Weights = Awaited<ReturnType<typeof loadWeights>>;
let weightsUrl = '';
let trials: BackendTrial[] = [];
let weightBytes = 0;

/** Tries `names` in order (cpu first: the reference the others must agree with). */
async function tryBackends(
  weights: Weights,
  names: { name: Local; prepare: () => Promise<void> | void }[],
  skip: Set<RanOn>,
) {
  const built = new Map<Local, { model: models.MnistCnn; ms: number }>();
  let reference: number[] | null = null;
  const tried: BackendTrial[] = [];
  for (const { name, prepare } of names) {
    if (skip.has(name)) {
      tried.push({ backend: name, ms: null, error: 'skipped' });
      continue;
    }
    try {
      await prepare();
      const result = trial(name, weights.config, weights.tensors, reference);
      reference ??= result.probabilities;
      built.set(name, result);
      tried.push({ backend: name, ms: result.ms, error: null });
    } catch (err) {
      tried.push({ backend: name, ms: null, error: why(err) });
    }
  }
  return { built, tried };
}

async function init(message: InitMessage): Promise<void> {
  const skip = new Set(message.skip ?? []);
  weightsUrl = message.weightsUrl;
  const weights = await loadWeights(message.weightsUrl);
  if (message.role === 'trial') {
    // The cpu run is the reference WebGL2's answers must agree with; only WebGL2's time is told.
    const { built, tried } = await tryBackends(
      weights,
      [
        { name: 'cpu', prepare: () => {} },
        { name: 'webgl2', prepare: prepareWebgl2 },
      ],
      new Set(),
    );
    for (const b of built.values()) b.model.dispose();
    const gl = tried.find((t) => t.backend === 'webgl2');
    if (gl) post({ type: 'trial', trial: gl });
    return;
  }
  const { built, tried } = await tryBackends(
    weights,
    [
      { name: 'cpu', prepare: () => {} },
      { name: 'wasm', prepare: () => initWasm(message.wasmUrl, message.sharedWasmUrl) },
    ],
    skip,
  );
  for (const t of Object.values(weights.tensors)) t.dispose();
  // WebAssembly where it runs, else plain TypeScript; WebGL2 is timed by the page in a trial worker.
  const pick: Local | null = built.has('wasm') ? 'wasm' : built.has('cpu') ? 'cpu' : null;
  for (const [name, b] of built) if (name !== pick) b.model.dispose();
  if (!pick) {
    throw new Error(
      `no backend could run the model: ${tried.map((t) => `${t.backend}: ${t.error}`).join('; ')}`,
    );
  }
  trials = tried;
  weightBytes = weights.bytes;
  modelVersion = weights.version;
  notADigit = weights.notADigit;
  use(pick, built.get(pick)?.model ?? null);
}

/** Serves drawings with `next` on `name` from now on, and tells the page. */
function use(name: Local, next: models.MnistCnn | null): void {
  const previous = model;
  backend = name;
  setBackend(name);
  model = next;
  if (previous && previous !== next) previous.dispose();
  post({ type: 'ready', backend, modelVersion, weightBytes, trials });
}

/** Moves to WebGL2 (the page's trial worker measured it faster than this worker's backend). */
async function switchToWebgl2(): Promise<void> {
  const weights = await loadWeights(weightsUrl);
  try {
    if (weights.version !== modelVersion) {
      throw new Error(`the served model changed (${modelVersion} → ${weights.version})`);
    }
    await prepareWebgl2();
    const { model: gl, ms } = trial('webgl2', weights.config, weights.tensors, null);
    trials = [
      ...trials.filter((t) => t.backend !== 'webgl2'),
      { backend: 'webgl2', ms, error: null },
    ];
    use('webgl2', gl);
  } finally {
    for (const t of Object.values(weights.tensors)) t.dispose();
  }
}

function predict(message: PredictMessage): void {
  if (!model) throw new Error('the engine is not ready: no model is loaded');
  const start = performance.now();
  const pixels = drawingInput(message.rgba, message.width, message.height);
  if (!pixels) {
    post({ type: 'result', id: message.id, result: { empty: true } });
    return;
  }
  // A failed trial may have left another backend current: inputs go where the model is.
  setBackend(backend);
  const answer = models.predictDigit(model, pixels, notADigit?.score);
  post({
    type: 'result',
    id: message.id,
    result: {
      empty: false,
      ...answer,
      pixels: Array.from(pixels),
      modelVersion,
      backend,
      ms: performance.now() - start,
    },
  });
}

scope.addEventListener('message', (event) => {
  const message = event.data as InitMessage | PredictMessage | SwitchMessage;
  if (message.type === 'init') {
    init(message).catch((err: unknown) => post({ type: 'failed', error: why(err) }));
  } else if (message.type === 'switch') {
    // A failed switch leaves the worker serving on its backend: the page hears it as a trial.
    switchToWebgl2().catch((err: unknown) =>
      post({ type: 'trial', trial: { backend: 'webgl2', ms: null, error: why(err) } }),
    );
  } else if (message.type === 'predict') {
    try {
      predict(message);
    } catch (err) {
      post({ type: 'error', id: message.id, error: why(err) });
    }
  }
});
