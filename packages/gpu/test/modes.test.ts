import { listBackends, type TensorInfo } from '@digitnet/core';
import { GPU } from 'gpu.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createGpuBackend,
  GPU_MODES,
  GpuBackend,
  gpuKernels,
  selfTest,
  unavailableReason,
} from '../src/index.js';

const quiet = () => {};

test("importing the package registers 'gpu'", () => {
  assert.ok(listBackends().includes('gpu'), `registered: ${listBackends().join(', ')}`);
});

test('an explicit mode that cannot run here throws, saying why', () => {
  // Node has no WebGL2 context; webgpu kernels return Promises.
  assert.throws(
    () => createGpuBackend({ mode: 'webgl2', log: quiet }),
    /mode 'webgl2' cannot run here: .*WebGL2/,
  );
  assert.throws(() => createGpuBackend({ mode: 'webgpu', log: quiet }), /Promises/);
  assert.throws(
    () => createGpuBackend({ mode: 'metal' as 'cpu', log: quiet }),
    /unknown mode 'metal'/,
  );
});

test('auto picks the best mode that works and reports every mode it passed over', () => {
  const messages: string[] = [];
  const backend = createGpuBackend({ log: (m) => messages.push(m) });
  assert.is(messages.length, 1);
  assert.ok(messages[0].includes(`gpu.js mode '${backend.mode}' (auto)`), messages[0]);
  // Every better mode is named with the reason it could not run (none when the best one did).
  for (const mode of GPU_MODES.slice(0, GPU_MODES.indexOf(backend.mode))) {
    assert.ok(messages[0].includes(`${mode}: ${unavailableReason(mode)}`), messages[0]);
  }
  backend.destroy();
});

test('the self-test refuses a backend that multiplies in half precision', () => {
  const backend = new GpuBackend('half', 'cpu', new GPU({ mode: 'cpu' }), quiet);
  const half = (v: number) => {
    const e = 2 ** (Math.floor(Math.log2(Math.abs(v) || 1)) - 10);
    return Math.round(v / e) * e;
  };
  const kernels = {
    ...gpuKernels,
    Binary: (b: GpuBackend, inputs: { a: TensorInfo; b: TensorInfo }, attrs: never) => {
      const exact = gpuKernels.Binary(b, inputs, attrs);
      const values = Float32Array.from(b.readSync(exact.dataId), half);
      b.dispose(exact.dataId);
      return { ...exact, dataId: b.write(values, 'float32') };
    },
  };
  Object.defineProperty(backend, 'kernels', { value: kernels });
  const failure = selfTest(backend);
  assert.ok(failure?.startsWith('multiplying 4099 values'), String(failure));
  assert.is(backend.memory().buffers, 0, 'the self-test frees what it made');
  assert.is(selfTest(new GpuBackend('exact', 'cpu', new GPU({ mode: 'cpu' }), quiet)), null);
});

test('errors name the kernel, the mode and the shapes', () => {
  const backend = createGpuBackend({ mode: 'cpu', log: quiet });
  const x = {
    dataId: backend.write(new Float32Array(6), 'float32'),
    shape: [2, 3],
    dtype: 'float32',
  } as const;
  backend.dispose(x.dataId);
  assert.throws(
    () => gpuKernels.Unary(backend, { x }, { op: 'exp', alpha: 0 }),
    /gpu\.js cpu program 'Unary exp 6' failed: .*disposed/,
  );
  assert.throws(
    () => gpuKernels.Fill(backend, {}, { shape: [2, 2 ** 21 + 1], value: 0, dtype: 'float32' }),
    /'Fill 4194306': an output of 4194306 elements is above the 4194304/,
  );
  backend.destroy();
});

test.run();
