// GET /healthz (the process answers) and GET /readyz (it can do its job: database and model).
import { Hono } from 'hono';
import { ping } from '../db/database.js';
import { reason } from '../log.js';
import { backendDescription } from '../model/backend.js';
import type { AppDeps } from './deps.js';

/** The probe routes. */
export function healthRoutes({ db, model, embedded }: AppDeps) {
  const started = Date.now();
  return new Hono()
    .get('/healthz', (c) => {
      // The process answers, but an embedded database that died and could not be restarted will
      // not come back by itself: say so, so that whatever supervises the process restarts it.
      if (embedded?.state === 'failed') {
        return c.json(
          {
            // The failure itself (it names the data folder) is in the server's log.
            error:
              'the embedded PostgreSQL died and could not be restarted (see the server log): ' +
              'restart the server',
            database: embedded.state,
          },
          503,
        );
      }
      return c.json({
        status: 'ok',
        uptimeSeconds: (Date.now() - started) / 1000,
        backend: backendDescription(),
        ...(embedded ? { database: embedded.state } : {}),
      });
    })
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
