// The app's one container: it owns the drawing, the live prediction, labelling and submissions,
// and hands plain values to the views.
import { createMemo, createSignal, Show } from 'solid-js';
import { api } from './api/client.js';
import { pixelsToDataUrl } from './drawing/images.js';
import { exportPng, type Point, type Stroke } from './drawing/strokes.js';
import { createLocalEngine } from './engine/local.js';
import { createPredictor } from './state/predictor.js';
import { createRemote } from './state/remote.js';
import { useShortcuts } from './state/shortcuts.js';
import { createSketch } from './state/sketch.js';
import { createSubmissions } from './state/submissions.js';
import { DrawingCanvas } from './views/DrawingCanvas.js';
import { EngineLine } from './views/EngineLine.js';
import { withArticle } from './views/format.js';
import { History } from './views/History.js';
import { LabelPicker } from './views/LabelPicker.js';
import { Misreads } from './views/Misreads.js';
import { ModelLine } from './views/ModelLine.js';
import { PredictionPanel } from './views/PredictionPanel.js';
import { StatsPanel } from './views/StatsPanel.js';
import { SubmitNotice } from './views/SubmitNotice.js';

/** How often everyone's statistics reload while the page is visible, in ms. */
export const STATS_EVERY_MS = 5000;

/** The drawing app. */
export function App() {
  const sketch = createSketch();
  // The model runs in this page (a worker) once its weights are loaded; the server until then.
  const engine = createLocalEngine();
  const predictor = createPredictor(sketch.strokes, engine);
  const submissions = createSubmissions();
  const stats = createRemote((signal) => api.stats(signal), { every: STATS_EVERY_MS });
  const model = createRemote((signal) => api.model(signal));
  const misreads = createRemote((signal) => api.misreads(signal), { every: STATS_EVERY_MS });
  const [picked, setPicked] = createSignal<number | null>(null);
  // Challenge mode: the digit the page asks for, which is then the label without a click.
  const [challenge, setChallenge] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal(false);
  // A one-line answer to a key or click that could not do anything yet ("draw a digit first").
  const [hint, setHint] = createSignal<string | null>(null);
  // The strokes of the submission in flight, and of the one that failed (what Retry sends).
  let saving: readonly Stroke[] | null = null;
  let failed: readonly Stroke[] | null = null;
  let canvasFrame!: HTMLDivElement;

  // A failed prediction is no reading of the drawing on screen: neither shown nor offered as label.
  const shown = () => (predictor.error() ? null : predictor.prediction());
  const label = () => picked() ?? challenge() ?? shown()?.digit ?? null;
  const inputImage = createMemo(() => {
    const p = shown();
    return p ? pixelsToDataUrl(p.pixels) : null;
  });
  const canSubmit = () =>
    !sketch.isEmpty() &&
    !busy() &&
    (picked() !== null || challenge() !== null || predictor.error() === null);

  /** The next digit to ask for: one of those with the fewest stored drawings, not the last one. */
  const nextChallenge = (): number => {
    const counts = stats.value()?.counts ?? new Array<number>(10).fill(0);
    const candidates = counts.map((n, d) => ({ n, d })).filter(({ d }) => d !== challenge());
    const fewest = Math.min(...candidates.map(({ n }) => n));
    const pool = candidates.filter(({ n }) => n === fewest);
    return pool[Math.floor(Math.random() * pool.length)].d;
  };
  const toggleChallenge = () => {
    setChallenge(challenge() === null ? nextChallenge() : null);
    setPicked(null);
  };

  /** Before the drawing changes: notices about the drawing as it was no longer apply. */
  const changing = () => {
    setHint(null);
    const status = submissions.status();
    if (status.kind === 'saved' || status.kind === 'queued') submissions.dismiss();
    // A failed submission of this very drawing: Submit will send the changed one instead.
    if (status.kind === 'failed' && failed === sketch.strokes()) submissions.dismiss();
  };

  const begin = (p: Point, pointerType: string) => {
    changing();
    // Drawing while the digit on the canvas is being saved starts the next digit on a clean
    // canvas; if the save fails, its notice keeps the drawing for Retry.
    if (saving !== null && saving === sketch.strokes()) {
      sketch.reset();
      setPicked(null);
    }
    // A label picked for an earlier drawing is not this one's.
    if (sketch.isEmpty()) setPicked(null);
    sketch.begin(p, pointerType);
  };
  const endStroke = () => {
    sketch.end();
    predictor.flush();
  };
  const clear = () => {
    changing();
    sketch.clear();
    setPicked(null);
  };
  const undo = () => {
    changing();
    sketch.undo();
    if (sketch.isEmpty()) setPicked(null);
  };
  const redo = () => {
    changing();
    sketch.redo();
  };
  const pick = (digit: number) => {
    if (sketch.isEmpty()) {
      setHint(`Draw your ${digit} first, then label it.`);
      return;
    }
    setHint(null);
    setPicked(digit);
  };

  /** Brings the canvas back on screen (phones scroll down to the Submit bar). */
  const returnToCanvas = () => {
    const box = canvasFrame.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    canvasFrame.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  };

  /** Stores the drawing with `digit`, the picked label, or else the model's reading of it. */
  const submit = async (digit?: number) => {
    if (busy()) return;
    if (sketch.isEmpty()) {
      setHint('Nothing to submit yet: draw a digit first.');
      return;
    }
    if (digit !== undefined) setPicked(digit);
    setBusy(true);
    try {
      const strokes = sketch.strokes();
      const client = sketch.client();
      const prediction = await predictor.settle();
      // Drawn on while the prediction settled: that is not the drawing Submit was pressed for.
      if (sketch.strokes() !== strokes) return;
      const chosen = picked() ?? challenge() ?? prediction?.digit ?? null;
      if (chosen === null) {
        setHint("The model can't read this drawing right now: pick its digit, then submit.");
        return;
      }
      setHint(null);
      await store(strokes, {
        drawing: exportPng(strokes),
        label: chosen,
        prediction: prediction?.digit,
        confidence: prediction?.confidence,
        client,
      });
    } finally {
      setBusy(false);
    }
  };

  /** Sends the failed submission again, exactly as its notice shows it. */
  const retry = async () => {
    const status = submissions.status();
    if (busy() || status.kind !== 'failed') return;
    setBusy(true);
    try {
      await store(failed, status.submission);
    } finally {
      setBusy(false);
    }
  };

  const store = async (
    strokes: readonly Stroke[] | null,
    submission: Parameters<typeof submissions.submit>[0],
  ) => {
    saving = strokes;
    failed = null;
    const entry = await submissions.submit(submission);
    saving = null;
    if (!entry) {
      failed = strokes;
      return;
    }
    // Strokes drawn while the request was out are the next digit: those stay.
    if (strokes !== null && sketch.strokes() === strokes) {
      sketch.reset();
      setPicked(null);
      returnToCanvas();
    }
    if (challenge() !== null && submission.label === challenge()) setChallenge(nextChallenge());
    stats.refresh();
    misreads.refresh();
  };

  useShortcuts({ pick, submit: (digit) => void submit(digit), clear, undo, redo });

  return (
    <div class="app">
      <header class="masthead">
        <h1>digitnet</h1>
        <p class="tagline">
          Draw a digit. A CNN written from scratch in TypeScript reads it as you draw.
        </p>
      </header>
      <main class="layout">
        <section class="card draw" aria-labelledby="draw-title">
          <h2 id="draw-title">Draw</h2>
          <Show when={challenge() !== null}>
            <p class="challenge" data-testid="challenge" aria-live="polite">
              Draw {withArticle(challenge() ?? 0)}
            </p>
          </Show>
          <div class="canvas-frame" ref={canvasFrame}>
            <DrawingCanvas
              strokes={sketch.strokes()}
              onBegin={begin}
              onExtend={(points) => sketch.extend(points)}
              onEnd={endStroke}
            />
          </div>
          <div class="row">
            <button type="button" onClick={undo} disabled={!sketch.canUndo()} data-testid="undo">
              Undo
            </button>
            <button type="button" onClick={redo} disabled={!sketch.canRedo()} data-testid="redo">
              Redo
            </button>
            <button type="button" onClick={clear} disabled={sketch.isEmpty()} data-testid="clear">
              Clear
            </button>
          </div>
          <p class="hint">
            Keys: <kbd>0</kbd>–<kbd>9</kbd> label, <kbd>Enter</kbd> submit, <kbd>Esc</kbd> clear,{' '}
            <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo, <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redo.
          </p>
        </section>

        <section class="card read" aria-labelledby="read-title">
          <h2 id="read-title">Prediction</h2>
          <PredictionPanel
            prediction={shown()}
            inputImage={inputImage()}
            pending={predictor.pending()}
            empty={sketch.isEmpty()}
            error={predictor.error()}
          />
        </section>

        <section class="card label" aria-labelledby="label-title">
          <h2 id="label-title">Label and store</h2>
          <LabelPicker
            label={label()}
            suggested={picked() === null && challenge() === null && label() !== null}
            canSubmit={canSubmit()}
            saving={busy()}
            hint={hint()}
            onPick={pick}
            onSubmit={() => void submit()}
          />
          <SubmitNotice status={submissions.status()} onRetry={() => void retry()} />
          <Show when={submissions.queued() > 0}>
            <p class="muted" data-testid="outbox" data-count={submissions.queued()}>
              {submissions.queued() === 1
                ? '1 drawing waits'
                : `${submissions.queued()} drawings wait`}{' '}
              in this browser to be sent when the server is back.
            </p>
          </Show>
          <Show when={submissions.outboxError()}>
            {(message) => <p class="notice error">{message()}</p>}
          </Show>
          <button
            type="button"
            class="link challenge-toggle"
            aria-pressed={challenge() !== null}
            data-testid="challenge-toggle"
            onClick={toggleChallenge}
          >
            {challenge() === null ? 'Challenge me: ask for a digit' : 'Stop the challenge'}
          </button>
        </section>

        <section class="card session" aria-labelledby="session-title">
          <h2 id="session-title">This session</h2>
          <History entries={submissions.history()} />
        </section>

        <section class="card totals-card" aria-labelledby="stats-title">
          <h2 id="stats-title">Everyone's drawings</h2>
          <StatsPanel stats={stats.value()} error={stats.error()} />
          <h3 class="subhead">Recent misreads</h3>
          <Misreads misreads={misreads.value()} />
        </section>
      </main>
      <footer class="footer">
        <Show
          when={model.value()}
          fallback={
            <span>{model.error() ? `Model details unavailable: ${model.error()}.` : ''}</span>
          }
        >
          {(info) => <ModelLine model={info()} />}
        </Show>
        <EngineLine status={engine.status()} />
      </footer>
    </div>
  );
}
