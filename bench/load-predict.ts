// Load on POST /api/predict over loopback: requests/s, latency percentiles and errors (autocannon).
// The server runs as `npm start` runs it, in a child process (so the load generator does not share
// its event loop), on a free port with an embedded PostgreSQL in a temp folder.
//
//   npm run load-predict --workspace bench -- --duration 10 --connections 8
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Generator, io, models } from '@digitnet/core';
import { saveSafetensors } from '@digitnet/core/node';
import { freePort } from '@digitnet/server';
import autocannon from 'autocannon';
import sharp from 'sharp';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    model: { type: 'string', default: join(root, 'models/mnist-cnn-f16.safetensors') },
    body: { type: 'string', default: 'png' },
    out: { type: 'string', default: join(root, 'bench/results') },
  },
});
const duration = Number(flags.duration);
const connections = Number(flags.connections);
if (!(duration > 0) || !Number.isInteger(connections) || connections < 1) {
  throw new Error('--duration must be seconds > 0 and --connections an integer ≥ 1');
}
if (flags.body !== 'png' && flags.body !== 'json') throw new Error('--body must be png or json');

const work = mkdtempSync(join(tmpdir(), 'digitnet-load-'));
// The embedded PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
chmodSync(work, 0o755);

/** The model to serve: the bundled one, or an untrained one of the same size when it is missing. */
async function modelFile(): Promise<{ path: string; note: string }> {
  if (existsSync(flags.model)) return { path: flags.model, note: flags.model };
  const model = models.mnistCnn({ factor: 16 }, { generator: new Generator(0) });
  const path = join(work, 'untrained-f16.safetensors');
  await saveSafetensors(path, model.stateDict(), {}, { dtypes: io.torchDtypes(model.stateDict()) });
  return { path, note: `untrained F=16 (${flags.model} not found; same size, same cost)` };
}

/** A 280x280 canvas with a drawn 7, as the browser sends it. */
function canvasPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280">
    <rect width="280" height="280" fill="black"/>
    <path d="M70 60 L210 60 L120 230" fill="none" stroke="white" stroke-width="18"
      stroke-linecap="round" stroke-linejoin="round"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready in 120 s:\n${log()}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const model = await modelFile();
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
        MODEL_PATH: model.path,
        LOG_LEVEL: 'warn',
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
  try {
    await waitReady(url, server, () => log);
    const png = await canvasPng();
    const first = (await (
      await fetch(`${url}/api/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: new Uint8Array(png),
      })
    ).json()) as { pixels: number[]; modelVersion: string };
    const request =
      flags.body === 'png'
        ? { headers: { 'content-type': 'image/png' }, body: png }
        : {
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ pixels: first.pixels }),
          };
    const result = await autocannon({
      url: `${url}/api/predict`,
      method: 'POST',
      connections,
      duration,
      ...request,
    });
    const summary = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      model: model.note,
      modelVersion: first.modelVersion,
      body: flags.body === 'png' ? `image/png, ${png.length} bytes (280x280)` : 'JSON pixels',
      connections,
      durationSeconds: duration,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
    };
    console.log(`POST /api/predict (${summary.body}), ${connections} connections, ${duration} s`);
    console.log(`model      ${summary.model} (${summary.modelVersion})`);
    console.log(`machine    ${summary.machine}`);
    console.log(`requests/s ${summary.requestsPerSecond.toFixed(1)} (${summary.requests} total)`);
    console.log(
      `latency    p50 ${summary.latencyMs.p50} ms, p90 ${summary.latencyMs.p90} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms`,
    );
    console.log(
      `errors     ${summary.errors} (timeouts ${summary.timeouts}, non-2xx ${summary.non2xx})`,
    );
    mkdirSync(flags.out, { recursive: true });
    const file = join(flags.out, `load-predict-${summary.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`wrote ${file}`);
    if (summary.errors + summary.timeouts + summary.non2xx > 0) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
