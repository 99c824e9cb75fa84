// The model's 28x28 input as an image.
import { context2d } from './strokes.js';

/** Greyscale pixels (0–255, row-major, square) as a PNG data URL. */
export function pixelsToDataUrl(pixels: readonly number[]): string {
  const size = Math.round(Math.sqrt(pixels.length));
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = context2d(canvas);
  const image = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const v = pixels[i] ?? 0;
    image.data[i * 4] = v;
    image.data[i * 4 + 1] = v;
    image.data[i * 4 + 2] = v;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}
