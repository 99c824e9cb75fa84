// Request bodies: content type, size cap and JSON parsing, each failure a 4xx saying what was expected.
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { core } from 'zod';
import { ApiError } from '../errors.js';

/** The media type of a request, lower-case without parameters ('' when absent). */
export function mediaType(c: Context): string {
  return (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
}

/** Caps the body at `maxBytes(c)` bytes (413 with a JSON error), counting streamed bodies too. */
export function limitBody(maxBytes: (c: Context) => number, what: (c: Context) => string) {
  return createMiddleware(async (c, next) => {
    const max = maxBytes(c);
    return bodyLimit({
      maxSize: max,
      onError: (c) =>
        c.json({ error: `the body is over ${max} bytes, the most accepted for ${what(c)}` }, 413),
    })(c, next);
  });
}

/** Requires a JSON body (415 otherwise) that parses (400 otherwise), before the validator runs. */
export function requireJson(expected: string) {
  return createMiddleware(async (c, next) => {
    const type = mediaType(c);
    if (type !== 'application/json') {
      throw new ApiError(
        415,
        `expected Content-Type application/json (${expected}), got ${type || 'none'}`,
      );
    }
    await parseJson(c, expected);
    await next();
  });
}

/** The request's JSON body; 400 naming the expected shape when it is not JSON. */
export async function parseJson(c: Context, expected: string): Promise<unknown> {
  try {
    // Hono caches the parsed body, so the validator after this reads it again for free.
    return await c.req.json();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError(400, `the body is not valid JSON (${why}): expected ${expected}`);
  }
}

/** One message for a failed validation: where, what, and what was expected. */
export function describeIssues(error: core.$ZodError, expected: string): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return `${shown.join('; ')}${more}; expected ${expected}`;
}

/** The zValidator hook that turns a failed validation into a 400 `{ error }`. */
export function validationHook(expected: string) {
  return (result: { success: true } | { success: false; error: core.$ZodError }, c: Context) => {
    if (!result.success) return c.json({ error: describeIssues(result.error, expected) }, 400);
  };
}
