// Issue 15's load figure: `npm start` (embedded PostgreSQL) under autocannon over loopback, first
// POST /api/predict with a PNG, then POST /api/submissions; latency, errors, the server's RSS
// before and after, and a check that every acknowledged submission is in the database.
//
//   node --conditions=source --import tsx bench/load-server.ts --duration 60 --connections 32
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '@digitnet/server';
import autocannon from 'autocannon';
import sharp from 'sharp';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '32' },
    model: { type: 'string', default: join(root, 'models/mnist-cnn-f16.safetensors') },
  },
});
const duration = Number(flags.duration);
const connections = Number(flags.connections);
const token = 'load-test-admin-token-0123456789';

const work = mkdtempSync(join(tmpdir(), 'digitnet-load-'));
// The embedded PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
chmodSync(work, 0o755);

const rssMiB = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
};

const png = await sharp(
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280">
    <rect width="280" height="280" fill="black"/>
    <path d="M70 60 L210 60 L120 230" fill="none" stroke="white" stroke-width="18"
      stroke-linecap="round" stroke-linejoin="round"/></svg>`),
)
  .png()
  .toBuffer();

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
let log = '';
const server = spawn(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', join(root, 'packages/server/src/main.ts')],
  {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: join(work, 'data'),
      MODEL_PATH: flags.model,
      LOG_LEVEL: 'warn',
      ADMIN_TOKEN: token,
      // All load comes from one address: the per-client write limit would refuse it.
      WRITE_RATE_LIMIT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
server.stdout?.on('data', (d) => {
  log += d;
});
server.stderr?.on('data', (d) => {
  log += d;
});

async function run(name: string, opts: autocannon.Options, acked?: Set<number>) {
  const before = rssMiB(server.pid as number);
  const load = loadavg()[0];
  const result = await autocannon({
    ...opts,
    connections,
    duration,
    // On a shared 2-core machine a request may wait seconds: count it as an error only after 60 s.
    timeout: 60,
    setupClient: acked
      ? (client) => {
          client.on('body', (body: Buffer) => {
            const id = (JSON.parse(body.toString()) as { id?: number }).id;
            if (typeof id === 'number') acked.add(id);
          });
        }
      : undefined,
  });
  const after = rssMiB(server.pid as number);
  console.log(
    `${name}: ${result.requests.total} requests (${result.requests.average.toFixed(1)}/s), ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
      `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}; ` +
      `server RSS ${before} → ${after} MiB; load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  );
  return result;
}

try {
  const deadline = Date.now() + 120_000;
  while (
    !(await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`not ready:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(
    `${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, ${connections} connections, ${duration} s each`,
  );
  console.log(`server RSS at start ${rssMiB(server.pid as number)} MiB`);
  const predict = await run('POST /api/predict (PNG)', {
    url: `${url}/api/predict`,
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: png,
  });
  const acked = new Set<number>();
  const submit = await run(
    'POST /api/submissions',
    {
      url: `${url}/api/submissions`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        drawing: `data:image/png;base64,${png.toString('base64')}`,
        label: 7,
      }),
    },
    acked,
  );
  // Every id the server acknowledged with 201 must be in the export.
  const stored = new Set<number>();
  for (let cursor: string | null = '0'; cursor !== null; ) {
    const page = (await (
      await fetch(`${url}/api/submissions?limit=500&cursor=${cursor}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { items: { id: number }[]; nextCursor: string | null };
    for (const item of page.items) stored.add(item.id);
    cursor = page.nextCursor;
  }
  const missing = [...acked].filter((id) => !stored.has(id));
  console.log(
    `acknowledged submissions ${acked.size} (201s: ${submit['2xx']}), stored ${stored.size}, ` +
      `acknowledged but missing ${missing.length}`,
  );
  const bad = [predict, submit].reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
  if (bad > 0 || missing.length > 0 || acked.size !== submit['2xx']) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}
