// The API reference (TypeDoc's HTML, built by `npm run docs` into docs/api) under /docs, with a
// Content-Security-Policy of its own: the app's forbids the inline script TypeDoc puts in every
// page, so each HTML page gets a policy naming its own inline scripts by hash, and nothing else.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { REPO_ROOT } from '../config.js';

/** Where `npm run docs` writes the reference (typedoc.json's `out`). */
export const DOCS_DIR = resolve(REPO_ROOT, 'docs/api');

/** The sha256 sources ('sha256-…') of a page's inline scripts, for script-src. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  // Inline scripts only: a <script> with a src attribute runs a file, which 'self' covers.
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(m[1] ?? '') || m[2] === '') continue;
    hashes.add(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

/**
 * The policy of a reference page: its scripts are the reference's own files and the inline
 * scripts it carries (by hash); styles its stylesheets and inline ones (TypeDoc's script adds
 * <style> elements, its pages style attributes, as the app's own policy allows); images its own
 * and the data: SVG icons of its stylesheet. It frames, posts and embeds nothing.
 */
export function docsCsp(scriptHashes: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src 'self'${scriptHashes.map((h) => ` ${h}`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const NOT_BUILT_MESSAGE =
  'the API reference is not built: run `npm run docs` in the repository (it writes docs/api/), then reload';

function notBuilt(c: Context) {
  c.header('Cache-Control', 'no-cache');
  if (c.req.header('Accept')?.includes('text/html')) {
    return c.html(
      `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>digitnet: API reference not built</title></head>
<body>
<h1>The API reference is not built</h1>
<p>Run <code>npm run docs</code> in the repository (it writes <code>docs/api/</code>), then reload.
The same reference is generated from the JSDoc in <code>packages/*/src</code>.</p>
<p><a href="/">Back to the app</a></p>
</body>
</html>
`,
      404,
    );
  }
  return c.json({ error: NOT_BUILT_MESSAGE }, 404);
}

/**
 * The reference built in `dir`, mounted at /docs. Whether it is built is looked up per request, so
 * `npm run docs` while the server runs is enough; until then every path answers 404 saying how to
 * build it (HTML for browsers, JSON otherwise). Paths outside it never fall through to the app.
 */
export function docsRoutes(dir: string = DOCS_DIR) {
  const app = new Hono();
  let files: MiddlewareHandler | undefined;
  app.use(
    '*',
    async (c, next) => {
      if (!existsSync(join(dir, 'index.html'))) return notBuilt(c);
      // /docs without its slash: the pages' relative links need the folder form.
      if (c.req.path === '/docs') return c.redirect('/docs/', 301);
      await next();
      if (c.res.status !== 200) return;
      if (c.res.headers.get('Content-Type')?.startsWith('text/html')) {
        const html = await c.res.clone().text();
        c.res.headers.set('Content-Security-Policy', docsCsp(inlineScriptHashes(html)));
        c.res.headers.set('Cache-Control', 'no-cache');
      } else {
        c.res.headers.set('Content-Security-Policy', docsCsp([]));
        // TypeDoc's asset names carry no hash: revalidate after a short while.
        c.res.headers.set('Cache-Control', 'public, max-age=300');
      }
    },
    // The other secure headers, as the app sets them; the policy above replaces its CSP.
    secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"] } }),
    // Made once the reference exists: serveStatic warns at creation about a missing root.
    (c, next) => {
      files ??= serveStatic({
        root: dir,
        rewriteRequestPath: (path) => path.replace(/^\/docs/, '') || '/',
      });
      return files(c, next);
    },
  );
  app.all('*', (c) =>
    c.json({ error: `no page ${c.req.path} in the API reference: see /docs/` }, 404),
  );
  return app;
}
