// The page's side of the engine worker: starts it, knows whether it is ready and on which backend,
// and sends it drawings. Everything here degrades to "not ready": the predictor then asks the server.
import { type Accessor, createSignal } from 'solid-js';
import { CANVAS_SIZE, context2d, paint, type Stroke } from '../drawing/strokes.js';
import type {
  BackendTrial,
  FromWorker,
  InitMessage,
  LocalResult,
  RanOn,
  SwitchMessage,
} from './protocol.js';

// This build's engine files, named by build.mjs.
declare const __ENGINE_WORKER__: string;
declare const __ENGINE_WASM__: string;
declare const __ENGINE_WASM_SHARED__: string;

/** Where the in-page engine stands. */
export type EngineStatus =
  | { kind: 'off'; reason: string }
  | { kind: 'loading' }
  | {
      kind: 'ready';
      backend: Exclude<RanOn, 'server'>;
      modelVersion: string;
      weightBytes: number;
      trials: BackendTrial[];
    }
  | { kind: 'failed'; error: string };

/** The in-page engine. */
export interface LocalEngine {
  status: Accessor<EngineStatus>;
  /** Reads the strokes in the worker; rejects when the engine is not ready or the worker failed. */
  predict(strokes: readonly Stroke[]): Promise<LocalResult>;
}

const BACKENDS: readonly RanOn[] = ['webgl2', 'wasm', 'cpu', 'server'];
// The backends the serving worker tries itself; WebGL2 is tried in a worker of its own.
const SERVING: Exclude<RanOn, 'server' | 'webgl2'>[] = ['wasm', 'cpu'];

// A WebGL2 trial that lost, remembered per browser (user agent) for a week: later visits neither
// download gpu.js nor spend seconds compiling shaders only to choose WebAssembly again.
const TRIAL_KEY = 'digitnet-webgl2-trial';
const TRIAL_DAYS = 7;

interface RememberedTrial {
  userAgent: string;
  at: number;
  trial: BackendTrial;
}

function rememberedTrial(): BackendTrial | null {
  try {
    const saved = JSON.parse(localStorage.getItem(TRIAL_KEY) ?? 'null') as RememberedTrial | null;
    if (!saved || saved.userAgent !== navigator.userAgent) return null;
    if (Date.now() - saved.at > TRIAL_DAYS * 86_400_000) return null;
    return saved.trial;
  } catch {
    return null;
  }
}

function rememberTrial(trial: BackendTrial): void {
  try {
    const saved: RememberedTrial = { userAgent: navigator.userAgent, at: Date.now(), trial };
    localStorage.setItem(TRIAL_KEY, JSON.stringify(saved));
  } catch {
    // No storage (a private window): the trial simply runs again next time.
  }
}

/**
 * Times the gpu backend on WebGL2 in a throw-away worker (its shader compiles take seconds on a
 * software rasteriser, and would hold up the drawings the serving worker reads meanwhile), and
 * hands `done` its result.
 */
function startTrial(done: (trial: BackendTrial) => void): void {
  if (typeof OffscreenCanvas === 'undefined') {
    done({ backend: 'webgl2', ms: null, error: 'this browser has no OffscreenCanvas' });
    return;
  }
  const trial = new Worker(__ENGINE_WORKER__, { type: 'module', name: 'digitnet-webgl2-trial' });
  const finish = (result: BackendTrial) => {
    trial.terminate();
    done(result);
  };
  trial.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const m = event.data;
    if (m.type === 'trial') finish(m.trial);
    else if (m.type === 'failed') finish({ backend: 'webgl2', ms: null, error: m.error });
  });
  trial.addEventListener('error', (event) =>
    finish({ backend: 'webgl2', ms: null, error: event.message || 'the trial worker failed' }),
  );
  trial.postMessage({
    type: 'init',
    role: 'trial',
    weightsUrl: '/api/model/weights',
    wasmUrl: __ENGINE_WASM__,
    sharedWasmUrl: __ENGINE_WASM_SHARED__,
  } satisfies InitMessage);
}

/**
 * Starts the engine worker. `?engine=wasm` (or webgl2, cpu) in the page's URL pins a backend and
 * `?engine=server` keeps inference on the server: for comparing them, and for the tests.
 */
export function createLocalEngine(): LocalEngine {
  const [status, setStatus] = createSignal<EngineStatus>({ kind: 'loading' });
  const wanted = new URLSearchParams(location.search).get('engine');
  const pinned = BACKENDS.find((b) => b === wanted);
  const waiting = new Map<number, { resolve(r: LocalResult): void; reject(e: Error): void }>();
  let nextId = 1;
  let worker: Worker | null = null;

  const fail = (error: string) => {
    setStatus({ kind: 'failed', error });
    for (const w of waiting.values()) w.reject(new Error(`the engine worker failed: ${error}`));
    waiting.clear();
    worker?.terminate();
    worker = null;
  };

  if (pinned === 'server') {
    setStatus({ kind: 'off', reason: 'the page was opened with ?engine=server' });
  } else if (typeof Worker === 'undefined' || typeof WebAssembly === 'undefined') {
    setStatus({ kind: 'off', reason: 'this browser has no Web Workers or WebAssembly' });
  } else {
    try {
      worker = new Worker(__ENGINE_WORKER__, { type: 'module', name: 'digitnet-engine' });
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  }
  if (worker) {
    // WebGL2's trial: null until the trial worker (or a failed switch) has said how it did.
    let glTrial: BackendTrial | null = null;
    let trialStarted = false;
    const withTrial = (trials: BackendTrial[]) =>
      glTrial && !trials.some((t) => t.backend === 'webgl2' && t.ms !== null)
        ? [...trials.filter((t) => t.backend !== 'webgl2'), glTrial]
        : trials;
    const serving = worker;
    const onTrial = (trial: BackendTrial) => {
      glTrial = trial;
      const s = status();
      if (s.kind !== 'ready') return;
      setStatus({ ...s, trials: withTrial(s.trials) });
      const mine = s.trials.find((t) => t.backend === s.backend)?.ms ?? null;
      // WebGL2 only where it measured faster for one drawing (or was asked for by name).
      if (
        trial.ms !== null &&
        s.backend !== 'webgl2' &&
        (pinned === 'webgl2' || mine === null || trial.ms < mine)
      ) {
        serving.postMessage({ type: 'switch', backend: 'webgl2' } satisfies SwitchMessage);
      }
    };
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === 'ready') {
        const { type: _, ...ready } = m;
        setStatus({ kind: 'ready', ...ready, trials: withTrial(ready.trials) });
        if (!trialStarted && (!pinned || pinned === 'webgl2')) {
          trialStarted = true;
          const known = pinned ? null : rememberedTrial();
          if (known) {
            onTrial({ ...known, remembered: true });
          } else {
            startTrial((trial) => {
              onTrial(trial);
              const mine = ready.trials.find((t) => t.backend === ready.backend)?.ms ?? null;
              // Only a loss is remembered: a faster WebGL2 is used, and timed again, every visit.
              if (trial.ms === null || (mine !== null && trial.ms >= mine)) rememberTrial(trial);
            });
          }
        }
      } else if (m.type === 'trial') {
        onTrial(m.trial);
      } else if (m.type === 'failed') {
        fail(m.error);
      } else {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.type === 'result') w?.resolve(m.result);
        else w?.reject(new Error(m.error));
      }
    });
    worker.addEventListener('error', (event) => fail(event.message || 'the worker script failed'));
    const init: InitMessage = {
      type: 'init',
      weightsUrl: '/api/model/weights',
      wasmUrl: __ENGINE_WASM__,
      sharedWasmUrl: __ENGINE_WASM_SHARED__,
      // Pinned to WebGL2: cpu serves until the trial worker has shown WebGL2 runs here.
      skip: pinned === 'webgl2' ? ['wasm'] : pinned ? SERVING.filter((b) => b !== pinned) : [],
    };
    worker.postMessage(init);
  }

  // One canvas for every drawing: painted as exportPng paints the PNG the server would get.
  let canvas: HTMLCanvasElement | null = null;
  return {
    status,
    predict(strokes) {
      if (!worker || status().kind !== 'ready') {
        return Promise.reject(new Error('the engine is not ready'));
      }
      canvas ??= document.createElement('canvas');
      canvas.width = CANVAS_SIZE;
      canvas.height = CANVAS_SIZE;
      const ctx = context2d(canvas);
      paint(ctx, strokes);
      const { data } = ctx.getImageData(0, 0, CANVAS_SIZE, CANVAS_SIZE);
      const id = nextId++;
      const sent = worker;
      return new Promise<LocalResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        sent.postMessage(
          { type: 'predict', id, rgba: data, width: CANVAS_SIZE, height: CANVAS_SIZE },
          [data.buffer],
        );
      });
    },
  };
}
