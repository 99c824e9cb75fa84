// The one typed client of @digitnet/server's HTTP API; every failure becomes an ApiError.
import type { Created, Misread, ModelInfo, NewSubmission, Prediction, Stats } from './types.js';

/**
 * A failed API call: `status` is the HTTP status, or 0 when the server could not be reached. The
 * message is for visitors (a clause such as "the server can't be reached"); what the server said,
 * often meant for its operators, is kept in `detail`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail = message,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server is down or unreachable. */
  get offline(): boolean {
    return this.status === 0;
  }
}

/** True when `err` is the AbortError of a cancelled request. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, "the server can't be reached", `${path}: ${String(err)}`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const said =
      body && typeof body === 'object' && 'error' in body ? String(body.error) : res.statusText;
    const detail = said || `HTTP ${res.status}`;
    throw new ApiError(res.status, forVisitors(res.status, detail), detail);
  }
  return body as T;
}

/** What a failed status means to someone drawing digits; 4xx answers describe their input. */
function forVisitors(status: number, detail: string): string {
  // A proxy answering for a stopped server (Caddy's 502/504) is the same as no answer.
  if (status === 502 || status === 504) return "the server can't be reached";
  if (status === 503) return 'the service is unavailable for a moment';
  if (status >= 500) return 'the server ran into a problem';
  return detail;
}

/** The app's view of the API. */
export const api = {
  /** Runs the model on a PNG of the canvas. */
  predict(png: Blob, signal?: AbortSignal): Promise<Prediction> {
    return call('/api/predict', {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: png,
      signal,
    });
  },
  /** Stores a labelled drawing. */
  submit(submission: NewSubmission): Promise<Created> {
    return call('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(submission),
    });
  },
  /** Totals over every stored submission. */
  stats(signal?: AbortSignal): Promise<Stats> {
    return call('/api/stats', { signal });
  },
  /** Everyone's latest drawings the model read wrong, newest first. */
  async misreads(signal?: AbortSignal): Promise<Misread[]> {
    const body = await call<{ misreads: Misread[] }>('/api/misreads?limit=12', { signal });
    return body.misreads;
  },
  /** The model being served. */
  model(signal?: AbortSignal): Promise<ModelInfo> {
    return call('/api/model', { signal });
  },
};
