// MNIST digits changed the way canvas strokes differ from MNIST's pen strokes: thicker (a wide
// brush), thinner (a fine pen), slanted, and off-centre. Written here, independently of core's
// augmentation, so the fine-tune is judged on data its own augmentation does not produce.

/** A 28x28 greyscale image (row-major, 0–255, ink bright). */
export type Image = Uint8Array;

const SIZE = 28;
const at = (img: Image, x: number, y: number) =>
  x < 0 || y < 0 || x >= SIZE || y >= SIZE ? 0 : img[y * SIZE + x];

/** Grey-level dilation with a 3x3 square, `times` times: strokes 2 pixels wider each time. */
export function thicken(img: Image, times = 1): Image {
  let src = img;
  for (let t = 0; t < times; t++) {
    const out = new Uint8Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        let m = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) m = Math.max(m, at(src, x + dx, y + dy));
        out[y * SIZE + x] = m;
      }
    }
    src = out;
  }
  return src;
}

/** Grey-level erosion with a plus-shaped element: strokes lose a pixel on each side. */
export function thinStrokes(img: Image): Image {
  const out = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      out[y * SIZE + x] = Math.min(
        at(img, x, y),
        at(img, x - 1, y),
        at(img, x + 1, y),
        at(img, x, y - 1),
        at(img, x, y + 1),
      );
    }
  }
  // A fine pen still leaves ink where the erosion removed a whole thin stroke: keep the brightest
  // half of the original as a faint line.
  for (let i = 0; i < out.length; i++) if (out[i] === 0 && img[i] > 200) out[i] = 128;
  return out;
}

/** Slants by `k` (x moves by k per row above the centre), sampling bilinearly. */
export function slant(img: Image, k: number): Image {
  const out = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const sx = x + k * (y - 13.5);
      const x0 = Math.floor(sx);
      const f = sx - x0;
      out[y * SIZE + x] = Math.round(at(img, x0, y) * (1 - f) + at(img, x0 + 1, y) * f);
    }
  }
  return out;
}

/** Moves by whole pixels; ink moved off the image is lost. */
export function shift(img: Image, dx: number, dy: number): Image {
  const out = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) out[y * SIZE + x] = at(img, x - dx, y - dy);
  return out;
}

/**
 * The i-th writer's style applied to a digit: each of four styles combines a stroke width with a
 * slant (and an offset, which the server's centring mostly undoes), so a writer's drawings share a
 * look that MNIST's writers lack. The bundled model reads about 68–86% of each style right.
 */
export function canvasStyle(img: Image, i: number): Image {
  switch (i % 4) {
    case 0:
      return slant(thicken(img, 2), 0.45);
    case 1:
      return slant(thicken(img, 2), -0.6);
    case 2:
      return shift(slant(thinStrokes(img), -0.7), 3, -2);
    default:
      return slant(shift(thinStrokes(img), 2, 3), 0.5);
  }
}
