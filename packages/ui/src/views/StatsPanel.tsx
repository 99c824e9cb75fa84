// Totals over every stored drawing: how many, how often the model was right, and the confusion
// matrix (what was drawn against what the model read).
import { Show } from 'solid-js';
import type { Stats } from '../api/types.js';
import { ConfusionChart } from './ConfusionChart.js';
import { percent } from './format.js';

/** Props of StatsPanel. */
export interface StatsPanelProps {
  stats: Stats | undefined;
  error: string | null;
}

/** Global statistics from /api/stats. */
export function StatsPanel(props: StatsPanelProps) {
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
          <ConfusionChart confusion={stats().confusion} />
          <Show when={props.error}>
            <p class="notice error">{props.error}</p>
          </Show>
        </div>
      )}
    </Show>
  );
}
