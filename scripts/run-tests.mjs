// Runs every workspace's uvu tests (TypeScript through tsx), one process per package, one after
// another, plus the repo's own scripts/test. Prints each package's counts and duration, then one
// closing line alone: "N passed, N failed[, N skipped]". Exits 1 when any package failed or its
// process exited non-zero.
// Usage: node scripts/run-tests.mjs [workspace folder, e.g. packages/core]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageCounts, summaryLine, totalCounts } from './test-summary.mjs';

const root = new URL('..', import.meta.url).pathname;
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const only = process.argv[2]?.replace(/\/+$/, '');
const uvuBin = join(root, 'node_modules/uvu/bin.js');
const suites = [...rootPkg.workspaces, 'scripts'].filter((ws) => !only || ws === only);
if (only && suites.length === 0) {
  console.error(
    `run-tests: no workspace "${only}"; expected one of ${rootPkg.workspaces.join(', ')}, scripts`,
  );
  process.exit(2);
}

// Plain output: the children write to a pipe, so nothing colours it unless a colour variable says
// so. None is passed on: Node warns in every process that sees FORCE_COLOR beside NO_COLOR or
// NODE_DISABLE_COLORS, and some tools set FORCE_COLOR for the processes they start.
const {
  FORCE_COLOR: _force,
  NO_COLOR: _no,
  NODE_DISABLE_COLORS: _disable,
  ...plainEnv
} = process.env;

const results = [];
for (const ws of suites) {
  const testDir = join(root, ws, 'test');
  if (!existsSync(testDir)) continue;
  console.log(`\n# ${ws}`);
  const started = performance.now();
  // `source`: workspace packages import each other's TypeScript sources, never a stale dist/.
  const args = ['--conditions=source', '--import', 'tsx', uvuBin, 'test', '\\.test\\.ts$'];
  const run = spawnSync(process.execPath, args, {
    cwd: join(root, ws),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: plainEnv,
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(run.stdout ?? '');
  if (run.error) console.log(`could not run the tests: ${run.error.message}`);
  const counts = packageCounts({
    stdout: run.stdout ?? '',
    status: run.status,
    signal: run.signal,
  });
  results.push({ ws, seconds: (performance.now() - started) / 1000, ...counts });
}

console.log('');
for (const r of results) {
  const why = r.problem ? ` — ${r.problem}` : '';
  console.log(`${r.ws}: ${summaryLine(r)} (${r.seconds.toFixed(1)} s)${why}`);
}
const totals = totalCounts(results);
console.log(`\n${summaryLine(totals)}`);
process.exit(totals.exitCode);
