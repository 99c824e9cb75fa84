// GET /healthz (the process answers) and GET /readyz (it can do its job: database and model).
import { Hono } from 'hono';
import { ping } from '../db/database.js';
import { reason } from '../log.js';
import type { AppDeps } from './deps.js';

/** The probe routes. */
export function healthRoutes({ db, model }: AppDeps) {
  const started = Date.now();
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok', uptimeSeconds: (Date.now() - started) / 1000 }))
    .get('/readyz', async (c) => {
      const database = await ping(db).then(
        () => 'ok',
        (err: unknown) => `unreachable: ${reason(err)}`,
      );
      const loaded = model.current;
      const modelState = loaded
        ? loaded.version
        : `not loaded${model.lastError ? `: ${model.lastError}` : ''}`;
      const ready = database === 'ok' && loaded !== null;
      const checks = { database, model: modelState };
      if (ready) return c.json({ status: 'ready', checks });
      const problems = [
        database !== 'ok' && 'the database is unreachable',
        !loaded && 'no model is loaded',
      ];
      c.header('Retry-After', '5');
      return c.json({ error: `not ready: ${problems.filter(Boolean).join(' and ')}`, checks }, 503);
    });
}
