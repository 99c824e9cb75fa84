// GET /api/submissions/export: the labelled drawings as MNIST IDX files in a tar.
import { data } from '@digitnet/core';
import { extract } from 'tar-stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asAdmin, testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { dataUrl, drawingPng } from './support/png.js';

const t = await testApp();
test.after(() => t.close());

/** The entries of a tar, by name, read with tar-stream's own parser. */
async function untar(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const ex = extract();
  const done = (async () => {
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files.set(entry.header.name, Buffer.concat(chunks));
    }
  })();
  ex.end(Buffer.from(bytes));
  await done;
  return files;
}

const exported = async () => {
  const res = await t.request('/api/submissions/export', { headers: asAdmin });
  assert.is(res.status, 200, await res.clone().text());
  assert.is(res.headers.get('Content-Type'), 'application/x-tar');
  return { res, files: await untar(new Uint8Array(await res.arrayBuffer())) };
};

test('with no submissions: a valid, empty IDX pair', async () => {
  const { files, res } = await exported();
  assert.is(res.headers.get('X-Submissions-Count'), '0');
  const ds = data.datasetFromIdx(
    files.get('train-images-idx3-ubyte') as Buffer,
    files.get('train-labels-idx1-ubyte') as Buffer,
  );
  assert.is(ds.count, 0);
  assert.is(JSON.parse(String(files.get('submissions.json'))).count, 0);
});

test('the IDX files hold every stored 28x28 image and label, in id order', async () => {
  const sent = [
    [7, 7],
    [1, 1],
    [4, 9],
    [0, 0],
    [7, 1],
  ] as const;
  for (const [digit, label] of sent) {
    const res = await t.request('/api/submissions', {
      json: { drawing: dataUrl(await drawingPng({ digit })), label },
    });
    assert.is(res.status, 201);
  }
  const { files, res } = await exported();
  assert.is(res.headers.get('X-Submissions-Count'), '5');
  assert.equal(
    [...files.keys()],
    ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 'submissions.json'],
  );
  const ds = data.datasetFromIdx(
    files.get('train-images-idx3-ubyte') as Buffer,
    files.get('train-labels-idx1-ubyte') as Buffer,
  );
  const rows = await t.db<{ id: string; label: number; pixels: Buffer }[]>`
    select id, label, pixels from submissions order by id`;
  assert.is(ds.count, 5);
  assert.is(ds.height, 28);
  assert.is(ds.width, 28);
  assert.equal(Array.from(ds.labels), [7, 1, 9, 0, 1]);
  rows.forEach((r, i) => {
    assert.equal(Buffer.from(ds.images.subarray(i * 784, (i + 1) * 784)), r.pixels, `image ${i}`);
  });
  const manifest = JSON.parse(String(files.get('submissions.json')));
  assert.is(manifest.count, 5);
  assert.is(manifest.firstId, Number(rows[0].id));
  assert.is(manifest.lastId, Number(rows[4].id));
  assert.equal(manifest.counts, [1, 2, 0, 0, 0, 0, 0, 1, 0, 1]);
});

test('the export needs the admin token', async () => {
  await errorOf(await t.request('/api/submissions/export'), 401);
});

test.run();
