// The 28x28 input of a drawing, computed as @digitnet/server computes it (images.ts): core's
// rgbaToGray and drawingToMnist; the answer is core's models.predictDigit, as on the server. No DOM:
// it runs in the engine worker.
import { data } from '@digitnet/core';

/** The 28x28 input (row-major, 0–255, ink bright) of a drawing's RGBA pixels; null when it has no ink. */
export function drawingInput(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
): Uint8Array | null {
  const gray = data.rgbaToGray(rgba, width, height);
  const { pixels, empty } = data.drawingToMnist(gray, width, height);
  return empty ? null : pixels;
}
