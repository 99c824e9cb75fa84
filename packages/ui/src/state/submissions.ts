// Storing labelled drawings: the submit action, its progress and errors, and the session's history.
import { type Accessor, createSignal } from 'solid-js';
import { ApiError, api } from '../api/client.js';
import type { NewSubmission } from '../api/types.js';
import { createOutbox, newClientId, type Queued } from './outbox.js';

/** One stored drawing of this session. */
export interface HistoryEntry {
  /** The server's id, or null while it waits in this browser's outbox. */
  id: number | null;
  /** The id this page gave it: sending it again never stores it twice. */
  clientId: string;
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
  /** The server could not be reached: it waits in the outbox and is sent when the server is back. */
  | { kind: 'queued'; entry: HistoryEntry }
  /** `submission` is exactly what Retry sends again: the drawing and label the notice shows. */
  | { kind: 'failed'; message: string; submission: NewSubmission & { clientId: string } };

/** Submissions of this session. */
export interface Submissions {
  status: Accessor<SubmitStatus>;
  /** The last HISTORY_SIZE stored drawings, newest first. */
  history: Accessor<readonly HistoryEntry[]>;
  /** Stores a drawing; resolves to the new entry, or null when it failed (see status). */
  submit(submission: NewSubmission): Promise<HistoryEntry | null>;
  /** Forgets the last outcome (a new drawing was started). */
  dismiss(): void;
  /** How many submissions wait in this browser for the server. */
  queued: Accessor<number>;
  /** What went wrong with the outbox (a refused queued submission, IndexedDB failing), or null. */
  outboxError: Accessor<string | null>;
}

/** How many of the session's submissions are shown. */
export const HISTORY_SIZE = 10;

/** A new session with nothing submitted. */
export function createSubmissions(): Submissions {
  const [status, setStatus] = createSignal<SubmitStatus>({ kind: 'idle' });
  const [history, setHistory] = createSignal<readonly HistoryEntry[]>([]);
  const [refused, setRefused] = createSignal<string | null>(null);
  const sent = (item: Queued, id: number) => {
    const clientId = item.submission.clientId;
    setHistory((all) => all.map((e) => (e.clientId === clientId ? { ...e, id } : e)));
    const s = status();
    if (s.kind === 'queued' && s.entry.clientId === clientId) {
      setStatus({ kind: 'saved', entry: { ...s.entry, id } });
    }
  };
  const outbox = createOutbox(sent, (item, error) =>
    setRefused(`Your queued ${item.submission.label} was refused by the server: ${error}.`),
  );
  const entryOf = (submission: Queued['submission'], id: number | null): HistoryEntry => ({
    id,
    clientId: submission.clientId,
    thumbnail: submission.drawing,
    label: submission.label,
    prediction: submission.prediction ?? null,
    confidence: submission.confidence ?? null,
  });
  return {
    status,
    history,
    queued: outbox.pending,
    outboxError: () => refused() ?? outbox.error(),
    async submit(unsent) {
      if (status().kind === 'saving') return null;
      // Retry sends the failed submission with its clientId: stored once however often it is sent.
      const submission = { ...unsent, clientId: unsent.clientId ?? newClientId() };
      setStatus({ kind: 'saving', submission });
      try {
        const { id } = await api.submit(submission);
        const entry = entryOf(submission, id);
        setHistory((all) => [entry, ...all].slice(0, HISTORY_SIZE));
        setStatus({ kind: 'saved', entry });
        return entry;
      } catch (err) {
        if (unreachable(err)) {
          try {
            await outbox.add(submission);
            const entry = entryOf(submission, null);
            setHistory((all) => [entry, ...all].slice(0, HISTORY_SIZE));
            setStatus({ kind: 'queued', entry });
            return entry;
          } catch {
            // No IndexedDB (a private window, storage full): say it was not saved, offer Retry.
          }
        }
        setStatus({ kind: 'failed', message: describeFailure(submission, err), submission });
        return null;
      }
    },
    dismiss() {
      if (status().kind !== 'saving') setStatus({ kind: 'idle' });
    },
  };
}

/** No answer from the server at all (down, offline, or a proxy saying it is gone). */
function unreachable(err: unknown): boolean {
  return err instanceof ApiError && (err.offline || err.status === 502 || err.status === 504);
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
