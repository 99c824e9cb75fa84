// The test runner that CI trusts: its counts from uvu's output and exit status, and `npm test` in a
// throwaway workspace with a deliberately failing test file.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageCounts, summaryLine, totalCounts } from '../test-summary.mjs';

// uvu's closing block as it prints it with colours off.
const uvuSummary = (total: number, passed: number, skipped: number) =>
  `\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  1.23s\n\n`;

test('a clean pass: every test passed, exit 0', () => {
  const counts = packageCounts({
    stdout: `a.test.ts\n• • •   (3 / 3)\n${uvuSummary(3, 3, 0)}`,
    status: 0,
  });
  assert.equal(counts, { passed: 3, failed: 0, skipped: 0 });
  assert.equal(totalCounts([counts]), { passed: 3, failed: 0, skipped: 0, exitCode: 0 });
  assert.is(summaryLine(counts), '3 passed, 0 failed');
});

test('skips never subtract from failures: uvu leaves them out of Total', () => {
  // The bug this runner replaced counted Total − Passed − Skipped: 3 skips hid 3 failures.
  const stdout = `  FAIL  "x"\n  FAIL  "y"\n  FAIL  "z"\n${uvuSummary(10, 7, 3)}`;
  const counts = packageCounts({ stdout, status: 1 });
  assert.equal(counts, { passed: 7, failed: 3, skipped: 3, problem: 'exited with status 1' });
  assert.is(summaryLine(counts), '7 passed, 3 failed, 3 skipped');
  assert.is(totalCounts([counts]).exitCode, 1);
});

test('a coloured summary parses the same as a plain one', () => {
  const coloured =
    '\n  Total:     4\x1b[32m\n  Passed:    3\x1b[39m\n  Skipped:   \x1b[33m1\x1b[39m\n';
  assert.equal(packageCounts({ stdout: coloured, status: 1 }).failed, 1);
  assert.equal(packageCounts({ stdout: coloured, status: 1 }).skipped, 1);
});

test('skips alone: counted and printed, the run still passes', () => {
  const counts = packageCounts({ stdout: uvuSummary(5, 5, 2), status: 0 });
  assert.equal(counts, { passed: 5, failed: 0, skipped: 2 });
  assert.is(summaryLine(counts), '5 passed, 0 failed, 2 skipped');
  assert.is(totalCounts([counts]).exitCode, 0);
});

test('a crash before the summary (a file that fails to import) is a failure', () => {
  const counts = packageCounts({ stdout: 'a.test.ts\n• • ', status: 1 });
  assert.is(counts.failed, 1);
  assert.is(counts.problem, 'ended before uvu printed its summary');
  assert.is(totalCounts([{ passed: 40, failed: 0, skipped: 0 }, counts]).exitCode, 1);
});

test('a non-zero exit after an all-passing summary (an unhandled rejection) is a failure', () => {
  const counts = packageCounts({ stdout: uvuSummary(4, 4, 0), status: 1 });
  assert.equal(counts, { passed: 4, failed: 1, skipped: 0, problem: 'exited with status 1' });
});

test('a process killed by a signal is a failure', () => {
  const counts = packageCounts({ stdout: 'a.test.ts\n• ', status: null, signal: 'SIGKILL' });
  assert.is(counts.failed, 1);
  assert.ok(counts.problem);
});

test('no output and exit 0 (nothing ran) is a failure, never a silent pass', () => {
  assert.is(packageCounts({ stdout: '', status: 0 }).failed, 1);
});

test('counts add across packages and can never go negative', () => {
  const totals = totalCounts([
    packageCounts({ stdout: uvuSummary(2, 2, 9), status: 0 }),
    packageCounts({ stdout: uvuSummary(3, 1, 0), status: 1 }),
  ]);
  assert.equal(totals, { passed: 3, failed: 2, skipped: 9, exitCode: 1 });
});

// A throwaway workspace that runs the real runner through `npm test`.
const repoRoot = new URL('../../', import.meta.url).pathname;

function npmTestIn(files: Record<string, string>, env: NodeJS.ProcessEnv = process.env) {
  const dir = mkdtempSync(join(tmpdir(), 'digitnet-runner-'));
  try {
    mkdirSync(join(dir, 'scripts'));
    for (const f of ['run-tests.mjs', 'test-summary.mjs']) {
      copyFileSync(join(repoRoot, 'scripts', f), join(dir, 'scripts', f));
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const pkg = { name: 'runner-check', private: true, type: 'module', workspaces: ['pkg'] };
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ ...pkg, scripts: { test: 'node scripts/run-tests.mjs' } }),
    );
    mkdirSync(join(dir, 'pkg/test'), { recursive: true });
    writeFileSync(join(dir, 'pkg/package.json'), '{"name":"pkg","private":true,"type":"module"}');
    for (const [name, text] of Object.entries(files))
      writeFileSync(join(dir, 'pkg/test', name), text);
    const run = spawnSync('npm', ['test'], { cwd: dir, encoding: 'utf8', env });
    const lines = run.stdout.trimEnd().split('\n');
    return { status: run.status, last: lines.at(-1), output: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const passing = `import { test } from 'uvu';\nimport * as assert from 'uvu/assert';
test('passes', () => assert.is(1 + 1, 2));\ntest.run();\n`;

test('npm test in a workspace with a deliberately failing test exits 1 with "1 failed"', () => {
  const failing = `import { test } from 'uvu';\nimport * as assert from 'uvu/assert';
test.skip('skipped', () => {});\ntest('fails', () => assert.is(1 + 1, 3));\ntest.run();\n`;
  const run = npmTestIn({ 'a.test.ts': passing, 'b.test.ts': failing });
  assert.is(run.status, 1, run.output);
  assert.is(run.last, '1 passed, 1 failed, 1 skipped', run.output);
  assert.match(run.output, /pkg: 1 passed, 1 failed, 1 skipped \(\d+\.\d s\)/);
});

test('npm test where a test file cannot even load exits 1', () => {
  const run = npmTestIn({ 'a.test.ts': passing, 'b.test.ts': "import './missing.js';\n" });
  assert.is(run.status, 1, run.output);
  assert.match(run.last ?? '', / [1-9]\d* failed$/);
});

// A test that starts a process of its own with FORCE_COLOR set, as some tools do for their children.
const spawnsColoured = `import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
test('starts a coloured child', () => {
  execFileSync(process.execPath, ['--import', 'tsx', '-e', '1'], {
    env: { ...process.env, FORCE_COLOR: '1' },
    stdio: 'inherit',
  });
});
test.run();
`;

test('npm test where everything passes exits 0, with no colour warning under NO_COLOR + FORCE_COLOR', () => {
  // Both set is what a CI shell with a forced-colour terminal gives; Node warns about it in every child.
  const run = npmTestIn(
    { 'a.test.ts': passing, 'b.test.ts': spawnsColoured },
    { ...process.env, NO_COLOR: '1', NODE_DISABLE_COLORS: '1', FORCE_COLOR: '1' },
  );
  assert.is(run.status, 0, run.output);
  assert.is(run.last, '2 passed, 0 failed');
  assert.not.match(run.output, /NO_COLOR|FORCE_COLOR|NODE_DISABLE_COLORS/);
});

test.run();
