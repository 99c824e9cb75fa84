import { createMiddleware } from 'hono/factory';
import type { Logger } from '../log.js';

/** Logs one line per request: method, path, status, milliseconds. */
export function requestLog(log: Logger) {
  return createMiddleware(async (c, next) => {
    const start = performance.now();
    await next();
    const ms = (performance.now() - start).toFixed(1);
    log.info(`${c.req.method} ${c.req.path} ${c.res.status} ${ms} ms`);
  });
}
