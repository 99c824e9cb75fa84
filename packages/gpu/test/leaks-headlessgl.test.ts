// GL textures stay flat across training steps on headless-gl: counted at the GL context itself,
// so textures gpu.js makes behind the backend's own accounting are caught too.
import { setBackend } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type GpuBackend, registerGpuBackend, unavailableReason } from '../src/index.js';
import { smallNet } from './small-net.js';

/** The two calls of a WebGL context that make and free textures. */
interface TextureCalls {
  createTexture(): unknown;
  deleteTexture(texture: unknown): void;
}

const reason = unavailableReason('headlessgl');
if (reason) {
  console.log(`SKIP GL texture leak test on gpu.js headlessgl: ${reason}`);
  test.skip('GL textures after 50 training steps equal those after 5', () => {});
} else {
  registerGpuBackend('gpu-gl-leaks', { mode: 'headlessgl' });
  test('GL textures after 50 training steps equal those after 5', () => {
    const backend = setBackend('gpu-gl-leaks') as GpuBackend;
    try {
      const net = smallNet(8);
      net.step();
      const gl = backend.gpu.context as TextureCalls;
      let textures = 0;
      const create = gl.createTexture.bind(gl);
      const remove = gl.deleteTexture.bind(gl);
      gl.createTexture = () => {
        textures++;
        return create();
      };
      gl.deleteTexture = (t: unknown) => {
        textures--;
        remove(t);
      };
      for (let i = 1; i < 5; i++) net.step();
      const after5 = { textures, memory: backend.memory() };
      for (let i = 5; i < 50; i++) net.step();
      assert.equal({ textures, memory: backend.memory() }, after5);
      net.dispose();
    } finally {
      setBackend('cpu');
    }
  });
}
test.run();
