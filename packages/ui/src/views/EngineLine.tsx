// One line about the in-page engine: the backend it chose and what it measured, or why it is off.
import { Match, Switch } from 'solid-js';
import type { EngineStatus } from '../engine/local.js';
import { RAN_ON_LABEL } from '../engine/protocol.js';
import { formatMs } from './format.js';

/** Props of EngineLine. */
export interface EngineLineProps {
  status: EngineStatus;
}

/** "In-page engine: WebAssembly (WebAssembly 2.1 ms, JS 6.3 ms, WebGL2 unavailable)". */
export function EngineLine(props: EngineLineProps) {
  return (
    <p class="engine-line" data-testid="engine" data-state={props.status.kind}>
      <Switch>
        <Match when={props.status.kind === 'loading'}>
          In-page engine: loading the model (the server reads drawings meanwhile)
        </Match>
        <Match when={props.status.kind === 'ready' && props.status}>
          {(s) => (
            <>
              In-page engine:{' '}
              <strong data-testid="engine-backend">{RAN_ON_LABEL[s().backend]}</strong> ·{' '}
              {s().modelVersion} · {(s().weightBytes / 1024).toFixed(0)} KB of weights · one
              drawing:{' '}
              {s()
                .trials.filter((t) => t.error !== 'skipped')
                .map((t) =>
                  t.ms === null
                    ? `${RAN_ON_LABEL[t.backend]} unavailable`
                    : `${RAN_ON_LABEL[t.backend]} ${formatMs(t.ms)}${t.remembered ? ' (an earlier visit)' : ''}`,
                )
                .join(', ')}
            </>
          )}
        </Match>
        <Match when={props.status.kind === 'failed' && props.status}>
          {(s) => <>In-page engine failed ({s().error}): the server reads drawings.</>}
        </Match>
        <Match when={props.status.kind === 'off' && props.status}>
          {(s) => <>In-page engine off ({s().reason}): the server reads drawings.</>}
        </Match>
      </Switch>
    </p>
  );
}
