// Data fetched from the server once and refreshed on demand: global stats, the model's card.
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import { isAbort } from '../api/client.js';

/** A value loaded from the server, its load error, and a way to load it again. */
export interface Remote<T> {
  value: Accessor<T | undefined>;
  /** Why the last load failed, or null; the last good value stays shown meanwhile. */
  error: Accessor<string | null>;
  refresh(): void;
}

/**
 * Loads `fetcher` now and at each refresh(); unlike createResource, a failure is a value to show,
 * not an exception thrown into the view.
 */
export function createRemote<T>(fetcher: (signal: AbortSignal) => Promise<T>): Remote<T> {
  const [value, setValue] = createSignal<T>();
  const [error, setError] = createSignal<string | null>(null);
  let controller: AbortController | undefined;
  const refresh = () => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    fetcher(mine.signal).then(
      (v) => {
        setValue(() => v);
        setError(null);
      },
      (err: unknown) => {
        if (!isAbort(err) && !mine.signal.aborted) {
          setError(err instanceof Error ? err.message : String(err));
        }
      },
    );
  };
  refresh();
  onCleanup(() => controller?.abort());
  return { value, error, refresh };
}
