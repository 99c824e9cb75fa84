// End to end on this machine: Debian's caddy with the project's Caddyfile (SITE_ADDRESS=localhost,
// Caddy's local CA, free high ports) in front of the real server (startServer with its embedded
// PostgreSQL and a small model), fetched over HTTPS and trusting only that CA's root; then the
// production bundle (deploy/build-server.mjs), started as the image starts it, against the same
// PostgreSQL through DATABASE_URL.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { io, models } from '@digitnet/core';
import { saveSafetensors } from '@digitnet/core/node';
import {
  connect,
  freePort,
  loadConfig,
  type RunningServer,
  silentLogger,
  startServer,
} from '@digitnet/server';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CADDYFILE, caddyBinary, caddyEnv } from './support/caddy.js';
import { REPO } from './support/files.js';
import { type Child, start, tempDir } from './support/processes.js';

const dir = tempDir('e2e');
// Bigger than Caddy's 512-byte minimum for compressing, and repetitive so that gzip shows.
const INDEX_HTML = `<!doctype html><html><head><title>digitnet</title></head><body>${'<p>Draw a digit.</p>\n'.repeat(200)}</body></html>\n`;

let server: RunningServer;
let caddy: Child;
let rootCa: Buffer;
let httpsPort: number;
let httpPort: number;

/** A response: status, headers, raw body, and the certificate's issuer when over TLS. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  issuer?: string;
}

/** GET https://localhost:PORT/path through Caddy, trusting only Caddy's local root. */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: httpsPort,
        path,
        ca: rootCa,
        headers: { Host: `localhost:${httpsPort}`, ...headers },
      },
      (res) => {
        // Read now: the socket goes back to the agent's pool when the body ends.
        const issuer = String((res.socket as TLSSocket).getPeerCertificate().issuer?.CN);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            issuer,
          });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path}: no answer in 10 s`)));
    req.end();
  });
}

test.before(async () => {
  const model = models.mnistCnn({ factor: 4 });
  const modelPath = join(dir, 'model.safetensors');
  const dict = model.stateDict();
  await saveSafetensors(modelPath, dict, {}, { dtypes: io.torchDtypes(dict) });
  model.dispose();
  const uiDir = join(dir, 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), INDEX_HTML);

  server = await startServer(
    {
      ...loadConfig({}),
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'data'),
      modelPath,
      uiDir,
      adminToken: null,
    },
    silentLogger,
  );

  httpsPort = await freePort();
  httpPort = await freePort();
  const { env, dataDir } = caddyEnv({
    SITE_ADDRESS: 'localhost',
    HTTPS_PORT: String(httpsPort),
    HTTP_PORT: String(httpPort),
    APP_HOST: '127.0.0.1',
    APP_PORT: String(server.port),
    CADDY_ADMIN: 'off',
  });
  caddy = start(caddyBinary(), ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], { env });
  // The local CA is created at start-up; the site's certificate right after it.
  await caddy.waitFor(
    /certificate obtained successfully|"msg":"serving initial configuration"/,
    20_000,
  );
  const rootPath = join(dataDir, 'caddy/pki/authorities/local/root.crt');
  for (let i = 0; i < 100 && !existsSync(rootPath); i++)
    await new Promise((r) => setTimeout(r, 100));
  rootCa = readFileSync(rootPath);
  for (let i = 0; ; i++) {
    try {
      await get('/healthz');
      break;
    } catch (err) {
      if (i >= 50) throw new Error(`caddy never answered over HTTPS: ${err}\n${caddy.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
});

test.after(async () => {
  await caddy?.stop();
  await server?.close();
});

test("GET /readyz over HTTPS: 200 from the app, a certificate from Caddy's local CA", async () => {
  const res = await get('/readyz');
  assert.is(res.status, 200, res.body.toString());
  assert.is((JSON.parse(res.body.toString()) as { status: string }).status, 'ready');
  assert.match(res.issuer ?? '', /^Caddy Local Authority/);
});

test("headers: Caddy adds Permissions-Policy and drops Server and HSTS on localhost; the app's CSP stays", async () => {
  const res = await get('/readyz');
  assert.match(String(res.headers['permissions-policy']), /camera=\(\)/);
  assert.is(res.headers.server, undefined);
  assert.is(res.headers['strict-transport-security'], undefined, 'no HSTS pinned on localhost');
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/, "the app's own CSP, not Caddy's default");
  assert.match(csp, /frame-ancestors 'none'/);
  assert.is(res.headers['x-content-type-options'], 'nosniff');
  assert.is(res.headers['referrer-policy'], 'no-referrer', "the app's Referrer-Policy wins");
});

test('GET / with Accept-Encoding: gzip is compressed by Caddy; zstd when asked first', async () => {
  const gz = await get('/', { 'Accept-Encoding': 'gzip' });
  assert.is(gz.status, 200);
  assert.is(gz.headers['content-encoding'], 'gzip');
  assert.match(String(gz.headers.vary), /Accept-Encoding/i);
  assert.ok(gz.body.length < INDEX_HTML.length / 5, `${gz.body.length} compressed bytes`);
  assert.is(gunzipSync(gz.body).toString(), INDEX_HTML);
  const zstd = await get('/', { 'Accept-Encoding': 'zstd, gzip' });
  assert.is(zstd.headers['content-encoding'], 'zstd');
  const plain = await get('/', { 'Accept-Encoding': 'identity' });
  assert.is(plain.headers['content-encoding'], undefined);
  assert.is(plain.body.toString(), INDEX_HTML);
});

test('plain HTTP redirects to HTTPS', async () => {
  const res = await new Promise<Answer>((resolve, reject) => {
    httpRequest(
      { host: '127.0.0.1', port: httpPort, path: '/readyz', headers: { Host: 'localhost' } },
      (r) => {
        r.resume();
        r.on('end', () =>
          resolve({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.alloc(0) }),
        );
      },
    )
      .on('error', reject)
      .end();
  });
  assert.is(res.status, 308);
  // Caddy 2.6 leaves a non-default HTTPS port out of the Location; production uses 443.
  assert.match(String(res.headers.location), /^https:\/\/localhost(:\d+)?\/readyz$/);
});

test('the access log: one JSON line per request on stdout', async () => {
  await get('/readyz?from=access-log-test');
  let line: { request?: { uri?: string }; status?: number } | undefined;
  for (let i = 0; i < 20 && !line; i++) {
    line = caddy
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { request?: { uri?: string }; status?: number })
      .find((l) => l.request?.uri === '/readyz?from=access-log-test');
    if (!line) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(line, caddy.stdout());
  assert.is(line?.status, 200);
});

test('the production bundle: built like the image, it migrates and serves through DATABASE_URL', async () => {
  // The image's layout: ROOT/packages/server/dist/main.js beside ROOT/db and ROOT/node_modules.
  const root = tempDir('bundle');
  const build = start(process.execPath, [join(REPO, 'deploy/build-server.mjs'), '--root', root], {
    env: { PATH: process.env.PATH ?? '' },
  });
  assert.is(await build.exited, 0, build.output());
  copyFileSync(
    join(REPO, 'packages/server/package.json'),
    join(root, 'packages/server/package.json'),
  );
  symlinkSync(join(REPO, 'db'), join(root, 'db'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));

  const admin = connect(server.embedded?.url ?? '', { max: 1 });
  await admin.unsafe('create database bundle_test');
  await admin.end();
  const url = (server.embedded?.url ?? '').replace(/\/postgres$/, '/bundle_test');
  const port = await freePort();
  const app = start(
    'sh',
    [
      join(REPO, 'deploy/docker-entrypoint.sh'),
      process.execPath,
      '--enable-source-maps',
      join(root, 'packages/server/dist/main.js'),
    ],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        MODEL_PATH: join(dir, 'model.safetensors'),
        UI_DIR: join(dir, 'ui'),
      },
    },
  );
  try {
    await app.waitFor(/listening on/, 20_000);
    assert.match(app.output(), /migrations: applied 001_submissions/);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.is(ready.status, 200, await ready.clone().text());
    const body = (await ready.json()) as { checks: { database: string; model: string } };
    assert.is(body.checks.database, 'ok');
    assert.match(body.checks.model, /^model@[0-9a-f]{8}$/);
    // The kernels were copied beside the bundle: the model runs on wasm, not the cpu fallback.
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      backend: string;
    };
    assert.match(health.backend, /^wasm/);
    assert.is(await app.stop(), 0, 'SIGTERM: a graceful exit');
    assert.match(app.output(), /SIGTERM received[\s\S]*stopped/);
  } finally {
    await app.stop();
  }
});

test.run();
