import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from '@digitnet/core';
import sharp from 'sharp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The Fashion-MNIST example, run as a user runs it on a tiny setting. It needs Debian's
// dataset-fashion-mnist; without it the test says so and skips.
const examples = fileURLToPath(new URL('..', import.meta.url));
const dataDir = '/usr/share/datasets/fashion-mnist';

if (!existsSync(dataDir)) {
  console.log(
    `SKIP fashion-mnist example: ${dataDir} is missing (apt-get install dataset-fashion-mnist)`,
  );
  test.skip('a tiny Fashion-MNIST run writes its model, card and curves', () => {});
} else {
  test('a tiny Fashion-MNIST run writes its model, card and curves', async () => {
    const out = mkdtempSync(join(tmpdir(), 'digitnet-fashion-'));
    const args = ['--limit', '256', '--epochs', '2', '--width', '4', '--batch-size', '64'];
    const run = spawnSync(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        join(examples, 'fashion-mnist.ts'),
        ...args,
        '--out',
        out,
      ],
      { encoding: 'utf8', cwd: examples, env: { ...process.env, NO_COLOR: '1' } },
    );
    assert.is(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /training on 256 images, testing on 51; 4 batches per epoch; backend wasm/,
    );
    assert.match(
      run.stdout,
      /epoch 2\/2: train loss \d+\.\d+, accuracy \d+\.\d+%; test loss \d+\.\d+/,
    );
    assert.match(run.stdout, /test accuracy \d+\.\d+% \(\d+\/51\)/);
    const card = JSON.parse(readFileSync(join(out, 'fashion-resnet.json'), 'utf8'));
    assert.is(card.metrics.length, 2);
    assert.equal(card.architecture, { kind: 'resnet', norm: 'batch', width: 4, firstStride: 2 });
    assert.is(card.test.count, 51);
    const { tensors } = io.decodeSafetensors(readFileSync(join(out, 'fashion-resnet.safetensors')));
    assert.equal(tensors['fc.weight'].shape, [10, 16]);
    assert.ok('blocks.2.n2.running_var' in tensors);
    for (const png of ['fashion-resnet-loss.png', 'fashion-resnet-accuracy.png']) {
      const meta = await sharp(join(out, png)).metadata();
      assert.equal([meta.format, meta.width, meta.height], ['png', 640, 400]);
    }
  });
}

test.run();
