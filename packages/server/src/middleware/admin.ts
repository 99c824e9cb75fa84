// Admin routes: `Authorization: Bearer $ADMIN_TOKEN`; without ADMIN_TOKEN they are switched off.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Lets a request through only with the admin bearer token; 403 for all when `token` is null. */
export function requireAdmin(token: string | null) {
  // Comparing fixed-length digests in constant time leaks neither the token nor its length.
  const expected = token === null ? null : digest(token);
  return createMiddleware(async (c, next) => {
    if (expected === null) {
      return c.json(
        { error: 'admin routes are disabled: the server was started without ADMIN_TOKEN' },
        403,
      );
    }
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1]), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="digitnet admin"');
      return c.json(
        {
          error: match
            ? 'the bearer token is wrong: expected the server’s ADMIN_TOKEN'
            : 'admin route: expected an `Authorization: Bearer <ADMIN_TOKEN>` header',
        },
        401,
      );
    }
    await next();
  });
}
