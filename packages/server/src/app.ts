// The Hono app: routes split by resource, JSON errors, secure headers, request logging.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError, DatabaseTimeout, isDatabaseUnavailable } from './errors.js';
import { reason, silentLogger } from './log.js';
import { requestLog } from './middleware/request-log.js';
import type { AppDeps } from './routes/deps.js';
import { DOCS_DIR, docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { misreadRoutes } from './routes/misreads.js';
import { modelRoutes } from './routes/model.js';
import { predictRoutes } from './routes/predict.js';
import { statsRoutes } from './routes/stats.js';
import { submissionRoutes } from './routes/submissions.js';
import { uiRoutes } from './routes/ui.js';

export type { AppDeps } from './routes/deps.js';

/**
 * The digitnet HTTP app, to serve with @hono/node-server or call with `app.request()` in tests.
 * @example const app = createApp({ db, model, config }); await app.request('/healthz');
 */
export function createApp(deps: AppDeps) {
  const log = deps.log ?? silentLogger;
  const api = new Hono()
    .route('/', predictRoutes(deps))
    .route('/', submissionRoutes(deps))
    .route('/', statsRoutes(deps))
    .route('/', misreadRoutes(deps))
    .route('/', modelRoutes(deps));

  const app = new Hono()
    .use(requestLog(log))
    // Before secureHeaders: the reference sets its own headers and CSP, and answers every /docs path.
    .route('/docs', docsRoutes(deps.config.docsDir ?? DOCS_DIR))
    .use(
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          // Drawings and the 28x28 preview are data: and blob: URLs; the engine may run in a worker.
          imgSrc: ["'self'", 'data:', 'blob:'],
          workerSrc: ["'self'", 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // The page's engine compiles its WebAssembly kernels (no other eval).
          scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      }),
    )
    .route('/', healthRoutes(deps))
    .route('/api', api);
  app.route('/', uiRoutes(deps.config.uiDir));

  app.notFound((c) =>
    c.json({ error: `no route ${c.req.method} ${c.req.path}: see GET / for the API` }, 404),
  );
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: err.message }, err.status);
    if (err instanceof HTTPException) {
      return c.json({ error: err.message || err.getResponse().statusText }, err.status);
    }
    if (isDatabaseUnavailable(err)) {
      log.warn(`${c.req.method} ${c.req.path}: database unavailable: ${reason(err)}`);
      c.header('Retry-After', '5');
      // A query that timed out may still complete when a frozen server wakes: say only what we know.
      const error =
        err instanceof DatabaseTimeout
          ? `the database did not answer in time (${reason(err)}): the request was not completed; try again shortly`
          : 'the database is unavailable right now: nothing was stored; try again shortly';
      return c.json({ error }, 503);
    }
    log.error(`${c.req.method} ${c.req.path}: ${err.stack ?? reason(err)}`);
    return c.json({ error: 'internal server error' }, 500);
  });
  return app;
}

/** The app's type, for a typed client: `hc<AppType>(url)` from hono/client. */
export type AppType = ReturnType<typeof createApp>;
