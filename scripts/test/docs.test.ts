import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The documentation must be real: the PyTorch → digitnet cheat sheet's digitnet column, taken top
// to bottom as one program, typechecks and runs against the workspace's @digitnet/core, and the
// API reference builds without a warning.
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The code spans of the digitnet column of the table after the cheat-sheet marker, in order. */
function cheatSheetCode(markdown: string): string[] {
  const after = markdown.split('<!-- cheat-sheet')[1];
  if (!after) throw new Error('docs/pytorch-to-digitnet.md has no cheat-sheet marker');
  const rows = after
    .split('\n')
    .slice(1)
    .filter((line) => line.startsWith('|'));
  const code: string[] = [];
  for (const row of rows.slice(2)) {
    // Cells are split on " | "; no digitnet code in the sheet contains that sequence.
    const digitnet = row.split(' | ')[1] ?? '';
    for (const m of digitnet.matchAll(/`([^`]+)`/g)) code.push(m[1]);
  }
  return code;
}

test('cheatSheetCode takes only the digitnet column, in order', () => {
  const md = [
    '<!-- cheat-sheet -->',
    '',
    '| PyTorch | digitnet |',
    '| --- | --- |',
    '| `torch.zeros(2)` | `zeros([2]);`, `ones([2]);` |',
    '| **Section** | |',
    '| `x.t()` | `x.transpose(0, 1);` (a note) |',
    '',
    'After the table: `not code`',
  ].join('\n');
  assert.equal(cheatSheetCode(md), ['zeros([2]);', 'ones([2]);', 'x.transpose(0, 1);']);
});

test('every line of the PyTorch → digitnet cheat sheet typechecks and runs', () => {
  const sheet = readFileSync(join(root, 'docs/pytorch-to-digitnet.md'), 'utf8');
  const code = cheatSheetCode(sheet);
  assert.ok(code.length > 50, `only ${code.length} code spans found`);
  // Inside the repo, so that '@digitnet/core' resolves to the workspace (the source condition).
  const dir = mkdtempSync(join(root, 'node_modules', '.docs-'));
  try {
    writeFileSync(join(dir, 'cheat-sheet.mts'), `${code.join('\n')}\nexport {};\n`);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'], customConditions: ['source'] },
        files: ['cheat-sheet.mts'],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
      { encoding: 'utf8' },
    );
    assert.is(tsc.status, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`);
    const run = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(dir, 'cheat-sheet.mts')],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.is(run.status, 0, `the cheat sheet's program failed:\n${run.stdout}${run.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the API reference builds without a warning (npm run docs, validation only)', () => {
  // Undocumented exports, broken links and unexported public types are warnings, and typedoc.json
  // treats warnings as errors; --emit none checks without writing docs/api/.
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typedoc/bin/typedoc'), '--emit', 'none'],
    { cwd: root, encoding: 'utf8' },
  );
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips colour codes
  const out = `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  assert.is.not(out.includes('[warning]'), true, out);
  assert.is(r.status, 0, out);
});

test.run();
