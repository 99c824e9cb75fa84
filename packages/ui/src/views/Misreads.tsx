// Everyone's recent misreads: what the model saw (its 28x28 input, no stored drawing), what the
// drawing's author said it is, and what the model read instead.
import { For, Show } from 'solid-js';
import type { Misread } from '../api/types.js';
import { pixelsToDataUrl } from '../drawing/images.js';
import { probability } from './format.js';

/** Props of Misreads. */
export interface MisreadsProps {
  misreads: readonly Misread[] | undefined;
}

/** A gallery of thumbnails, newest first; nothing while none is loaded. */
export function Misreads(props: MisreadsProps) {
  return (
    <Show when={props.misreads}>
      {(list) => (
        <Show
          when={list().length > 0}
          fallback={<p class="muted">No misreads yet: the model has read every drawing right.</p>}
        >
          <ul class="misreads" data-testid="misreads">
            <For each={list()}>
              {(m) => (
                <li data-id={m.id}>
                  <img
                    src={pixelsToDataUrl(m.pixels)}
                    width={56}
                    height={56}
                    alt={`A drawn ${m.label} the model read as ${m.prediction}`}
                  />
                  <span class="misread-text" aria-hidden="true">
                    {m.label} <span class="as">read</span> <strong>{m.prediction}</strong>
                  </span>
                  <span class="misread-confidence" aria-hidden="true">
                    {probability(m.confidence, 0)}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      )}
    </Show>
  );
}
