// Live prediction: at most one reading per `delay` ms while drawing, one more when a stroke ends,
// and each new reading supersedes the one before it so a stale answer never lands. Readings run in
// the page's engine worker when it is ready, else (or when it fails) on the server; a failed server
// request is tried again on its own (1, 2, 4, 8 s apart), so the page recovers when the server is back.
import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js';
import { ApiError, api, isAbort } from '../api/client.js';
import type { Prediction } from '../api/types.js';
import { dataUrlToBlob, exportPng, type Stroke } from '../drawing/strokes.js';
import type { LocalEngine } from '../engine/local.js';
import type { RanOn } from '../engine/protocol.js';

/** A prediction, where it ran, and how long the page waited for it (ms). */
export type Reading = Prediction & { ranOn: RanOn; tookMs: number };

/** What the model currently makes of the drawing. */
export interface Predictor {
  /** The latest answer, possibly for earlier strokes (see current and stale), or null. */
  prediction: Accessor<Reading | null>;
  /** The answer for exactly the strokes on the canvas, or null. */
  current: Accessor<Reading | null>;
  /** The canvas holds strokes the shown answer (or its absence) is not for. */
  stale: Accessor<boolean>;
  /** Stale, and a request for the current strokes is on its way (no error). */
  pending: Accessor<boolean>;
  /** Why the last request failed, or null. */
  error: Accessor<string | null>;
  /** Sends the current strokes now (used when a stroke ends). */
  flush(): void;
  /** Waits for the prediction of the current strokes; null when there is none (empty, failed). */
  settle(): Promise<Reading | null>;
}

// Waits before trying a failed prediction again, in ms; the last one repeats.
const RETRY_MS = [1000, 2000, 4000, 8000];

/**
 * Predicts `strokes` as they change, in `engine` when it is ready, else on the server; `delay` caps
 * the rate while drawing.
 */
export function createPredictor(
  strokes: Accessor<readonly Stroke[]>,
  engine: LocalEngine | null = null,
  delay = 150,
): Predictor {
  const [prediction, setPrediction] = createSignal<Reading | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  // The strokes last sent, and those the shown prediction (or its absence) belongs to.
  let sent: readonly Stroke[] | null = null;
  const [answered, setAnswered] = createSignal<readonly Stroke[] | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let inFlight: AbortController | undefined;
  let running: Promise<void> = Promise.resolve();

  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    inFlight?.abort();
    inFlight = undefined;
  };

  const send = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const current = strokes();
    if (current === sent) return running;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    sent = current;
    running = request(current, controller);
    return running;
  };

  /** The reading in the page's engine, or null when it is not ready or failed (the server answers). */
  const readLocally = async (
    current: readonly Stroke[],
    started: number,
  ): Promise<Reading | 'empty' | null> => {
    if (engine?.status().kind !== 'ready') return null;
    try {
      const r = await engine.predict(current);
      if (r.empty) return 'empty' as const;
      const { empty: _, backend, ...answer } = r;
      return { ...answer, ranOn: backend, tookMs: performance.now() - started };
    } catch {
      return null;
    }
  };

  const request = async (current: readonly Stroke[], controller: AbortController) => {
    try {
      const started = performance.now();
      const local = await readLocally(current, started);
      if (controller.signal.aborted) return;
      if (local === 'empty') throw new ApiError(422, 'the drawing is empty');
      let answer = local;
      if (answer === null) {
        const served = await api.predict(dataUrlToBlob(exportPng(current)), controller.signal);
        answer = { ...served, ranOn: 'server', tookMs: performance.now() - started };
      }
      if (controller.signal.aborted) return;
      failures = 0;
      setPrediction(answer);
      setAnswered(current);
      setError(null);
    } catch (err) {
      if (isAbort(err) || controller.signal.aborted) return;
      // 422: the server found no ink (e.g. strokes entirely off the canvas): nothing to read yet.
      if (err instanceof ApiError && err.status === 422) {
        failures = 0;
        setPrediction(null);
        setAnswered(current);
        setError(null);
      } else {
        setError(err instanceof Error ? err.message : String(err));
        sent = null; // so the next change, flush or retry tries again
        const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
        failures++;
        retryTimer = setTimeout(send, wait);
      }
    } finally {
      if (inFlight === controller) inFlight = undefined;
    }
  };

  createEffect(
    on(strokes, (current) => {
      if (current.length === 0) {
        cancel();
        failures = 0;
        sent = current;
        setAnswered(current);
        setPrediction(null);
        setError(null);
        return;
      }
      timer ??= setTimeout(send, delay);
    }),
  );
  onCleanup(cancel);

  const stale = () => strokes() !== answered();
  return {
    prediction,
    current: () => (stale() ? null : prediction()),
    stale,
    error,
    pending: () => stale() && error() === null,
    flush: () => void send(),
    async settle() {
      await send();
      return stale() ? null : prediction();
    },
  };
}
