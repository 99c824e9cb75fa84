import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../src/config.js';
import { freePort } from '../src/db/free-port.js';
import { silentLogger } from '../src/log.js';
import { startServer } from '../src/server.js';
import { writeModel } from './support/model.js';
import { drawingPng } from './support/png.js';
import { freshDatabase } from './support/postgres.js';
import { tempDir } from './support/temp.js';

const dir = tempDir('server');
const modelPath = await writeModel(dir);
const png = await drawingPng({ digit: 7 });

/** POSTs the PNG in two halves, calling `between` after the first has reached the server. */
function slowPredict(port: number, between: () => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port,
        method: 'POST',
        path: '/api/predict',
        headers: { 'Content-Type': 'image/png', 'Content-Length': png.length },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.write(png.subarray(0, 1000));
    setTimeout(() => {
      between();
      setTimeout(() => req.end(png.subarray(1000)), 100);
    }, 200);
  });
}

test('startServer: embedded database, migrations, model, HTTP; close() lets a request in flight finish', async () => {
  const dataDir = join(dir, 'data');
  const server = await startServer(
    { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, modelPath, adminToken: null },
    silentLogger,
  );
  const ready = await fetch(`${server.url}/readyz`);
  assert.is(ready.status, 200);
  assert.ok(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), 'the embedded database runs');

  let closed: Promise<void> | undefined;
  const inFlight = await slowPredict(server.port, () => {
    closed = server.close();
  });
  assert.is(inFlight.status, 200, inFlight.body);
  assert.is((JSON.parse(inFlight.body) as { pixels: number[] }).pixels.length, 784);
  await closed;
  try {
    await fetch(`${server.url}/healthz`);
    assert.unreachable('the server still accepts connections');
  } catch (err) {
    assert.match(String((err as { cause?: unknown }).cause ?? err), /ECONNREFUSED/);
  }
  assert.not.ok(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), 'the database stopped');
});

test('startServer again on the same data folder: the cluster and its rows are still there', async () => {
  const config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    modelPath,
    adminToken: null,
  };
  const first = await startServer(config, silentLogger);
  const res = await fetch(`${first.url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ drawing: `data:image/png;base64,${png.toString('base64')}`, label: 7 }),
  });
  assert.is(res.status, 201);
  await first.close();
  const second = await startServer(config, silentLogger);
  const stats = (await (await fetch(`${second.url}/api/stats`)).json()) as { total: number };
  assert.is(stats.total, 1);
  await second.close();
});

/** Runs src/main.ts as `npm start` does, with `env`. */
function main(env: Record<string, string>): ChildProcess & { output: () => string } {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(root, 'src/main.ts')],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  return Object.assign(child, { output: () => output });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

test('main: serves with DATABASE_URL, and exits 0 after SIGTERM', async () => {
  const database = await freshDatabase({ migrate: false });
  await database.close();
  const port = await freePort();
  const child = main({
    PORT: String(port),
    DATABASE_URL: database.url,
    MODEL_PATH: modelPath,
    LOG_LEVEL: 'info',
  });
  const exit = exited(child);
  const deadline = Date.now() + 60_000;
  while (!/listening on/.test(child.output())) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      assert.unreachable(`main did not start:\n${child.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  assert.is(res.status, 200);
  child.kill('SIGTERM');
  assert.is(await exit, 0, child.output());
  const log = child.output();
  assert.match(log, /migrations: applied 001_submissions\.sql/);
  assert.match(log, /GET \/readyz 200/);
  assert.match(log, /SIGTERM received/);
  assert.match(log, /stopped/);
});

test('main: a bad environment exits 2 naming each bad variable', async () => {
  const child = main({ PORT: 'eighty', LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short' });
  assert.is(await exited(child), 2);
  const log = child.output();
  assert.match(log, /PORT="eighty"/);
  assert.match(log, /LOG_LEVEL="loud": expected one of debug, info/);
  assert.match(log, /ADMIN_TOKEN=\(5 characters, not shown\): expected at least 16 characters/);
  assert.not.match(log, /short/);
});

test.run();
