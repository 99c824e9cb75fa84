// The Backend storage contract: write, readSync, read (async), dispose, and memory() accounting.
import type { DType } from '../kernels.js';
import type { SuiteTest } from './harness.js';

const SAMPLES: readonly { dtype: DType; values: Float32Array | Int32Array }[] = [
  { dtype: 'float32', values: Float32Array.of(1.5, -2.25, 3e-7, 65504, 0) },
  { dtype: 'int32', values: Int32Array.of(0, -1, 7, 2147483647, -2147483648) },
];

/** Round trips through a backend's memory, and its live-buffer accounting. */
export function storageTests(): SuiteTest[] {
  return [
    {
      name: 'storage: write, readSync, read and dispose round-trip and are accounted',
      runAsync: async ({ backend, backendName }) => {
        for (const { dtype, values } of SAMPLES) {
          const what = `[${backendName}] storage ${dtype}`;
          const before = backend.memory();
          const id = backend.write(values, dtype);
          const during = backend.memory();
          if (during.buffers !== before.buffers + 1 || during.bytes <= before.bytes) {
            throw new Error(
              `${what}: memory() went from ${JSON.stringify(before)} to ${JSON.stringify(during)} on write`,
            );
          }
          const sync = backend.readSync(id);
          const async = await backend.read(id);
          for (const [how, got] of [
            ['readSync', sync],
            ['read', async],
          ] as const) {
            const same =
              got.length === values.length && got.every((v, i) => Object.is(v, values[i]));
            if (!same || got.constructor !== values.constructor) {
              throw new Error(
                `${what}: ${how} gave ${got.constructor.name} [${got.join(', ')}], wrote [${values.join(', ')}]`,
              );
            }
          }
          // readSync hands out a copy: writing to it must not reach the backend.
          sync[0] = 99;
          if (backend.readSync(id)[0] === 99) {
            throw new Error(`${what}: readSync returned the backend's own memory`);
          }
          backend.dispose(id);
          const after = backend.memory();
          if (after.buffers !== before.buffers || after.bytes !== before.bytes) {
            throw new Error(
              `${what}: memory() is ${JSON.stringify(after)} after dispose, was ${JSON.stringify(before)}`,
            );
          }
        }
      },
    },
  ];
}
