// drawingToMnist's edge cases: tiny, huge, off-centre, touching the edge, faint, thin and thick
// strokes, stray dots. Each input is painted here; the checks are properties of the 28x28 result
// that the stroke-width normalisation (pen: data.PEN_WIDTH, the default) must keep.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { data } from '../src/index.js';

const { drawingToMnist } = data;

type Segment = [number, number, number, number];

/** A '7' as segments in a unit box (0–1): a top bar and a slanted stem. */
const SEVEN: Segment[] = [
  [0.1, 0, 0.9, 0],
  [0.9, 0, 0.35, 1],
];
/** A '4': two strokes, one crossing the other. */
const FOUR: Segment[] = [
  [0.6, 0, 0, 0.65],
  [0, 0.65, 1, 0.65],
  [0.75, 0.2, 0.75, 1],
];

/**
 * A size×size canvas (0 background, `ink` on strokes) with `shape` scaled to `height` pixels and
 * its box's top-left at (x, y), drawn with a round pen `pen` pixels wide.
 */
function paint(
  size: number,
  shape: Segment[],
  o: { height: number; pen: number; x: number; y: number; ink?: number },
): Uint8Array {
  const img = new Uint8Array(size * size);
  const r = o.pen / 2;
  for (const [ax0, ay0, bx0, by0] of shape) {
    const ax = o.x + ax0 * o.height;
    const ay = o.y + ay0 * o.height;
    const bx = o.x + bx0 * o.height;
    const by = o.y + by0 * o.height;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const t = len2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
        if (Math.hypot(x - ax - t * dx, y - ay - t * dy) <= r) img[y * size + x] = o.ink ?? 255;
      }
    }
  }
  return img;
}

/** The stroke-width normalisation under test. */
const NORMALISED: data.DrawingOptions = { pen: data.PEN_WIDTH };

const mnist = (img: Uint8Array, size: number, opts: data.DrawingOptions = NORMALISED) =>
  drawingToMnist(img, size, size, opts).pixels;

/** Total ink in units of full pixels: how much stroke there is. */
const ink = (p: Uint8Array) => p.reduce((a, v) => a + v, 0) / 255;
/** Mean absolute difference per pixel, 0–255. */
const diff = (a: Uint8Array, b: Uint8Array) =>
  a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

/** The ink's bounding box in the 28x28 result (pixels > 64). */
function box(p: Uint8Array): { w: number; h: number; x0: number; y0: number } {
  let x0 = 28;
  let y0 = 28;
  let x1 = -1;
  let y1 = -1;
  p.forEach((v, i) => {
    if (v <= 64) return;
    x0 = Math.min(x0, i % 28);
    x1 = Math.max(x1, i % 28);
    y0 = Math.min(y0, Math.floor(i / 28));
    y1 = Math.max(y1, Math.floor(i / 28));
  });
  return { w: x1 - x0 + 1, h: y1 - y0 + 1, x0, y0 };
}

function massCentre(p: Uint8Array): [number, number] {
  let m = 0;
  let cx = 0;
  let cy = 0;
  p.forEach((v, i) => {
    m += v;
    cx += v * (i % 28);
    cy += v * Math.floor(i / 28);
  });
  return [cx / m, cy / m];
}

// The reference: the app's canvas, a 200 px digit drawn with its 20 px brush.
const reference = mnist(paint(280, SEVEN, { height: 200, pen: 20, x: 40, y: 40 }), 280);

test('the reference 7 fills the 20 px box at about MNIST’s stroke width, centred at (14, 14)', () => {
  const b = box(reference);
  assert.ok(b.h >= 19 && b.h <= 21, `height ${b.h}`);
  const [cx, cy] = massCentre(reference);
  assert.ok(Math.abs(cx - 14) <= 0.5 && Math.abs(cy - 14) <= 0.5, `centre ${cx}, ${cy}`);
  // Two strokes of about 20 and 22 px, 2–3 px wide: 45–140 pixels of ink.
  assert.ok(ink(reference) > 45 && ink(reference) < 140, `ink ${ink(reference)}`);
});

test('tiny: a 7 drawn 16 px tall fills the box at full intensity, not as a blob', () => {
  const tiny = mnist(paint(280, SEVEN, { height: 16, pen: 2, x: 130, y: 120 }), 280);
  const b = box(tiny);
  assert.ok(b.h >= 19 && b.h <= 21, `height ${b.h}`);
  assert.is(Math.max(...tiny), 255);
  assert.ok(ink(tiny) < 1.6 * ink(reference), `ink ${ink(tiny)} vs ${ink(reference)}`);
  assert.ok(diff(tiny, reference) < 30, `difference ${diff(tiny, reference)}`);
});

test('a small digit drawn with a big brush is not a blob: same stroke width as a large one', () => {
  // 60 px tall with the 20 px brush: a third of the height is pen.
  const small = paint(280, SEVEN, { height: 60, pen: 20, x: 100, y: 100 });
  const got = mnist(small, 280);
  const kept = mnist(small, 280, { pen: 'keep' });
  // Eroded: much less ink than the seed's transform leaves, within 70% of the reference's.
  assert.ok(ink(got) < 0.75 * ink(kept), `ink ${ink(got)}, kept ${ink(kept)}`);
  assert.ok(ink(got) < 1.7 * ink(reference), `ink ${ink(got)} vs ${ink(reference)}`);
});

test('huge: 1800x1800 with a 150 px pen gives the reference', () => {
  const huge = mnist(paint(1800, SEVEN, { height: 1400, pen: 150, x: 200, y: 200 }), 1800);
  assert.ok(diff(huge, reference) < 12, `difference ${diff(huge, reference)}`);
});

test('off-centre: the same drawing in a corner gives the same result', () => {
  const corner = mnist(paint(280, SEVEN, { height: 100, pen: 20, x: 0, y: 170 }), 280);
  const middle = mnist(paint(280, SEVEN, { height: 100, pen: 20, x: 90, y: 90 }), 280);
  assert.ok(diff(corner, middle) < 3, `difference ${diff(corner, middle)}`);
});

test('touching the edge: strokes cut by the canvas edge still fill the box, centred', () => {
  // The 7's top bar and stem run off the top and left of the canvas.
  const cut = mnist(paint(280, FOUR, { height: 300, pen: 20, x: -30, y: -20 }), 280);
  const b = box(cut);
  assert.ok(Math.max(b.w, b.h) >= 19, `box ${b.w}x${b.h}`);
  const [cx, cy] = massCentre(cut);
  assert.ok(Math.abs(cx - 14) <= 0.5 && Math.abs(cy - 14) <= 0.5, `centre ${cx}, ${cy}`);
});

test('faint ink (60 of 255) gives the same full-intensity strokes as black ink', () => {
  const faint = mnist(paint(280, FOUR, { height: 200, pen: 20, x: 40, y: 40, ink: 60 }), 280);
  const strong = mnist(paint(280, FOUR, { height: 200, pen: 20, x: 40, y: 40 }), 280);
  assert.is(Math.max(...faint), 255);
  assert.ok(diff(faint, strong) < 1, `difference ${diff(faint, strong)}`);
});

test('a thick (40 px) pen is eroded to the 20 px brush’s width; a thin one (2 px) widened', () => {
  const drawn = (pen: number) => mnist(paint(280, FOUR, { height: 200, pen, x: 40, y: 40 }), 280);
  const brush = drawn(20);
  const thick = drawn(40);
  assert.ok(Math.abs(ink(thick) - ink(brush)) < 0.25 * ink(brush), `thick: ink ${ink(thick)}`);
  assert.ok(diff(thick, brush) < 25, `thick: difference ${diff(thick, brush)}`);
  // A 2 px pen would be 0.2 px at this scale: widened, at full intensity.
  const thin = drawn(2);
  assert.ok(ink(thin) > 0.8 * ink(brush), `thin: ink ${ink(thin)} vs ${ink(brush)}`);
  assert.is(Math.max(...thin), 255);
  // The seed's transform keeps the pen's width: the thick pen carries much more ink.
  const keepThick = mnist(paint(280, FOUR, { height: 200, pen: 40, x: 40, y: 40 }), 280, {
    pen: 'keep',
  });
  assert.ok(ink(keepThick) > 1.2 * ink(brush), `kept thick ink ${ink(keepThick)} vs ${ink(brush)}`);
});

test('a stray speck far from the digit is ignored; a real dot is kept', () => {
  const clean = paint(280, SEVEN, { height: 150, pen: 20, x: 40, y: 40 });
  const specked = Uint8Array.from(clean);
  for (const i of [270 * 280 + 270, 270 * 280 + 271, 271 * 280 + 270]) specked[i] = 255;
  assert.equal(Array.from(mnist(specked, 280)), Array.from(mnist(clean, 280)));
  // A tap of the brush (a 20 px dot) is part of the drawing: the box grows, the 7 shrinks.
  const dotted = Uint8Array.from(clean);
  paint(280, [[0, 0, 0, 0]], { height: 1, pen: 20, x: 250, y: 250 }).forEach((v, i) => {
    if (v) dotted[i] = v;
  });
  assert.ok(diff(mnist(dotted, 280), mnist(clean, 280)) > 10);
});

test('skeleton: a single dot becomes a small dot of the pen’s width, not a filled box', () => {
  const dot = mnist(paint(280, [[0, 0, 0, 0]], { height: 1, pen: 30, x: 140, y: 140 }), 280, {
    pen: data.PEN_WIDTH,
    normalize: 'skeleton',
  });
  assert.ok(ink(dot) > 2 && ink(dot) < 10, `ink ${ink(dot)}`);
  assert.ok(
    ink(
      mnist(paint(280, [[0, 0, 0, 0]], { height: 1, pen: 30, x: 140, y: 140 }), 280, {
        pen: 'keep',
      }),
    ) > 250,
  );
});

test('pen must be keep or a width inside the box', () => {
  const img = paint(28, SEVEN, { height: 20, pen: 2, x: 4, y: 4 });
  assert.throws(
    () => drawingToMnist(img, 28, 28, { pen: 0 }),
    /pen must be 'keep' or a width in \(0, 20\), got 0/,
  );
  assert.throws(() => drawingToMnist(img, 28, 28, { pen: Number.NaN }), /got NaN/);
});

test.run();
