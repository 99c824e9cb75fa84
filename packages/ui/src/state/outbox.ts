// Submissions made while the server cannot be reached: kept in IndexedDB (idb-keyval), so they
// survive a reload, and sent when the server answers again. Each carries a client-generated UUID
// that POST /api/submissions is idempotent on, so a submission whose answer was lost and is sent
// again is still stored exactly once.
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import { ApiError, api } from '../api/client.js';
import type { NewSubmission } from '../api/types.js';

/** A submission waiting to be sent. */
export interface Queued {
  submission: NewSubmission & { clientId: string };
  /** When it was queued (ms since the epoch): sent in this order. */
  queuedAt: number;
}

/** The queue. */
export interface Outbox {
  /** How many submissions wait. */
  pending: Accessor<number>;
  /** Queues a submission; resolves once it is stored on this device. */
  add(submission: Queued['submission']): Promise<void>;
  /** Sends what waits, oldest first, until the server cannot be reached; never runs twice at once. */
  flush(): Promise<void>;
  /** Why this browser's IndexedDB could not be used, or null. */
  error: Accessor<string | null>;
}

/** How often the queue is tried while it holds something, in ms. */
export const OUTBOX_RETRY_MS = 3000;

/** A random (version 4) UUID; crypto.randomUUID where the page is a secure context. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True for failures that mean "try later": no answer, a proxy without a server, 5xx, 429. */
export function isTransient(err: unknown): boolean {
  return !(err instanceof ApiError) || err.offline || err.status >= 500 || err.status === 429;
}

/**
 * The outbox of this browser. `onSent` hears of each submission stored by the server, with its id;
 * `onRefused` of each the server refused (a 4xx: sending it again cannot help, so it is dropped).
 */
export function createOutbox(
  onSent: (item: Queued, id: number) => void,
  onRefused: (item: Queued, error: string) => void,
): Outbox {
  const [pending, setPending] = createSignal(0);
  const [error, setError] = createSignal<string | null>(null);
  let store: UseStore | null = null;
  const db = () => {
    store ??= createStore('digitnet', 'outbox');
    return store;
  };
  const all = async () =>
    (await entries<string, Queued>(db())).map(([, v]) => v).sort((a, b) => a.queuedAt - b.queuedAt);

  let running: Promise<void> | null = null;
  const flush = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        for (const item of await all()) {
          let id: number;
          try {
            ({ id } = await api.submit(item.submission));
          } catch (err) {
            if (isTransient(err)) return;
            await del(item.submission.clientId, db());
            onRefused(item, err instanceof Error ? err.message : String(err));
            continue;
          }
          await del(item.submission.clientId, db());
          onSent(item, id);
        }
      } finally {
        setPending((await all()).length);
      }
    })()
      .then(() => {
        setError(null);
      })
      .catch((err: unknown) => {
        setError(`the offline queue failed: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (pending() > 0) void flush();
  }, OUTBOX_RETRY_MS);
  const online = () => void flush();
  window.addEventListener('online', online);
  onCleanup(() => {
    clearInterval(timer);
    window.removeEventListener('online', online);
  });
  // What an earlier visit left behind.
  void flush();

  return {
    pending,
    error,
    async add(submission) {
      await set(submission.clientId, { submission, queuedAt: Date.now() } satisfies Queued, db());
      setPending((await all()).length);
    },
    flush,
  };
}
