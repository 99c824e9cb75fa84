// Issue 15: the database freezing, dying, or left running by a killed server, against the real
// server and real PostgreSQL clusters of their own. Each test failed before its fix.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../src/config.js';
import { EmbeddedDatabase } from '../src/db/embedded.js';
import { freePort } from '../src/db/free-port.js';
import { createLogger } from '../src/log.js';
import { startServer } from '../src/server.js';
import { errorOf } from './support/http.js';
import { writeModel } from './support/model.js';
import { dataUrl, drawingPng } from './support/png.js';
import { freshDatabase, startCluster } from './support/postgres.js';
import { testServer } from './support/server.js';
import { tempDir } from './support/temp.js';

const png = await drawingPng({ digit: 7 });
const submission = JSON.stringify({ drawing: dataUrl(png), label: 7 });
const post = (url: string) =>
  fetch(`${url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: submission,
  });
const total = async (url: string) =>
  ((await (await fetch(`${url}/api/stats`)).json()) as { total: number }).total;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with `promise`, or fails the test after `ms`. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` every 200 ms until it is true; fails after `ms`. */
async function until(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) assert.unreachable(`${what}: not within ${ms} ms`);
    await sleep(200);
  }
}

/** The postmaster's pid from its lock file. */
async function postmasterPid(dataDir: string): Promise<number> {
  return Number.parseInt(
    (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
    10,
  );
}

/** The postmaster and its children (the backends and background workers). */
async function clusterPids(postmaster: number): Promise<number[]> {
  const pids = [postmaster];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 4 (after the parenthesised command name) is the parent pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) pids.push(Number(entry));
  }
  return pids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('4. with PostgreSQL frozen, writes and stats answer 503 with Retry-After within the timeout', async () => {
  const cluster = await startCluster();
  const database = await freshDatabase({ cluster, migrate: false });
  await database.close();
  const s = await testServer({ databaseUrl: database.url, databaseTimeoutMs: 1000 });
  let frozen: number[] = [];
  try {
    assert.is((await post(s.url)).status, 201);
    frozen = await clusterPids(await postmasterPid(cluster.dir));
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    const write = await within(15_000, 'POST /api/submissions', post(s.url));
    assert.match(await errorOf(write, 503), /did not answer in time.*not completed/);
    assert.is(write.headers.get('Retry-After'), '5');
    const stats = await within(15_000, 'GET /api/stats', s.fetch('/api/stats'));
    assert.is(stats.status, 503);
    assert.is(stats.headers.get('Retry-After'), '5');
    // Many at once: each still answers in time (the pool's queue does not grow without bound).
    const burst = await within(
      15_000,
      'a burst of 20',
      Promise.all([...Array(20)].map(() => post(s.url))),
    );
    assert.ok(burst.every((r) => r.status === 503));
  } finally {
    for (const pid of frozen) process.kill(pid, 'SIGCONT');
  }
  await until(20_000, 'a write after the thaw', async () => (await post(s.url)).status === 201);
  await s.close();
  await cluster.stop();
});

/** The embedded server's config on `dataDir`. */
async function embeddedConfig(dataDir: string) {
  const dir = tempDir('emb');
  return {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    modelPath: await writeModel(dir),
    adminToken: null,
    uiDir: `${dir}/no-ui`,
  };
}

test('3. when the embedded PostgreSQL dies it is started again; when it cannot be, /healthz says so', async () => {
  const lines: string[] = [];
  const dataDir = join(tempDir('sup'), 'data');
  const server = await startServer(
    await embeddedConfig(dataDir),
    createLogger('info', (l) => lines.push(l)),
  );
  const embedded = server.embedded;
  assert.ok(embedded);
  try {
    assert.is((await post(server.url)).status, 201);
    process.kill(await postmasterPid(embedded.dir), 'SIGKILL');
    await until(
      60_000,
      'a write after the restart',
      async () => (await post(server.url)).status === 201,
    );
    assert.is(embedded.restarts, 1);
    assert.is(embedded.state, 'running');
    assert.is(await total(server.url), 2);
    assert.is((await fetch(`${server.url}/healthz`)).status, 200);

    // Now make it unstartable and kill it again: after the retries, /healthz is a 503.
    await appendFile(join(embedded.dir, 'postgresql.conf'), '\nshared_buffers = nonsense\n');
    process.kill(await postmasterPid(embedded.dir), 'SIGKILL');
    await until(60_000, '/healthz 503', async () => {
      return (await fetch(`${server.url}/healthz`)).status === 503;
    });
    const health = await fetch(`${server.url}/healthz`);
    const error = await errorOf(health, 503);
    assert.match(error, /could not be restarted.*restart the server/);
    assert.not.ok(error.includes(dataDir), 'no folder in a public answer');
    assert.ok(lines.some((l) => /could not be restarted after 5 attempts/.test(l)));
  } finally {
    await server.close();
  }
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

async function listening(child: ReturnType<typeof main>): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!/listening on http/.test(child.output())) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      assert.unreachable(`main did not start:\n${child.output()}`);
    }
    await sleep(100);
  }
}

test('2. after the server is SIGKILLed, the next start stops its orphaned PostgreSQL and serves', async () => {
  const config = await embeddedConfig(join(tempDir('orphan'), 'data'));
  const env = {
    PORT: String(await freePort()),
    DATA_DIR: config.dataDir,
    MODEL_PATH: config.modelPath,
    LOG_LEVEL: 'info',
  };
  const url = `http://127.0.0.1:${env.PORT}`;
  const first = main(env);
  let second: ReturnType<typeof main> | undefined;
  try {
    await listening(first);
    assert.is((await post(url)).status, 201);
    const orphan = await postmasterPid(join(config.dataDir, 'postgres'));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    assert.ok(alive(orphan), 'the killed server left its PostgreSQL running');

    second = main(env);
    const started = second;
    const exit = new Promise<number | null>((r) => started.once('exit', (code) => r(code)));
    await listening(second);
    assert.match(
      second.output(),
      new RegExp(`stopping an orphaned embedded PostgreSQL \\(pid ${orphan}\\)`),
    );
    assert.not.ok(alive(orphan));
    assert.is(await total(url), 1, 'the acknowledged row survived');
    assert.is((await post(url)).status, 201);
    // A second server on the same folder while this one runs: refused, and this one unharmed.
    try {
      await EmbeddedDatabase.open({ dir: join(config.dataDir, 'postgres') });
      assert.unreachable('a second server took over a running cluster');
    } catch (err) {
      assert.match(String(err), new RegExp(`belongs to the running process ${second.pid}`));
    }
    assert.is((await post(url)).status, 201);
    second.kill('SIGTERM');
    assert.is(await exit, 0, second.output());
  } catch (err) {
    console.error(`first:\n${first.output()}\nsecond:\n${second?.output()}`);
    throw err;
  } finally {
    for (const child of [first, second])
      if (child && child.exitCode === null) child.kill('SIGKILL');
  }
});

test.run();
