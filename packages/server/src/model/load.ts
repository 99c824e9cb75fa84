// Loading a model file (safetensors) with the JSON card beside it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { io, models } from '@digitnet/core';
import { reason } from '../log.js';
import { predictDigit } from './predict.js';

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
  loadedAt: string;
}

/**
 * Loads an mnist-cnn safetensors file and its card (NAME.json beside it), in eval mode, and runs
 * one forward pass so that a broken file fails here rather than at the first request.
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new Error(`cannot read the model file ${path}: ${reason(err)}`, { cause: err });
  }
  // Decoding the bytes we hashed (rather than reading the file twice) keeps the version true to
  // the weights even when the file is replaced meanwhile.
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let model: models.MnistCnn;
  let config: models.MnistCnnConfig;
  try {
    const { tensors } = io.decodeSafetensors(bytes);
    config = models.mnistCnnConfigFromStateDict(tensors);
    model = models.mnistCnn(config);
    model.loadStateDict(tensors);
    for (const t of Object.values(tensors)) t.dispose();
    model.eval();
    predictDigit(model, new Uint8Array(784));
  } catch (err) {
    throw new Error(`${path} is not a usable mnist-cnn model: ${reason(err)}`, { cause: err });
  }
  const name = basename(path).replace(/\.safetensors$/, '');
  return {
    model,
    version: `${name}@${sha256.slice(0, 8)}`,
    path,
    sha256,
    architecture: models.mnistCnnArchitecture(config),
    card: await readCard(join(dirname(path), `${name}.json`)),
    loadedAt: new Date().toISOString(),
  };
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
    throw new Error(`the model card ${path} is not valid: ${reason(err)}`, { cause: err });
  }
}
