import { gzipSync } from 'fflate';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dilate3x3, strokeWidth } from '../src/data/strokes.js';
import { data, Generator } from '../src/index.js';

const {
  readIdx,
  writeIdx,
  datasetFromIdx,
  randomSplit,
  DataLoader,
  affine,
  drawingToMnist,
  rgbaToGray,
} = data;

function tinyDataset(count: number, size = 4) {
  const images = new Uint8Array(count * size * size).map((_, i) => (i * 37) % 256);
  const labels = new Uint8Array(count).map((_, i) => i % 10);
  return datasetFromIdx(writeIdx([count, size, size], images), writeIdx([count], labels));
}

test('readIdx parses raw and gzipped IDX', () => {
  const bytes = writeIdx([2, 3], new Uint8Array([1, 2, 3, 4, 5, 6]));
  for (const input of [bytes, gzipSync(bytes)]) {
    const idx = readIdx(input);
    assert.equal(idx.dims, [2, 3]);
    assert.equal(Array.from(idx.data), [1, 2, 3, 4, 5, 6]);
  }
});

test('readIdx explains bad files', () => {
  const bytes = writeIdx([2, 3], new Uint8Array(6));
  assert.throws(
    () => readIdx(new Uint8Array([1, 2, 8, 1, 0, 0, 0, 1, 0])),
    /bad magic number 01 02 08 01/,
  );
  assert.throws(
    () => readIdx(bytes.subarray(0, bytes.length - 2)),
    /truncated data: dims \[2, 3\] need 6 bytes, the file has 4/,
  );
  assert.throws(
    () => readIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0])),
    /data type 0xd is not supported/,
  );
  assert.throws(
    () => readIdx(gzipSync(bytes).subarray(0, 12)),
    /gzip stream is corrupt or truncated/,
  );
  assert.throws(() => readIdx(new Uint8Array([0, 0])), /too short/);
});

test('datasetFromIdx checks images and labels agree', () => {
  const images = writeIdx([3, 2, 2], new Uint8Array(12));
  assert.throws(
    () => datasetFromIdx(images, writeIdx([2], new Uint8Array(2))),
    /3 images but labels have dims \[2\]/,
  );
  assert.throws(
    () => datasetFromIdx(writeIdx([12], new Uint8Array(12)), writeIdx([12], new Uint8Array(12))),
    /images must be \[N, H, W\]/,
  );
});

test('randomSplit is seeded, disjoint and complete', () => {
  const ds = tinyDataset(20);
  const [a, b] = randomSplit(ds, [12, 8], new Generator(42));
  const [a2] = randomSplit(ds, [12, 8], new Generator(42));
  assert.is(a.count, 12);
  assert.is(b.count, 8);
  assert.equal(Array.from(a.images), Array.from(a2.images));
  const plane = 16;
  const firstPixels = (d: typeof a) =>
    Array.from({ length: d.count }, (_, i) => d.images[i * plane]);
  const all = [...firstPixels(a), ...firstPixels(b)].sort((x, y) => x - y);
  assert.equal(
    all,
    firstPixels(ds).sort((x, y) => x - y),
  );
  assert.throws(
    () => randomSplit(ds, [5, 5], new Generator(1)),
    /sizes add up to 10, the dataset has 20/,
  );
});

test('DataLoader batches, normalises and keeps labels with their images', () => {
  const ds = tinyDataset(10);
  const loader = new DataLoader(ds, { batchSize: 4, normalize: { mean: 0.5, std: 0.25 } });
  const batches = [...loader];
  assert.is(loader.length, 3);
  assert.equal(
    batches.map((b) => b.size),
    [4, 4, 2],
  );
  assert.equal(batches[0].x.shape, [4, 1, 4, 4]);
  assert.is(batches[0].y.dtype, 'int32');
  const x = batches[1].x.dataSync();
  assert.ok(Math.abs(x[0] - (ds.images[4 * 16] / 255 - 0.5) / 0.25) < 1e-6);
  assert.equal(Array.from(batches[2].y.dataSync()), [8, 9]);
  assert.is(new DataLoader(ds, { batchSize: 4, dropLast: true }).length, 2);
});

test('DataLoader shuffles the same way for the same seed, differently per epoch', () => {
  const ds = tinyDataset(30);
  const labelsOf = (loader: InstanceType<typeof DataLoader>) =>
    [...loader].flatMap((b) => Array.from(b.y.dataSync()));
  const a = new DataLoader(ds, { batchSize: 7, shuffle: true, seed: 5 });
  const b = new DataLoader(ds, { batchSize: 7, shuffle: true, seed: 5 });
  const epoch1 = labelsOf(a);
  assert.equal(epoch1, labelsOf(b));
  assert.not.equal(epoch1, labelsOf(a));
  assert.equal([...epoch1].sort(), Array.from(ds.labels).sort());
});

test('DataLoader resumes mid-epoch with exactly the batches it would have given', () => {
  const ds = tinyDataset(40, 28);
  const loader = new DataLoader(ds, { batchSize: 8, shuffle: true, augment: true, seed: 9 });
  const values = (batches: Iterable<{ x: { dataSync(): ArrayLike<number> } }>) =>
    [...batches].map((b) => Array.from(b.x.dataSync()));
  const full = values(loader.epoch(3));
  assert.equal(values(loader.epoch(3, 2)), full.slice(2));
  assert.not.equal(values(loader.epoch(4)), full);
});

test('DataLoader rejects bad options', () => {
  assert.throws(
    () => new DataLoader(tinyDataset(3), { batchSize: 0 }),
    /batchSize must be a positive integer, got 0/,
  );
});

test('affine: identity, whole-pixel shifts and quarter turns are exact', () => {
  const n = 6;
  const src = Float32Array.from({ length: n * n }, (_, i) => i + 1);
  const out = new Float32Array(n * n);
  affine(src, out, n, n, 0, 0, 0);
  assert.equal(Array.from(out), Array.from(src));
  affine(src, out, n, n, 0, 1, 0);
  assert.is(out[0], 0);
  assert.is(out[1], src[0]);
  affine(src, out, n, n, Math.PI / 2, 0, 0);
  // A quarter turn about the centre maps (x, y) to (n−1−y, x) in image coordinates (y down).
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++)
      assert.ok(Math.abs(out[x * n + (n - 1 - y)] - src[y * n + x]) < 1e-4);
  }
});

test('augmentation keeps the ink mostly inside the image', () => {
  const ds = tinyDataset(50, 28);
  const loader = new DataLoader(ds, {
    batchSize: 50,
    augment: true,
    normalize: false,
    seed: 3,
  });
  const [batch] = [...loader];
  const v = batch.x.dataSync();
  assert.ok(v.every((p) => p >= 0 && p <= 1));
  const total = (a: ArrayLike<number>) => Array.from(a).reduce((s, p) => s + p, 0);
  const ratio = total(v) / (total(ds.images) / 255);
  assert.ok(ratio > 0.7 && ratio < 1.05, `ink kept ${ratio}`);
});

function drawBar(
  width: number,
  height: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  ink = 255,
  paper = 0,
) {
  const g = new Uint8Array(width * height).fill(paper);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) g[y * width + x] = ink;
  return g;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function massCentre(pixels: Uint8Array) {
  let m = 0;
  let cx = 0;
  let cy = 0;
  pixels.forEach((v, i) => {
    m += v;
    cx += v * (i % 28);
    cy += v * Math.floor(i / 28);
  });
  return [cx / m, cy / m];
}

test('drawingToMnist fits the ink in 20 px and centres its mass at (14, 14)', () => {
  // A tall bar off to one side of a 280x280 canvas.
  const { pixels, empty } = drawingToMnist(drawBar(280, 280, 20, 60, 30, 230), 280, 280);
  assert.not.ok(empty);
  const rows = new Set<number>();
  const cols = new Set<number>();
  pixels.forEach((v, i) => {
    if (v > 0) {
      rows.add(Math.floor(i / 28));
      cols.add(i % 28);
    }
  });
  assert.is(rows.size, 20);
  // 40 px wide at a scale of 1/10 would be 4 columns: eroded to data.PEN_WIDTH (2.5), 3.
  assert.is(cols.size, 3);
  const [cx, cy] = massCentre(pixels);
  assert.ok(Math.abs(cx - 14) <= 0.5 && Math.abs(cy - 14) <= 0.5, `centre ${cx}, ${cy}`);
});

test('drawingToMnist reads dark ink on light paper the same way', () => {
  const light = drawingToMnist(drawBar(100, 80, 10, 30, 5, 70, 0, 255), 100, 80);
  const dark = drawingToMnist(drawBar(100, 80, 10, 30, 5, 70, 255, 0), 100, 80);
  assert.equal(Array.from(light.pixels), Array.from(dark.pixels));
});

test('drawingToMnist: pencil on grey paper gives the same input as black ink on white', () => {
  const clean = drawingToMnist(drawBar(100, 80, 10, 30, 5, 70, 0, 255), 100, 80);
  const photo = drawBar(100, 80, 10, 30, 5, 70, 90, 190);
  // Sensor noise on the paper, below the ink threshold once the paper's level is removed.
  photo.forEach((v, i) => {
    if (v === 190) photo[i] = 190 + ((i * 7919) % 11) - 5;
  });
  const got = drawingToMnist(photo, 100, 80);
  const diff = Array.from(got.pixels).map((v, i) => Math.abs(v - clean.pixels[i]));
  assert.ok(Math.max(...diff) <= 2, `max difference ${Math.max(...diff)}`);
});

test('drawingToMnist: a thin pen on a large image keeps full-intensity strokes', () => {
  // A '7' of 3-pixel lines, 900 pixels wide and tall: shrunk 45 times, it would fade to a grey of
  // about 17 (plus where the strokes meet).
  const seven = drawBar(1000, 1000, 50, 950, 50, 53);
  drawBar(1000, 1000, 947, 950, 50, 950).forEach((v, i) => {
    seven[i] = Math.max(seven[i], v);
  });
  const { pixels } = drawingToMnist(seven, 1000, 1000);
  const strokes = Array.from(pixels).filter((v) => v > 0);
  // Widened from one pixel to about three, like MNIST's strokes (two lines of 20 px each).
  assert.ok(strokes.length >= 100, `${strokes.length} stroke pixels`);
  assert.ok(median(strokes) >= 200, `median stroke intensity ${median(strokes)}`);
  // The app's canvas (a 20 px brush on 280x280) is neither stretched nor widened.
  const canvas = drawBar(280, 280, 100, 120, 40, 240);
  assert.is(drawingToMnist(canvas, 280, 280).pixels.filter((v) => v > 0).length, 2 * 20);
});

test('strokeWidth measures a bar’s width; dilate3x3 pads and widens', () => {
  const bar = Float32Array.from(drawBar(50, 50, 10, 15, 5, 45));
  const w = strokeWidth(bar, 50, { x: 0, y: 0, width: 50, height: 50 }, 32);
  assert.ok(Math.abs(w - 5) < 0.5, `width ${w}`);
  const { pixels, width, height } = dilate3x3(Float32Array.from([0, 9, 0, 0]), 2, 2);
  assert.is(width, 4);
  assert.is(height, 4);
  assert.equal(Array.from(pixels), [0, 9, 9, 9, 0, 9, 9, 9, 0, 9, 9, 9, 0, 0, 0, 0]);
});

test('drawingToMnist reports an empty drawing and rejects bad sizes', () => {
  const r = drawingToMnist(new Uint8Array(100), 10, 10);
  assert.ok(r.empty);
  assert.ok(r.pixels.every((v) => v === 0));
  assert.throws(
    () => drawingToMnist(new Uint8Array(10), 5, 5),
    /expected 25 pixels for 5x5, got 10/,
  );
});

test('rgbaToGray uses alpha as ink when the image has transparency', () => {
  const opaque = rgbaToGray(new Uint8Array([255, 255, 255, 255, 0, 0, 0, 255]), 2, 1);
  assert.equal(Array.from(opaque), [255, 0]);
  const inkOnTransparent = rgbaToGray(new Uint8Array([0, 0, 0, 200, 0, 0, 0, 0]), 2, 1);
  assert.equal(Array.from(inkOnTransparent), [200, 0]);
});

test.run();
