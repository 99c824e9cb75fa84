// Errors that become HTTP answers: every one is JSON `{ "error": "…" }` saying what was wrong and
// what was expected.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error with the HTTP status it answers with; its message is shown to the client. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  error: string;
}

// Socket errors, postgres.js's own connection errors, and PostgreSQL's SQLSTATE classes 08
// (connection exception), 53 (insufficient resources) and 57P (the server shutting down or starting).
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** Whether `err` means the database cannot be reached right now (as opposed to a bad query). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof DatabaseTimeout) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    code.startsWith('53') ||
    code.startsWith('57P') ||
    // statement_timeout (query_canceled) and lock_timeout (lock_not_available).
    code === '57014' ||
    code === '55P03'
  );
}

/** A database call that took longer than the server waits. */
export class DatabaseTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what} took longer than ${ms} ms`);
    this.name = 'DatabaseTimeout';
  }
}
