// The engine worker: loads the served model's weights, builds the model with @digitnet/core as the
// server does, picks the fastest backend that runs here (measured once at start-up), and reads
// drawings off the main thread, so drawing never waits for the model.
import { io, models, setBackend } from '@digitnet/core';
import { initWasm } from '@digitnet/wasm';
import { classify, drawingInput } from './infer.js';
import type { BackendTrial, FromWorker, InitMessage, PredictMessage, RanOn } from './protocol.js';

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
    const { probabilities } = classify(built, PROBE);
    classify(built, PROBE);
    if (reference) {
      const worst = Math.max(...probabilities.map((p, d) => Math.abs(p - reference[d])));
      if (!(worst <= 1e-4)) {
        throw new Error(`its probabilities differ from the cpu backend's by ${worst}`);
      }
    }
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      classify(built, PROBE);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { model: built, ms: times[3], probabilities };
  } catch (err) {
    built.dispose();
    throw err;
  }
}

async function init(message: InitMessage): Promise<void> {
  const skip = new Set(message.skip ?? []);
  // The server sends no-cache with an ETag: the browser revalidates and reuses its copy (304).
  const res = await fetch(message.weightsUrl);
  if (!res.ok) throw new Error(`GET ${message.weightsUrl} answered HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  modelVersion = res.headers.get('X-Model-Version') ?? 'unknown';
  const { tensors } = io.decodeSafetensors(bytes);
  const config = models.mnistCnnConfigFromStateDict(tensors);

  const trials: BackendTrial[] = [];
  const built = new Map<Local, { model: models.MnistCnn; ms: number }>();
  let reference: number[] | null = null;
  const attempt = async (name: Local, prepare: () => Promise<void> | void) => {
    if (skip.has(name)) {
      trials.push({ backend: name, ms: null, error: 'skipped' });
      return;
    }
    try {
      await prepare();
      const result = trial(name, config, tensors, reference);
      reference ??= result.probabilities;
      built.set(name, result);
      trials.push({ backend: name, ms: result.ms, error: null });
    } catch (err) {
      trials.push({ backend: name, ms: null, error: why(err) });
    }
  };
  // cpu first: the last resort and the reference the others must agree with.
  await attempt('cpu', () => {});
  await attempt('wasm', () => initWasm(message.wasmUrl));
  await attempt('webgl2', async () => {
    if (typeof OffscreenCanvas === 'undefined') {
      throw new Error('this browser has no OffscreenCanvas in workers');
    }
    // gpu.js is large: loaded only here, as a chunk of its own.
    const { createGpuBackend } = await import('@digitnet/gpu');
    const { registerBackend } = await import('@digitnet/core');
    const gpu = createGpuBackend({ mode: 'webgl2', name: 'webgl2', log: () => {} });
    registerBackend('webgl2', () => gpu);
  });
  for (const t of Object.values(tensors)) t.dispose();

  // WebGL2 where it measured faster than WebAssembly for one drawing; else wasm; else cpu.
  const wasm = built.get('wasm');
  const gl = built.get('webgl2');
  const cpu = built.get('cpu');
  const pick: Local | null =
    gl && (!wasm || gl.ms < wasm.ms) ? 'webgl2' : wasm ? 'wasm' : cpu ? 'cpu' : null;
  for (const [name, b] of built) if (name !== pick) b.model.dispose();
  if (!pick) {
    throw new Error(
      `no backend could run the model: ${trials.map((t) => `${t.backend}: ${t.error}`).join('; ')}`,
    );
  }
  backend = pick;
  setBackend(pick);
  model = built.get(pick)?.model ?? null;
  post({ type: 'ready', backend, modelVersion, weightBytes: bytes.length, trials });
}

function predict(message: PredictMessage): void {
  if (!model) throw new Error('the engine is not ready: no model is loaded');
  const start = performance.now();
  const pixels = drawingInput(message.rgba, message.width, message.height);
  if (!pixels) {
    post({ type: 'result', id: message.id, result: { empty: true } });
    return;
  }
  const answer = classify(model, pixels);
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
  const message = event.data as InitMessage | PredictMessage;
  if (message.type === 'init') {
    init(message).catch((err: unknown) => post({ type: 'failed', error: why(err) }));
  } else if (message.type === 'predict') {
    try {
      predict(message);
    } catch (err) {
      post({ type: 'error', id: message.id, error: why(err) });
    }
  }
});
