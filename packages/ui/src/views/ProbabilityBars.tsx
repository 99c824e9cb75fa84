// Ten bars, one per digit, as tall as the model's probability for it.
import { For } from 'solid-js';
import { probability } from './format.js';

/** Props of ProbabilityBars. */
export interface ProbabilityBarsProps {
  /** Ten probabilities (index = digit), or null before there is a prediction. */
  probabilities: readonly number[] | null;
  /** The predicted digit, drawn in the accent colour. */
  top: number | null;
}

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

// Below this a bar would be under one pixel of the 72 px track: drawn as a smudge of a line that
// reads as "a little", so it is left out (the label still gives the number).
const VISIBLE = 1 / 72;

/** A bar's fill height in percent of its track. */
export function fillHeight(p: number): number {
  return p < VISIBLE ? 0 : p * 100;
}

/** A small bar chart of the ten probabilities. */
export function ProbabilityBars(props: ProbabilityBarsProps) {
  return (
    <ol class="bars" data-testid="probabilities" aria-label="Probability of each digit">
      <For each={DIGITS}>
        {(digit) => {
          const p = () => props.probabilities?.[digit] ?? 0;
          return (
            <li
              class="bar"
              classList={{ top: props.top === digit }}
              data-digit={digit}
              data-probability={String(p())}
              aria-label={`${digit}: ${probability(p())}`}
            >
              <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style={{ height: `${fillHeight(p())}%` }} />
              </span>
              <span class="bar-digit" aria-hidden="true">
                {digit}
              </span>
            </li>
          );
        }}
      </For>
    </ol>
  );
}
