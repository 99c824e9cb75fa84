// The session's last submissions: thumbnail, prediction, label, confidence.
import { For, Show } from 'solid-js';
import type { HistoryEntry } from '../state/submissions.js';
import { probability } from './format.js';

/** Props of History. */
export interface HistoryProps {
  entries: readonly HistoryEntry[];
}

/** A table of this session's submissions, newest first. */
export function History(props: HistoryProps) {
  return (
    <Show
      when={props.entries.length > 0}
      fallback={<p class="muted">Nothing submitted yet in this session.</p>}
    >
      <table class="history" data-testid="history">
        <thead>
          <tr>
            <th scope="col">Drawing</th>
            <th scope="col">Predicted</th>
            <th scope="col">Label</th>
            <th scope="col">Confidence</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.entries}>
            {(entry) => (
              <tr
                classList={{
                  miss: entry.prediction !== null && entry.prediction !== entry.label,
                }}
              >
                <td>
                  <img
                    class="thumb"
                    src={entry.thumbnail}
                    width={36}
                    height={36}
                    alt={entry.id === null ? 'Drawing waiting to be sent' : `Drawing #${entry.id}`}
                  />
                </td>
                <td>{entry.prediction ?? '–'}</td>
                <td>
                  {entry.label}
                  <Show when={entry.prediction !== null && entry.prediction !== entry.label}>
                    <span class="sr-only"> (the model was wrong)</span>
                  </Show>
                </td>
                <td>{entry.confidence === null ? '–' : probability(entry.confidence)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
