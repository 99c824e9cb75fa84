// What the browser sends → what the model sees: PNG bytes decoded by sharp, then core's drawing →
// MNIST transform (the same code the browser runs, so both compute the same 28x28 input).
import { data } from '@digitnet/core';
import sharp from 'sharp';
import type { Limits } from './config.js';
import { ApiError } from './errors.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A decoded drawing: the model's 28x28 input and the PNG's size. */
export interface Drawing {
  /** 784 bytes, row-major, 0–255, ink bright. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** Whether `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a PNG drawing into the model's 28x28 input. Throws an ApiError: 400 when the bytes are
 * not a PNG, 413 when it is over the caps, 422 when it holds no ink.
 */
export async function decodeDrawing(bytes: Uint8Array, limits: Limits): Promise<Drawing> {
  if (bytes.length === 0) throw new ApiError(400, 'the image is empty (0 bytes): expected a PNG');
  if (bytes.length > limits.pngBytes) {
    throw new ApiError(
      413,
      `the PNG is ${bytes.length} bytes: at most ${limits.pngBytes} bytes are accepted`,
    );
  }
  if (!isPng(bytes)) {
    throw new ApiError(400, 'the image is not a PNG (it lacks the PNG signature): expected a PNG');
  }
  // Our check below caps the pixels before anything is decoded (sharp's own cap would also refuse
  // the header read, with a vaguer message).
  const image = sharp(bytes, { limitInputPixels: false, failOn: 'error' });
  let width: number;
  let height: number;
  try {
    const meta = await image.metadata();
    width = meta.width;
    height = meta.height;
  } catch (err) {
    throw new ApiError(400, `the PNG could not be read: ${sharpReason(err)}`);
  }
  if (width > limits.imageSide || height > limits.imageSide) {
    throw new ApiError(
      413,
      `the PNG is ${width}x${height} pixels: each side may be at most ${limits.imageSide} pixels`,
    );
  }
  if (width * height > limits.imagePixels) {
    throw new ApiError(
      413,
      `the PNG is ${width}x${height} pixels: at most ${limits.imagePixels} pixels (e.g. ` +
        `${Math.floor(Math.sqrt(limits.imagePixels))}x${Math.floor(Math.sqrt(limits.imagePixels))}) are accepted`,
    );
  }
  let rgba: Buffer;
  try {
    rgba = await image.toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' }).toBuffer();
  } catch (err) {
    throw new ApiError(400, `the PNG could not be decoded: ${sharpReason(err)}`);
  }
  const gray = data.rgbaToGray(rgba, width, height);
  const { pixels, empty } = data.drawingToMnist(gray, width, height);
  if (empty) {
    throw new ApiError(422, 'the drawing is empty: no ink was found; expected a drawn digit');
  }
  return { pixels, width, height };
}

/**
 * The PNG to store: re-encoded from its pixels by sharp, which writes no ancillary chunks (text,
 * EXIF, ICC, private ones: a client could otherwise park up to a megabyte of anything in each row)
 * and no bytes after the image. 413 when the re-encoded image is over the PNG cap.
 */
export async function storablePng(bytes: Uint8Array, limits: Limits): Promise<Buffer> {
  let png: Buffer;
  try {
    png = await sharp(bytes, { limitInputPixels: false, failOn: 'error' })
      .png({ compressionLevel: 9 })
      .toBuffer();
  } catch (err) {
    throw new ApiError(400, `the PNG could not be decoded: ${sharpReason(err)}`);
  }
  if (png.length > limits.pngBytes) {
    throw new ApiError(
      413,
      `the drawing re-encodes to ${png.length} bytes: at most ${limits.pngBytes} bytes are stored`,
    );
  }
  return png;
}

/** Checks 784 client-side pixel values (already 28x28) for ink. */
export function pixelsInput(values: readonly number[]): Uint8Array {
  const pixels = Uint8Array.from(values);
  if (pixels.every((v) => v === 0)) {
    throw new ApiError(422, 'the drawing is empty: all 784 pixels are 0; expected a drawn digit');
  }
  return pixels;
}

function sharpReason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
