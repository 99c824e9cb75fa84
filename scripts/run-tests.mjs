// Runs every workspace's uvu tests (TypeScript through tsx), one process per package, one after
// another, then prints one summary line: "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const only = process.argv[2]; // optional: a workspace folder, e.g. packages/core
const uvuBin = join(root, 'node_modules/uvu/bin.js');

// Plain output (no colour codes), so the totals parse the same in a terminal and in CI.
const { FORCE_COLOR: _forced, ...inherited } = process.env;
const plainEnv = { ...inherited, NO_COLOR: '1' };

let passed = 0;
let failed = 0;
let skipped = 0;
for (const ws of rootPkg.workspaces) {
  if (only && ws !== only) continue;
  const testDir = join(root, ws, 'test');
  if (!existsSync(testDir)) continue;
  console.log(`\n# ${ws}`);
  // `source`: workspace packages import each other's TypeScript sources, never a stale dist/.
  const args = ['--conditions=source', '--import', 'tsx', uvuBin, 'test', '\\.test\\.ts$'];
  const run = spawnSync(process.execPath, args, {
    cwd: join(root, ws),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: plainEnv,
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(run.stdout);
  const count = (label) => Number(run.stdout.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);
  const total = count('Total');
  const ok = count('Passed');
  const skip = count('Skipped');
  passed += ok;
  skipped += skip;
  failed += total - ok - skip;
  // A package whose runner crashed before reporting (e.g. a file failed to import) counts as a failure.
  if (run.status !== 0 && total - ok - skip === 0) failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
