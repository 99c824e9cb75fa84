// Totals over every stored drawing: how many, how often the model was right, how many per digit.
import { For, Show } from 'solid-js';
import type { Stats } from '../api/types.js';
import { percent } from './format.js';

/** Props of StatsPanel. */
export interface StatsPanelProps {
  stats: Stats | undefined;
  error: string | null;
}

/** Global statistics from /api/stats. */
export function StatsPanel(props: StatsPanelProps) {
  const most = () => Math.max(1, ...(props.stats?.counts ?? []));
  return (
    <Show
      when={props.stats}
      fallback={
        <p class={props.error ? 'notice error' : 'muted'}>
          {props.error ? `Statistics unavailable: ${props.error}` : 'Loading…'}
        </p>
      }
    >
      {(stats) => (
        <div class="stats" data-testid="stats">
          <dl class="totals">
            <div>
              <dt>Drawings stored</dt>
              <dd data-testid="stats-total">{stats().total}</dd>
            </div>
            <div>
              <dt>Model right</dt>
              <dd>
                {stats().accuracy === null ? '–' : percent(stats().accuracy ?? 0)}
                <span class="of">
                  {stats().correct} of {stats().total}
                </span>
              </dd>
            </div>
          </dl>
          <ol class="counts" aria-label="Drawings stored per digit">
            <For each={stats().counts}>
              {(count, digit) => {
                const right = () => stats().accuracyByDigit[digit()];
                return (
                  <li
                    aria-label={`${digit()}: ${count} stored${
                      right() == null ? '' : `, ${percent(right() ?? 0, 0)} read right`
                    }`}
                  >
                    <span class="count-track" aria-hidden="true">
                      <span class="count-fill" style={{ height: `${(count / most()) * 100}%` }} />
                    </span>
                    <span class="count-value" aria-hidden="true">
                      {count}
                    </span>
                    <span class="count-digit" aria-hidden="true">
                      {digit()}
                    </span>
                  </li>
                );
              }}
            </For>
          </ol>
          <Show when={props.error}>
            <p class="notice error">{props.error}</p>
          </Show>
        </div>
      )}
    </Show>
  );
}
