// Data fetched from the server and kept fresh: global stats, the model's card.
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import { isAbort } from '../api/client.js';

/** A value loaded from the server, its load error, and a way to load it again. */
export interface Remote<T> {
  value: Accessor<T | undefined>;
  /** Why the last load failed, or null; the last good value stays shown meanwhile. */
  error: Accessor<string | null>;
  refresh(): void;
}

/** How often a Remote loads again on its own. */
export interface RemoteOptions {
  /** Reload every this many ms while the page is visible (and when it becomes visible again). */
  every?: number;
  /** After a failure, try again after this many ms (default 5000), until a load succeeds. */
  retry?: number;
}

/**
 * Loads `fetcher` now, at each refresh(), every `options.every` ms while the page is visible, and
 * again after a failure; unlike createResource, a failure is a value to show, not an exception
 * thrown into the view.
 */
export function createRemote<T>(
  fetcher: (signal: AbortSignal) => Promise<T>,
  options: RemoteOptions = {},
): Remote<T> {
  const [value, setValue] = createSignal<T>();
  const [error, setError] = createSignal<string | null>(null);
  let controller: AbortController | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    clearTimeout(retryTimer);
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
          retryTimer = setTimeout(refresh, options.retry ?? 5000);
        }
      },
    );
  };
  refresh();
  const every = options.every;
  if (every !== undefined) {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, every);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    onCleanup(() => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    });
  }
  onCleanup(() => {
    clearTimeout(retryTimer);
    controller?.abort();
  });
  return { value, error, refresh };
}
