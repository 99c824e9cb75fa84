// Live prediction: at most one request per `delay` ms while drawing, one more when a stroke ends,
// and each new request aborts the one before it so a stale answer never lands.
import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js';
import { ApiError, api, isAbort } from '../api/client.js';
import type { Prediction } from '../api/types.js';
import { exportPng, type Stroke } from '../drawing/strokes.js';

/** What the model currently makes of the drawing. */
export interface Predictor {
  /** The answer for the latest strokes sent, or null for an empty drawing. */
  prediction: Accessor<Prediction | null>;
  /** True while the shown prediction is older than the strokes. */
  pending: Accessor<boolean>;
  /** Why the last request failed, or null. */
  error: Accessor<string | null>;
  /** Sends the current strokes now (used when a stroke ends). */
  flush(): void;
  /** Waits for the prediction of the current strokes; null when there is none (empty, failed). */
  settle(): Promise<Prediction | null>;
}

/** Predicts `strokes` as they change; `delay` caps the request rate while drawing. */
export function createPredictor(strokes: Accessor<readonly Stroke[]>, delay = 150): Predictor {
  const [prediction, setPrediction] = createSignal<Prediction | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  // The strokes last sent, and those the shown prediction (or its absence) belongs to.
  let sent: readonly Stroke[] | null = null;
  const [answered, setAnswered] = createSignal<readonly Stroke[] | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  let running: Promise<void> = Promise.resolve();

  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    inFlight?.abort();
    inFlight = undefined;
  };

  const send = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const current = strokes();
    if (current === sent) return running;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    sent = current;
    running = request(current, controller);
    return running;
  };

  const request = async (current: readonly Stroke[], controller: AbortController) => {
    try {
      const png = await exportPng(current);
      const answer = await api.predict(png, controller.signal);
      if (controller.signal.aborted) return;
      setPrediction(answer);
      setAnswered(current);
      setError(null);
    } catch (err) {
      if (isAbort(err) || controller.signal.aborted) return;
      // 422: the server found no ink (e.g. strokes entirely off the canvas): nothing to read yet.
      if (err instanceof ApiError && err.status === 422) {
        setPrediction(null);
        setAnswered(current);
        setError(null);
      } else {
        setError(err instanceof Error ? err.message : String(err));
        sent = null; // so the next change, or flush, tries again
      }
    } finally {
      if (inFlight === controller) inFlight = undefined;
    }
  };

  createEffect(
    on(strokes, (current) => {
      if (current.length === 0) {
        cancel();
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

  return {
    prediction,
    error,
    pending: () => strokes() !== answered() && error() === null,
    flush: () => void send(),
    async settle() {
      await send();
      return strokes() === answered() ? prediction() : null;
    },
  };
}
