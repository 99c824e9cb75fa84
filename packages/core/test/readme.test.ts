import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The README's first example must run as written and show a falling loss.
const root = fileURLToPath(new URL('../../../', import.meta.url));

test('the README example trains and its printed loss falls', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = readme.split('<!-- readme-example')[1]?.match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(block, 'README.md has no ```ts block after the readme-example marker');
  // A folder inside the repo, so that '@digitnet/core' resolves as it does for the workspace.
  const dir = mkdtempSync(join(root, 'node_modules', '.readme-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, block);
    const out = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
      encoding: 'utf8',
      cwd: root,
    });
    const losses = [...out.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
    assert.is(losses.length, 6, out);
    assert.ok(losses[5] < losses[0] * 0.5, `loss did not fall: ${losses.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
