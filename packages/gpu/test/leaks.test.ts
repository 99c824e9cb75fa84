import { setBackend } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type GpuBackend, registerGpuBackend } from '../src/index.js';
import { smallNet } from './small-net.js';

registerGpuBackend('gpu-leaks', { mode: 'webasm' });

test('memory after 50 training steps of a small conv net equals that after 5', () => {
  const backend = setBackend('gpu-leaks') as GpuBackend;
  try {
    const net = smallNet(8);
    for (let i = 0; i < 5; i++) net.step();
    const after5 = backend.memory();
    let loss = 0;
    for (let i = 5; i < 50; i++) loss = net.step();
    assert.equal(backend.memory(), after5);
    assert.ok(Number.isFinite(loss), `loss after 50 steps: ${loss}`);
    assert.ok(after5.deviceArrays > 0, 'parameters live on the device');
    net.dispose();
  } finally {
    setBackend('cpu');
  }
});

test.run();
