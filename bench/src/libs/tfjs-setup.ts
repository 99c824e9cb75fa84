// Starts a TensorFlow.js backend in Node: tfjs-cpu, or tfjs-wasm loaded from the package's own
// dist folder (no network), with the composed Conv2DBackpropFilter that training needs.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { registerComposedBackpropFilter } from './wasm-backprop-filter.js';

const require = createRequire(import.meta.url);

/** A tfjs package's version, read from its package.json. */
export function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

/** The folder holding tfjs-backend-wasm's .wasm binaries. */
export function wasmDistFolder(): string {
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

/** Imports the backend's package; for wasm, points it at its dist folder. */
export async function importBackend(which: 'cpu' | 'wasm'): Promise<void> {
  if (which === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    return;
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmDistFolder());
}

/**
 * Makes `which` the active tfjs backend in production mode (no debug checks), registering the
 * composed Conv2DBackpropFilter on wasm (unless `compose` is false). Returns facts to print.
 */
export async function startTfjs(which: 'cpu' | 'wasm', compose = true): Promise<string[]> {
  await importBackend(which);
  tf.enableProdMode();
  if (!(await tf.setBackend(which))) throw new Error(`tfjs: backend '${which}' failed to start`);
  await tf.ready();
  const notes: string[] = [];
  if (which === 'cpu') {
    notes.push(
      `tfjs-cpu ${packageVersion('@tensorflow/tfjs-backend-cpu')}: plain JavaScript, NHWC`,
    );
    return notes;
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  notes.push(
    `tfjs-wasm ${packageVersion('@tensorflow/tfjs-backend-wasm')}: ` +
      `${simd ? 'SIMD' : 'scalar'} binary, ${threads ? 'multi-threaded' : 'single thread (its Node build has no threads)'}, NHWC`,
  );
  if (compose && registerComposedBackpropFilter('wasm')) {
    notes.push(
      'tfjs-wasm has no Conv2DBackpropFilter kernel: training uses one composed from its own ' +
        'Transpose and Conv2D kernels (bench/src/libs/wasm-backprop-filter.ts)',
    );
  }
  return notes;
}
