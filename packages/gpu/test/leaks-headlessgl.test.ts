// GL textures stay flat across training steps on headless-gl: counted at the GL context itself,
// so textures gpu.js makes behind the backend's own accounting are caught too.
import { setBackend, tensor } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type GpuBackend, registerGpuBackend, unavailableReason } from '../src/index.js';
import { smallNet } from './small-net.js';

const NO_TRANSPOSE = { transposeA: false, transposeB: false };

/** The two calls of a WebGL context that make and free textures. */
interface TextureCalls {
  createTexture(): unknown;
  deleteTexture(texture: unknown): void;
}

/** Counts the textures the backend's GL context creates minus those it deletes, from now on. */
function textureCounter(backend: GpuBackend): () => number {
  const gl = backend.gpu.context as TextureCalls;
  let live = 0;
  const create = gl.createTexture.bind(gl);
  const remove = gl.deleteTexture.bind(gl);
  gl.createTexture = () => {
    live++;
    return create();
  };
  gl.deleteTexture = (t: unknown) => {
    live--;
    remove(t);
  };
  return () => live;
}

const reason = unavailableReason('headlessgl');
if (reason) {
  console.log(`SKIP GL texture leak test on gpu.js headlessgl: ${reason}`);
  test.skip('GL textures after 50 training steps equal those after 5', () => {});
  test.skip('finish() waits for queued work and leaves no texture behind', () => {});
} else {
  registerGpuBackend('gpu-gl-leaks', { mode: 'headlessgl' });
  test('GL textures after 50 training steps equal those after 5', () => {
    const backend = setBackend('gpu-gl-leaks') as GpuBackend;
    try {
      const net = smallNet(8);
      net.step();
      const textures = textureCounter(backend);
      for (let i = 1; i < 5; i++) net.step();
      const after5 = { textures: textures(), memory: backend.memory() };
      for (let i = 5; i < 50; i++) net.step();
      assert.equal({ textures: textures(), memory: backend.memory() }, after5);
      net.dispose();
    } finally {
      setBackend('cpu');
    }
  });

  test('finish() waits for queued work and leaves no texture behind', () => {
    const backend = setBackend('gpu-gl-leaks') as GpuBackend;
    try {
      const x = tensor(new Float32Array(256 * 256).fill(0.5), [1, 256, 256]);
      const product = () => backend.kernels.MatMul(backend, { a: x, b: x }, NO_TRANSPOSE);
      backend.dispose(product().dataId);
      backend.finish(); // compiles finish()'s program
      const y = product();
      const live = textureCounter(backend);
      const before = backend.memory();
      backend.finish();
      assert.is(live(), 0); // finish()'s one-value texture is gone again
      assert.equal(backend.memory(), before);
      assert.is(backend.readSync(y.dataId)[0], 256 * 0.25);
      backend.dispose(y.dataId);
      x.dispose();
    } finally {
      setBackend('cpu');
    }
  });
}
test.run();
