// The Node-only entry, @digitnet/core/node: safetensors files on disk. Everything else is isomorphic.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import './index.js'; // registers the CPU backend that decoded tensors are created on
import {
  decodeSafetensors,
  type EncodeOptions,
  encodeSafetensors,
  type SafetensorsFile,
} from './io/safetensors.js';
import type { Tensor } from './tensor.js';

export type { EncodeOptions, SafetensorsFile } from './io/safetensors.js';

/**
 * Writes named tensors to `path` in the safetensors format, atomically: the bytes go to a temporary
 * file beside it, are flushed to disk, and then renamed over `path`, so a crash never leaves half a model.
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const file = join(mkdtempSync(join(tmpdir(), 'digitnet-')), 'model.safetensors');
 * const model = new nn.Linear(4, 2);
 * await saveSafetensors(file, model.stateDict(), { epoch: '3' });
 * const { tensors, metadata } = await loadSafetensors(file);
 * const copy = new nn.Linear(4, 2);
 * copy.loadStateDict(tensors);
 * console.log(metadata.epoch, copy.weight.sub(model.weight).abs().max().item()); // → 3 0
 * ```
 */
export async function saveSafetensors(
  path: string,
  dict: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
  options?: EncodeOptions,
): Promise<void> {
  const bytes = encodeSafetensors(dict, metadata, options);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * Reads a safetensors file into tensors on the current backend; errors name the file.
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const file = join(mkdtempSync(join(tmpdir(), 'digitnet-')), 'w.safetensors');
 * await saveSafetensors(file, { w: tensor([1, 2]) }, { note: 'hi' });
 * const { tensors, metadata } = await loadSafetensors(file);
 * console.log(tensors.w, metadata); // → tensor([1., 2.]) { note: 'hi' }
 * ```
 */
export async function loadSafetensors(path: string): Promise<SafetensorsFile> {
  const bytes = await readFile(path);
  try {
    return decodeSafetensors(bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`${path}: ${reason}`, { cause: err });
  }
}

export { type LoadMnistOptions, loadIdxDataset, loadMnist, mnistDataDir } from './data/files.js';
