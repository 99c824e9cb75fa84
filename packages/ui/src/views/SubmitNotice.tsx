// The outcome of the last submit: a confirmation, or an error with a way to retry.
import { Match, Switch } from 'solid-js';
import type { SubmitStatus } from '../state/submissions.js';

/** Props of SubmitNotice. */
export interface SubmitNoticeProps {
  status: SubmitStatus;
  onRetry(): void;
}

/** A one-line notice under the Submit button; empty while idle. */
export function SubmitNotice(props: SubmitNoticeProps) {
  return (
    <div class="submit-notice" role="status" aria-live="polite">
      <Switch>
        <Match when={props.status.kind === 'saved' && props.status}>
          {(s) => (
            <p class="notice success" data-testid="saved" data-id={s().entry.id}>
              Saved as a {s().entry.label} (#{s().entry.id}). Draw the next one!
            </p>
          )}
        </Match>
        <Match when={props.status.kind === 'failed' && props.status}>
          {(s) => (
            <p class="notice error" data-testid="submit-error">
              {s().message}{' '}
              <button type="button" class="link" onClick={() => props.onRetry()}>
                Retry
              </button>
            </p>
          )}
        </Match>
      </Switch>
    </div>
  );
}
