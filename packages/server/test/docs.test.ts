import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApp } from '../src/app.js';
import { DOCS_DIR, docsCsp, docsRoutes, inlineScriptHashes } from '../src/routes/docs.js';
import { testApp } from './support/app.js';
import { tempDir } from './support/temp.js';

// A reference laid out as TypeDoc 0.28 writes it: the theme's inline script in every page's body,
// its assets as files beside the pages.
const THEME_SCRIPT =
  'document.documentElement.dataset.theme = localStorage.getItem("tsd-theme") || "os";document.body.style.display="none";setTimeout(() => window.app?app.showPage():document.body.style.removeProperty("display"),500)';
const page = (title: string, base: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title><link rel="stylesheet" href="${base}assets/style.css"/><script defer src="${base}assets/main.js"></script></head><body><script>${THEME_SCRIPT}</script><h1>${title}</h1><td style="text-align:right">1</td></body></html>`;
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

const built = tempDir('docs');
await mkdir(join(built, 'assets'));
await mkdir(join(built, 'classes'));
await writeFile(join(built, 'index.html'), page('digitnet', './'));
await writeFile(join(built, 'classes', 'Tensor.html'), page('Tensor', '../'));
await writeFile(join(built, 'assets', 'main.js'), 'window.app = {};');
await writeFile(join(built, 'assets', 'style.css'), 'body { color: black; }');
const missing = join(tempDir('docs-missing'), 'api');

const docsApp = (dir: string) => new Hono().route('/docs', docsRoutes(dir));
const csp = (res: Response) => res.headers.get('Content-Security-Policy') ?? '';

test('inlineScriptHashes: the hash of each inline script, none for scripts with src', () => {
  const html = `<script src="a.js"></script><script>one()</script><SCRIPT type="module">two()</SCRIPT><script>one()</script>`;
  assert.equal(inlineScriptHashes(html), [sha('one()'), sha('two()')]);
  assert.equal(inlineScriptHashes('<p>no scripts</p>'), []);
});

test('a page gets a CSP naming its inline script by hash: no other inline script runs', async () => {
  const res = await docsApp(built).request('/docs/');
  assert.is(res.status, 200);
  assert.match(await res.text(), /<h1>digitnet<\/h1>/);
  const policy = csp(res);
  assert.is(policy, docsCsp([sha(THEME_SCRIPT)]));
  const scriptSrc = policy.split('; ').find((d) => d.startsWith('script-src ')) ?? '';
  assert.is(scriptSrc, `script-src 'self' ${sha(THEME_SCRIPT)}`);
  assert.not.match(policy, /unsafe-eval|\*/);
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /frame-ancestors 'none'/);
  // The app's other secure headers are kept.
  assert.is(res.headers.get('X-Content-Type-Options'), 'nosniff');
  assert.is(res.headers.get('Cache-Control'), 'no-cache');
});

test('pages in folders and assets are served; an asset gets the policy without hashes', async () => {
  const tensor = await docsApp(built).request('/docs/classes/Tensor.html');
  assert.is(tensor.status, 200);
  assert.match(csp(tensor), new RegExp(sha(THEME_SCRIPT).replace(/[+/]/g, '\\$&')));
  const js = await docsApp(built).request('/docs/assets/main.js');
  assert.is(js.status, 200);
  assert.match(js.headers.get('Content-Type') ?? '', /javascript/);
  assert.is(csp(js), docsCsp([]));
});

test('/docs redirects to /docs/ (the pages link relatively); unknown paths are a JSON 404', async () => {
  const app = docsApp(built);
  const bare = await app.request('/docs');
  assert.is(bare.status, 301);
  assert.is(bare.headers.get('Location'), '/docs/');
  const none = await app.request('/docs/classes/Nope.html');
  assert.is(none.status, 404);
  assert.match(
    ((await none.json()) as { error: string }).error,
    /no page \/docs\/classes\/Nope\.html/,
  );
  const up = await app.request('/docs/../package.json');
  assert.is(up.status, 404);
});

test('not built: every /docs path says how to build it, as JSON or, to a browser, as a page', async () => {
  const app = docsApp(missing);
  const json = await app.request('/docs/');
  assert.is(json.status, 404);
  assert.match(((await json.json()) as { error: string }).error, /not built: run `npm run docs`/);
  const html = await app.request('/docs/classes/Tensor.html', {
    headers: { Accept: 'text/html,application/xhtml+xml' },
  });
  assert.is(html.status, 404);
  assert.match(await html.text(), /<code>npm run docs<\/code>/);
});

test('the app serves /docs with the reference policy, and keeps its own policy elsewhere', async () => {
  const t = await testApp();
  try {
    const app = createApp({ db: t.db, model: t.model, config: { ...t.config, docsDir: built } });
    const docs = await app.request('/docs/');
    assert.is(docs.status, 200);
    assert.is(csp(docs), docsCsp([sha(THEME_SCRIPT)]));
    const api = await app.request('/api/model');
    assert.is(api.status, 200);
    assert.match(csp(api), /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.is(csp(api).includes('sha256-'), false);
    const unbuilt = createApp({
      db: t.db,
      model: t.model,
      config: { ...t.config, docsDir: missing },
    });
    assert.is((await unbuilt.request('/docs/')).status, 404);
  } finally {
    await t.close();
  }
});

// The real reference, when `npm run docs` has been run in this checkout: every page's inline
// scripts are the ones its policy names (TypeDoc's theme script, as the fixture above assumes).
test('the built reference (when docs/api exists): each page served is allowed its inline scripts', async () => {
  if (!existsSync(join(DOCS_DIR, 'index.html'))) {
    console.log('  (docs/api is not built here: run `npm run docs` to check the real pages)');
    return;
  }
  const app = docsApp(DOCS_DIR);
  for (const path of ['index.html', 'classes/_digitnet_core.index.Tensor.html']) {
    const res = await app.request(`/docs/${path}`);
    assert.is(res.status, 200, path);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0, `${path}: TypeDoc's inline theme script is gone`);
    for (const s of scripts) assert.ok(csp(res).includes(sha(s)), `${path}: ${s.slice(0, 60)}`);
    assert.equal(readFileSync(join(DOCS_DIR, path), 'utf8'), html);
  }
});

test.run();
