// Storing labelled drawings: the submit action, its progress and errors, and the session's history.
import { type Accessor, createSignal } from 'solid-js';
import { ApiError, api } from '../api/client.js';
import type { NewSubmission } from '../api/types.js';

/** One stored drawing of this session. */
export interface HistoryEntry {
  id: number;
  /** The drawing as a PNG data URL. */
  thumbnail: string;
  label: number;
  prediction: number | null;
  confidence: number | null;
}

/** The outcome of the last submit, for the notice beside the Submit button. */
export type SubmitStatus =
  | { kind: 'idle' }
  | { kind: 'saving'; submission: NewSubmission }
  | { kind: 'saved'; entry: HistoryEntry }
  /** `submission` is exactly what Retry sends again: the drawing and label the notice shows. */
  | { kind: 'failed'; message: string; submission: NewSubmission };

/** Submissions of this session. */
export interface Submissions {
  status: Accessor<SubmitStatus>;
  /** The last HISTORY_SIZE stored drawings, newest first. */
  history: Accessor<readonly HistoryEntry[]>;
  /** Stores a drawing; resolves to the new entry, or null when it failed (see status). */
  submit(submission: NewSubmission): Promise<HistoryEntry | null>;
  /** Forgets the last outcome (a new drawing was started). */
  dismiss(): void;
}

/** How many of the session's submissions are shown. */
export const HISTORY_SIZE = 10;

/** A new session with nothing submitted. */
export function createSubmissions(): Submissions {
  const [status, setStatus] = createSignal<SubmitStatus>({ kind: 'idle' });
  const [history, setHistory] = createSignal<readonly HistoryEntry[]>([]);
  return {
    status,
    history,
    async submit(submission) {
      if (status().kind === 'saving') return null;
      setStatus({ kind: 'saving', submission });
      try {
        const { id } = await api.submit(submission);
        const entry: HistoryEntry = {
          id,
          thumbnail: submission.drawing,
          label: submission.label,
          prediction: submission.prediction ?? null,
          confidence: submission.confidence ?? null,
        };
        setHistory((all) => [entry, ...all].slice(0, HISTORY_SIZE));
        setStatus({ kind: 'saved', entry });
        return entry;
      } catch (err) {
        setStatus({ kind: 'failed', message: describeFailure(submission, err), submission });
        return null;
      }
    },
    dismiss() {
      if (status().kind !== 'saving') setStatus({ kind: 'idle' });
    },
  };
}

function describeFailure(submission: NewSubmission, err: unknown): string {
  const why = err instanceof Error ? err.message : String(err);
  const what = `Your ${submission.label} was not saved: ${why}.`;
  // 5xx and no answer at all are passing troubles: worth a retry.
  if (err instanceof ApiError && (err.status >= 500 || err.offline)) {
    return `${what} Try again in a moment.`;
  }
  return what;
}
