// The Dockerfile read line by line: its stages, what each installs and copies, the non-root user,
// the HEALTHCHECK on /readyz; .dockerignore against what the Dockerfile copies; the entrypoint.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  dockerIgnored,
  execForm,
  expandArgs,
  type Instruction,
  parseDockerfile,
  REPO,
  readDockerignore,
  repoFile,
} from './support/files.js';
import { run } from './support/processes.js';

const dockerfile = parseDockerfile(repoFile('Dockerfile'));
const stage = (name: string) => {
  const s = dockerfile.stages.find((st) => st.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
};
const runtime = dockerfile.stages.at(-1) as (typeof dockerfile.stages)[number];
const of = (instructions: Instruction[], keyword: string) =>
  instructions.filter((i) => i.keyword === keyword);
const runs = (name: string) =>
  of(stage(name).instructions, 'RUN')
    .map((i) => i.args)
    .join('\n');
const workspaces = (JSON.parse(repoFile('package.json')) as { workspaces: string[] }).workspaces;

test('stages: build, prod-deps, then the runtime stage last, all on slim Node 20', () => {
  assert.equal(
    dockerfile.stages.map((s) => s.name),
    ['build', 'prod-deps', 'runtime'],
  );
  for (const s of dockerfile.stages) {
    assert.match(expandArgs(s.image, dockerfile.globalArgs), /^node:20(\.\d+)*-[a-z]+-slim$/);
  }
});

test('build stage: npm ci with dev dependencies, then core, the wasm kernels, the UI and the server bundle', () => {
  const script = runs('build');
  assert.match(script, /npm ci\b/);
  assert.not.match(script, /--omit=dev/);
  assert.match(script, /npm run build --workspace packages\/core/);
  assert.match(script, /npm run build --workspace packages\/wasm/);
  assert.match(script, /npm run build --workspace packages\/ui/);
  assert.match(script, /node deploy\/build-server\.mjs/);
});

test('prod-deps stage: only the server workspace, without dev dependencies', () => {
  const script = runs('prod-deps');
  assert.match(script, /npm ci --omit=dev .*--workspace packages\/server/);
  assert.is(of(runtime.instructions, 'RUN').length, 0, 'nothing is installed in the final stage');
});

test('every workspace manifest is copied before npm ci (npm ci checks the whole lockfile)', () => {
  for (const name of ['build', 'prod-deps']) {
    const copies = of(stage(name).instructions, 'COPY').map((i) => i.args);
    const ci = stage(name).instructions.find((i) => i.keyword === 'RUN' && /npm ci/.test(i.args));
    for (const ws of workspaces) {
      const copy = stage(name).instructions.find(
        (i) => i.keyword === 'COPY' && i.args === `${ws}/package.json ${ws}/`,
      );
      assert.ok(copy, `${name}: COPY ${ws}/package.json (have: ${copies.join('; ')})`);
      assert.ok(copy && ci && copy.line < ci.line, `${name}: ${ws}'s manifest before npm ci`);
    }
  }
});

test('runtime: a non-root USER before the command, and the app, db and models copied in', () => {
  const users = of(runtime.instructions, 'USER');
  assert.is(users.length, 1);
  assert.not.match(users[0].args, /^(root|0)(:|$)/);
  const cmd = of(runtime.instructions, 'CMD')[0];
  assert.ok(users[0].line < cmd.line);
  const copies = of(runtime.instructions, 'COPY').map((i) => i.args);
  for (const wanted of [
    '--from=prod-deps /app/node_modules ./node_modules',
    '--from=build /app/packages/server/dist ./packages/server/dist',
    '--from=build /app/packages/ui/dist ./packages/ui/dist',
    // "type": "module", which makes Node read the bundle as ESM.
    '--from=build /app/packages/server/package.json ./packages/server/',
    'db ./db',
    'models ./models',
  ]) {
    assert.ok(copies.includes(wanted), `COPY ${wanted}`);
  }
  assert.is(of(runtime.instructions, 'WORKDIR')[0]?.args, '/app');
});

test('runtime: the bundle at packages/server/dist/main.js, behind the DATABASE_URL entrypoint', () => {
  assert.equal(execForm(of(runtime.instructions, 'CMD')[0].args), [
    'node',
    '--enable-source-maps',
    'packages/server/dist/main.js',
  ]);
  assert.equal(execForm(of(runtime.instructions, 'ENTRYPOINT')[0].args), ['digitnet-entrypoint']);
  const copy = of(runtime.instructions, 'COPY').find((i) => i.args.endsWith('digitnet-entrypoint'));
  assert.is(
    copy?.args,
    '--chmod=755 deploy/docker-entrypoint.sh /usr/local/bin/digitnet-entrypoint',
  );
  assert.is(of(runtime.instructions, 'EXPOSE')[0]?.args, '3000');
  assert.match(of(runtime.instructions, 'ENV')[0]?.args ?? '', /NODE_ENV=production/);
});

test('HEALTHCHECK: GET /readyz with Node fetch (no curl in slim images), with timings', () => {
  const checks = of(runtime.instructions, 'HEALTHCHECK');
  assert.is(checks.length, 1);
  const { args } = checks[0];
  for (const option of ['--interval=', '--timeout=', '--start-period=', '--retries=']) {
    assert.ok(args.includes(option), `HEALTHCHECK ${option}`);
  }
  const command = execForm(args.slice(args.indexOf('CMD')));
  assert.is(command[0], 'node');
  assert.is(command[1], '-e');
  assert.match(
    command[2],
    /fetch\('http:\/\/127\.0\.0\.1:'\+\(process\.env\.PORT\|\|3000\)\+'\/readyz'\)/,
  );
  assert.not.match(args, /curl|wget/);
});

test('HEALTHCHECK script: exit 0 on 200, 1 on 503 and on a refused connection', async () => {
  const { args } = of(runtime.instructions, 'HEALTHCHECK')[0];
  const script = execForm(args.slice(args.indexOf('CMD')))[2];
  let status = 200;
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/readyz' ? status : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = String((server.address() as { port: number }).port);
  const probe = () =>
    new Promise<number | null>((resolve) => {
      execFile(process.execPath, ['-e', script], { env: { PORT: port } }).once('exit', resolve);
    });
  try {
    assert.is(await probe(), 0);
    status = 503;
    assert.is(await probe(), 1);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  assert.is(await probe(), 1, 'nothing listening');
});

test('.dockerignore: keeps node_modules, dist, .git, .data and .env out; lets in what is copied', () => {
  const patterns = readDockerignore();
  for (const path of [
    'node_modules/x',
    'packages/core/node_modules/x',
    'packages/ui/dist/index.html',
    '.git/HEAD',
    '.data/postgres',
    '.env',
    '.env.production',
    'backups/digitnet-20260101T000000Z.dump',
    'models/mnist-cnn-f16.checkpoint.safetensors',
  ]) {
    assert.ok(dockerIgnored(path, patterns), `${path} is left out`);
  }
  const sources = dockerfile.instructions
    .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
    .flatMap((i) =>
      i.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1),
    );
  for (const path of [
    ...sources,
    'models/mnist-cnn-f16.safetensors',
    'models/mnist-cnn-f16.json',
  ]) {
    assert.not.ok(dockerIgnored(path, patterns), `${path} is in the build context`);
  }
  for (const source of sources.filter((s) => s !== '.' && s !== 'models')) {
    assert.ok(existsSync(join(REPO, source)), `COPY ${source}: exists`);
  }
});

test('entrypoint: refuses to start without DATABASE_URL, else execs the command', () => {
  const script = join(REPO, 'deploy/docker-entrypoint.sh');
  const without = run('sh', [script, 'echo', 'started'], { env: { PATH: process.env.PATH ?? '' } });
  assert.is(without.status, 2);
  assert.match(without.stderr, /DATABASE_URL is not set/);
  assert.is(without.stdout, '');
  const withUrl = run('sh', [script, 'sh', '-c', 'echo "started as $$ with $DATABASE_URL"'], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://u:p@db:5432/d' },
  });
  assert.is(withUrl.status, 0, withUrl.stderr);
  // exec: the command replaces the script (same PID), so it gets docker's signals itself.
  assert.is(withUrl.stdout, `started as ${withUrl.pid} with postgres://u:p@db:5432/d\n`);
});

test.run();
