// The app's one container: it owns the drawing, the live prediction, labelling and submissions,
// and hands plain values to the views.
import { createMemo, createSignal, Show } from 'solid-js';
import { api } from './api/client.js';
import { blobToDataUrl, pixelsToDataUrl } from './drawing/images.js';
import { exportPng, type Point } from './drawing/strokes.js';
import { createPredictor } from './state/predictor.js';
import { createRemote } from './state/remote.js';
import { useShortcuts } from './state/shortcuts.js';
import { createSketch } from './state/sketch.js';
import { createSubmissions } from './state/submissions.js';
import { DrawingCanvas } from './views/DrawingCanvas.js';
import { History } from './views/History.js';
import { LabelPicker } from './views/LabelPicker.js';
import { ModelLine } from './views/ModelLine.js';
import { PredictionPanel } from './views/PredictionPanel.js';
import { StatsPanel } from './views/StatsPanel.js';
import { SubmitNotice } from './views/SubmitNotice.js';

/** The drawing app. */
export function App() {
  const sketch = createSketch();
  const predictor = createPredictor(sketch.strokes);
  const submissions = createSubmissions();
  const stats = createRemote((signal) => api.stats(signal));
  const model = createRemote((signal) => api.model(signal));
  const [picked, setPicked] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal(false);

  const label = () => picked() ?? predictor.prediction()?.digit ?? null;
  const inputImage = createMemo(() => {
    const p = predictor.prediction();
    return p ? pixelsToDataUrl(p.pixels) : null;
  });
  const canSubmit = () => !sketch.isEmpty() && label() !== null && !busy();

  const begin = (p: Point, pointerType: string) => {
    if (submissions.status().kind === 'saved') submissions.dismiss();
    sketch.begin(p, pointerType);
  };
  const endStroke = () => {
    sketch.end();
    predictor.flush();
  };
  const clear = () => {
    sketch.clear();
    setPicked(null);
    submissions.dismiss();
  };
  const undo = () => {
    sketch.undo();
    if (sketch.isEmpty()) setPicked(null);
  };
  const pick = (digit: number) => setPicked(digit);

  const submit = async () => {
    if (busy() || sketch.isEmpty()) return;
    setBusy(true);
    try {
      const strokes = sketch.strokes();
      const client = sketch.client();
      const prediction = await predictor.settle();
      const chosen = label();
      if (chosen === null) return;
      const drawing = await blobToDataUrl(await exportPng(strokes));
      const entry = await submissions.submit({
        drawing,
        label: chosen,
        prediction: prediction?.digit,
        confidence: prediction?.confidence,
        client,
      });
      if (!entry) return;
      // Strokes drawn while the request was out are the next digit: keep them.
      if (sketch.strokes() === strokes) {
        sketch.clear();
        setPicked(null);
      }
      stats.refresh();
    } finally {
      setBusy(false);
    }
  };

  useShortcuts({ pick, submit: () => void submit(), clear, undo });

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
          <div class="canvas-frame">
            <DrawingCanvas
              strokes={sketch.strokes()}
              onBegin={begin}
              onExtend={(points) => sketch.extend(points)}
              onEnd={endStroke}
            />
          </div>
          <div class="row">
            <button type="button" onClick={undo} disabled={sketch.isEmpty()} data-testid="undo">
              Undo
            </button>
            <button type="button" onClick={clear} data-testid="clear">
              Clear
            </button>
          </div>
          <p class="hint">
            Keys: <kbd>0</kbd>–<kbd>9</kbd> label, <kbd>Enter</kbd> submit, <kbd>Esc</kbd> clear,{' '}
            <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo.
          </p>
        </section>

        <section class="card read" aria-labelledby="read-title">
          <h2 id="read-title">Prediction</h2>
          <PredictionPanel
            prediction={predictor.prediction()}
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
            suggested={picked() === null && label() !== null}
            canSubmit={canSubmit()}
            saving={busy()}
            onPick={pick}
            onSubmit={() => void submit()}
          />
          <SubmitNotice status={submissions.status()} onRetry={() => void submit()} />
        </section>

        <section class="card session" aria-labelledby="session-title">
          <h2 id="session-title">This session</h2>
          <History entries={submissions.history()} />
        </section>

        <section class="card totals-card" aria-labelledby="stats-title">
          <h2 id="stats-title">Everyone's drawings</h2>
          <StatsPanel stats={stats.value()} error={stats.error()} />
        </section>
      </main>
      <footer class="footer">
        <Show when={model.value()} fallback={<span>{model.error() ?? ''}</span>}>
          {(info) => <ModelLine model={info()} />}
        </Show>
      </footer>
    </div>
  );
}
