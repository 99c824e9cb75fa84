// Small image helpers: data URLs for blobs and for the model's 28x28 input.
import { context2d } from './strokes.js';

/** A Blob as a data: URL (what POST /api/submissions stores, and what thumbnails show). */
export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('blobToDataUrl: read failed'));
    reader.readAsDataURL(blob);
  });
}

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
