// The built UI (packages/ui/dist) as static files, or a page saying it is not built yet.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';

// esbuild's default asset names end in a content hash: app-5XJ2V3QK.js.
const HASHED = /[.-][A-Za-z0-9_]{8,}\.(js|mjs|css|woff2?|png|svg|wasm|map)$/;

/** Cache-Control for a static path: never stale HTML, immutable hashed assets, an hour otherwise. */
export function cachePolicy(path: string): string {
  if (path.endsWith('/') || path.endsWith('.html')) return 'no-cache';
  if (HASHED.test(path)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/**
 * Cross-origin isolation for the page and everything it loads (the worker script included): with
 * these two headers the page may use SharedArrayBuffer (WebAssembly threads).
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

const cacheHeaders = createMiddleware(async (c, next) => {
  await next();
  if (c.res.status === 200 || c.res.status === 206) {
    c.res.headers.set('Cache-Control', cachePolicy(c.req.path));
  }
  for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION))
    c.res.headers.set(name, value);
});

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>digitnet</title></head>
<body>
<h1>digitnet</h1>
<p>The UI is not built (no <code>packages/ui/dist</code>). The API is up:</p>
<ul>
<li><code>POST /api/predict</code> with a PNG of a drawn digit (<code>image/png</code>) or
<code>{"pixels": [784 integers 0–255]}</code></li>
<li><code>POST /api/submissions</code>, <code>GET /api/stats</code>, <code>GET /api/model</code></li>
<li><a href="/api/model">/api/model</a>, <a href="/api/stats">/api/stats</a>,
<a href="/readyz">/readyz</a></li>
</ul>
</body>
</html>
`;

/**
 * Static files from `dir`; while it holds no index.html, `/` explains and points at the API. Looked
 * up per request, so a UI built after the server started is served without a restart.
 */
export function uiRoutes(dir: string) {
  const app = new Hono();
  app.use('*', cacheHeaders, serveStatic({ root: dir, precompressed: true }));
  // Reached only when serveStatic found no index.html for '/'.
  app.get('/', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(NOT_BUILT);
  });
  return app;
}
