// What the model reads: the digit, its confidence, the ten probabilities, and the 28x28 input.
import { Show } from 'solid-js';
import { RAN_ON_LABEL } from '../engine/protocol.js';
import type { Reading } from '../state/predictor.js';
import { formatMs, probability, withArticle } from './format.js';
import { ProbabilityBars } from './ProbabilityBars.js';

/** Props of PredictionPanel. */
export interface PredictionPanelProps {
  prediction: Reading | null;
  /** The model's input as an image URL, or null. */
  inputImage: string | null;
  /** The drawing changed since the shown prediction. */
  pending: boolean;
  /** Nothing drawn yet. */
  empty: boolean;
  error: string | null;
}

/** A failed prediction, told to whoever is drawing; the predictor tries again on its own. */
function errorText(why: string): string {
  return `Can't read your drawing right now: ${why}. Trying again…`;
}

/** The live prediction. */
export function PredictionPanel(props: PredictionPanelProps) {
  const announcement = () => {
    const p = props.prediction;
    if (props.error) return errorText(props.error);
    if (!p || props.pending) return '';
    if (!p.likelyDigit) return `That doesn't look like a digit. The closest is ${p.digit}.`;
    return `Looks like ${withArticle(p.digit)}, ${probability(p.confidence, 0)} confident.`;
  };
  return (
    <div class="prediction" classList={{ stale: props.pending }} aria-busy={props.pending}>
      <div class="prediction-head">
        <div class="digit-box">
          <Show
            when={props.prediction}
            fallback={
              <span class="digit placeholder" aria-hidden="true">
                ?
              </span>
            }
          >
            {(p) => (
              <span class="digit" data-testid="prediction">
                {p().digit}
              </span>
            )}
          </Show>
        </div>
        <div class="prediction-facts">
          <p class="confidence-line">
            <Show
              when={props.prediction}
              fallback={
                <span class="muted">
                  {props.empty ? 'Draw a digit' : props.error ? 'No reading' : 'Reading…'}
                </span>
              }
            >
              {(p) => (
                <Show
                  when={p().likelyDigit}
                  fallback={
                    <span data-testid="not-a-digit" class="muted">
                      That doesn't look like a digit
                    </span>
                  }
                >
                  <span data-testid="confidence" class="confidence">
                    {probability(p().confidence)}
                  </span>{' '}
                  <span class="muted">confident</span>
                </Show>
              )}
            </Show>
          </p>
          <figure class="model-input">
            <Show when={props.inputImage} fallback={<div class="model-input-empty" />}>
              {(src) => (
                <img
                  src={src()}
                  width={84}
                  height={84}
                  alt="What the model saw: your digit scaled to 28 by 28 pixels"
                  data-testid="model-input"
                />
              )}
            </Show>
            <figcaption>28x28 input</figcaption>
          </figure>
        </div>
      </div>
      <p class="ran-on muted">
        <Show when={props.prediction} fallback={'\u00a0'}>
          {(p) => (
            <span data-testid="ran-on" data-backend={p().ranOn}>
              {p().ranOn === 'server'
                ? 'Read on the server'
                : `Read in this page (${RAN_ON_LABEL[p().ranOn]})`}{' '}
              in {formatMs(p().tookMs)}
            </span>
          )}
        </Show>
      </p>
      <ProbabilityBars
        probabilities={props.prediction?.probabilities ?? null}
        top={props.prediction?.digit ?? null}
      />
      <Show when={props.error}>
        {(message) => (
          <p class="notice error" role="alert">
            {errorText(message())}
          </p>
        )}
      </Show>
      <p class="sr-only" aria-live="polite" aria-atomic="true">
        {announcement()}
      </p>
    </div>
  );
}
