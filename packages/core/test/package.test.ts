import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// What another project gets after `npm run build`: the built ESM entries and their declarations.
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

test('the built package imports by name, with the node entry and type declarations', () => {
  assert.ok(
    existsSync(`${dist}index.js`),
    'packages/core/dist is missing: run `npm run build` before `npm test`',
  );
  for (const file of ['index.d.ts', 'node.js', 'node.d.ts', 'testing/index.js']) {
    assert.ok(existsSync(dist + file), `dist/${file} is missing`);
  }
  const script = `
    import { tensor, nn, models, optim, data, io } from '@digitnet/core';
    import { loadSafetensors } from '@digitnet/core/node';
    const model = models.mnistCnn({ factor: 4 });
    const out = model.eval().forward(tensor(new Float32Array(784), [1, 1, 28, 28]));
    console.log(JSON.stringify([out.shape, typeof nn.Conv2d, typeof optim.Adam, typeof data.DataLoader, typeof io.encodeSafetensors, typeof loadSafetensors]));
  `;
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(JSON.parse(printed), [
    [1, 10],
    'function',
    'function',
    'function',
    'function',
    'function',
  ]);
});

test.run();
