// The outcome of the last submit: a confirmation, or an error with a way to retry.
import { Match, Switch } from 'solid-js';
import type { SubmitStatus } from '../state/submissions.js';
import { withArticle } from './format.js';

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
              Saved as {withArticle(s().entry.label)} (#{s().entry.id}). Draw the next one!
            </p>
          )}
        </Match>
        <Match when={props.status.kind === 'queued' && props.status}>
          {(s) => (
            <p class="notice success" data-testid="queued" data-client-id={s().entry.clientId}>
              The server can't be reached: your {s().entry.label} is kept in this browser and will
              be sent when it is back. Draw the next one!
            </p>
          )}
        </Match>
        <Match when={props.status.kind === 'failed' && props.status}>
          {(s) => (
            <p class="notice error with-thumb" data-testid="submit-error">
              <img
                class="thumb"
                src={s().submission.drawing}
                width={36}
                height={36}
                alt={`The drawing not saved, labelled ${s().submission.label}`}
              />
              <span>
                {s().message}{' '}
                <button type="button" class="link" onClick={() => props.onRetry()}>
                  Retry
                </button>
              </span>
            </p>
          )}
        </Match>
      </Switch>
    </div>
  );
}
