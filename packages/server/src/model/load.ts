// Loading a model file (safetensors) with the JSON card beside it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { io, models } from '@digitnet/core';
import { reason } from '../log.js';
import { useFastestBackend } from './backend.js';
import { modelOutputs } from './predict.js';

/** What the model card (models/NAME.json, written by train-mnist) says, as far as we use it. */
export interface ModelCard {
  name?: string;
  test?: { accuracy?: number; loss?: number; correct?: number; count?: number };
  createdAt?: string;
  hyperparameters?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A model ready to serve. */
export interface LoadedModel {
  model: models.MnistCnn;
  /** The file name without extension and a short hash of its bytes, e.g. mnist-cnn-f16@1a2b3c4d. */
  version: string;
  path: string;
  sha256: string;
  architecture: models.MnistCnnArchitecture;
  /** The card beside the weights, or null when there is none. */
  card: ModelCard | null;
  /** The not-a-digit score fitted for these weights (stored in their file), else core's. */
  notADigit: models.ModelNotADigit;
  loadedAt: string;
}

/**
 * Loads an mnist-cnn safetensors file and its card (NAME.json beside it), in eval mode, and runs
 * one forward pass so that a broken file fails here rather than at the first request.
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  // Messages name the file, never its folder: they reach unauthenticated clients (/readyz).
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new Error(
      `cannot read the model file ${file}${typeof code === 'string' ? ` (${code})` : ''}`,
      { cause: err },
    );
  }
  // Decoding the bytes we hashed (rather than reading the file twice) keeps the version true to
  // the weights even when the file is replaced meanwhile.
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  useFastestBackend();
  let model: models.MnistCnn;
  let config: models.MnistCnnConfig;
  let notADigit: models.ModelNotADigit;
  try {
    const { tensors, metadata } = io.decodeSafetensors(bytes);
    config = models.mnistCnnConfigFromStateDict(tensors);
    try {
      notADigit = models.storedNotADigit(metadata, config);
    } catch (err) {
      for (const t of Object.values(tensors)) t.dispose();
      throw err;
    }
    model = models.mnistCnn(config);
    model.loadStateDict(tensors);
    for (const t of Object.values(tensors)) t.dispose();
    model.eval();
    try {
      selfCheck(model);
    } catch (err) {
      model.dispose();
      throw err;
    }
  } catch (err) {
    throw new Error(`${file} is not a usable mnist-cnn model: ${reason(err)}`, { cause: err });
  }
  const name = file.replace(/\.safetensors$/, '');
  return {
    model,
    version: `${name}@${sha256.slice(0, 8)}`,
    path,
    sha256,
    architecture: models.mnistCnnArchitecture(config),
    card: await readCard(join(dirname(path), `${name}.json`)),
    notADigit,
    loadedAt: new Date().toISOString(),
  };
}

/**
 * Refuses weights that would serve garbage: every parameter and buffer finite, running variances
 * not negative, and finite probabilities summing to 1 on a fixed probe batch. A NaN, an Inf or
 * flipped bytes in a file otherwise load fine and then give null probabilities on every request.
 */
export function selfCheck(model: models.MnistCnn): void {
  for (const [name, t] of Object.entries(model.stateDict())) {
    const values = t.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      if (!Number.isFinite(v)) throw new Error(`self-check: ${name}[${i}] is ${v}`);
      if (name.endsWith('running_var') && v < 0) {
        throw new Error(`self-check: ${name}[${i}] is ${v}, a negative variance`);
      }
    }
  }
  for (const [what, pixels] of probeBatch()) {
    const { probabilities } = modelOutputs(model, pixels);
    const sum = probabilities.reduce((a, b) => a + b, 0);
    if (!probabilities.every(Number.isFinite) || Math.abs(sum - 1) > 1e-3) {
      throw new Error(
        `self-check: on ${what} the model gives probabilities [${probabilities.join(', ')}]: ` +
          'expected ten finite values summing to 1',
      );
    }
  }
}

/** Fixed inputs for the self-check: blank, full, a bar, a box and a seeded noise image. */
function probeBatch(): [string, Uint8Array][] {
  const bar = new Uint8Array(784);
  const box = new Uint8Array(784);
  const noise = new Uint8Array(784);
  let seed = 12345;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (x >= 12 && x <= 15 && y >= 4 && y <= 23) bar[y * 28 + x] = 255;
      if ((x === 6 || x === 21 || y === 6 || y === 21) && x >= 6 && x <= 21 && y >= 6 && y <= 21)
        box[y * 28 + x] = 255;
      // A 32-bit LCG (Numerical Recipes' constants): the same noise on every load.
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      noise[y * 28 + x] = seed >>> 24;
    }
  }
  return [
    ['a blank image', new Uint8Array(784)],
    ['an all-white image', new Uint8Array(784).fill(255)],
    ['a vertical bar', bar],
    ['a square', box],
    ['seeded noise', noise],
  ];
}

async function readCard(path: string): Promise<ModelCard | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const card: unknown = JSON.parse(text);
    if (typeof card !== 'object' || card === null || Array.isArray(card)) {
      throw new Error('expected a JSON object');
    }
    return card as ModelCard;
  } catch (err) {
    throw new Error(`the model card ${basename(path)} is not valid: ${reason(err)}`, {
      cause: err,
    });
  }
}
