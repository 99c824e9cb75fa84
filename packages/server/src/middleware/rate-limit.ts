// A per-client cap on writes (hono-rate-limiter, in memory): 429 with Retry-After beyond it.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { rateLimiter } from 'hono-rate-limiter';

/**
 * The client a request counts against: the connection's address, or behind a trusted proxy the
 * last X-Forwarded-For entry (the one that proxy added; earlier ones are the client's to forge).
 * app.request() in tests has no connection: one shared key.
 */
function clientKey(trustProxy: boolean) {
  return (c: Context): string => {
    if (trustProxy) {
      const last = c.req.header('X-Forwarded-For')?.split(',').pop()?.trim();
      if (last) return last;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
}

/** At most `perMinute` requests per client per minute through this route; null: no limit. */
export function writeRateLimit(perMinute: number | null, trustProxy = false): MiddlewareHandler {
  if (perMinute === null) return createMiddleware(async (_, next) => next());
  return rateLimiter({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-6',
    keyGenerator: clientKey(trustProxy),
    handler: (c) => {
      const info = c.get('rateLimit') as { resetTime?: Date } | undefined;
      const seconds = info?.resetTime
        ? Math.ceil((info.resetTime.getTime() - Date.now()) / 1000)
        : 60;
      const retry = String(Math.max(1, seconds));
      return c.json(
        {
          error:
            `too many submissions from this address: at most ${perMinute} a minute; ` +
            `try again in ${retry} s`,
        },
        429,
        { 'Retry-After': retry },
      );
    },
  });
}
