// The confusion matrix of everything users drew, as a heat map: one row per digit drawn, one
// column per digit the model read, each cell as dark as its share of the row, the diagonal (read
// right) in green and the misreads in red; the last column is the row's accuracy.
import { For, Index } from 'solid-js';
import { percent } from './format.js';

/** Props of ConfusionChart. */
export interface ConfusionChartProps {
  /** confusion[label][prediction], 10x10. */
  confusion: readonly (readonly number[])[];
}

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** A 10x10 heat map with row accuracies, readable as a table by screen readers. */
export function ConfusionChart(props: ConfusionChartProps) {
  return (
    <table class="confusion" data-testid="confusion">
      <caption>
        What people drew (rows) and what the model read (columns); the diagonal is read right.
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <span class="sr-only">Drawn</span>
          </th>
          <For each={DIGITS}>
            {(digit) => (
              <th scope="col">
                <span class="sr-only">read as </span>
                {digit}
              </th>
            )}
          </For>
          <th scope="col">Right</th>
        </tr>
      </thead>
      <tbody>
        <Index each={props.confusion}>
          {(row, label) => {
            const total = () => row().reduce((a, b) => a + b, 0);
            return (
              <tr>
                <th scope="row">
                  <span class="sr-only">drawn </span>
                  {label}
                </th>
                <Index each={row()}>
                  {(count, read) => {
                    const share = () => (total() > 0 ? count() / total() : 0);
                    return (
                      <td
                        classList={{
                          hit: read === label,
                          miss: read !== label && count() > 0,
                          strong: share() >= 0.6,
                        }}
                        style={{ '--share': share().toFixed(3) }}
                        title={`${label} read as ${read}: ${count()} of ${total()}`}
                        data-count={count()}
                      >
                        {count() > 0 ? count() : ''}
                      </td>
                    );
                  }}
                </Index>
                <td class="row-accuracy">
                  {total() > 0 ? percent(row()[label] / total(), 0) : '–'}
                </td>
              </tr>
            );
          }}
        </Index>
      </tbody>
    </table>
  );
}
