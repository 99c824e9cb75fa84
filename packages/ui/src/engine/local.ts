// The page's side of the engine worker: starts it, knows whether it is ready and on which backend,
// and sends it drawings. Everything here degrades to "not ready": the predictor then asks the server.
import { type Accessor, createSignal } from 'solid-js';
import { CANVAS_SIZE, context2d, paint, type Stroke } from '../drawing/strokes.js';
import type { BackendTrial, FromWorker, InitMessage, LocalResult, RanOn } from './protocol.js';

// This build's engine files, named by build.mjs.
declare const __ENGINE_WORKER__: string;
declare const __ENGINE_WASM__: string;

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
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === 'ready') {
        const { type: _, ...ready } = m;
        setStatus({ kind: 'ready', ...ready });
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
      skip: pinned
        ? BACKENDS.filter((b): b is Exclude<RanOn, 'server'> => b !== pinned && b !== 'server')
        : [],
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
