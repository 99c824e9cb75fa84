import { setBackend } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type GpuBackend, registerGpuBackend } from '../src/index.js';
import { smallNet } from './small-net.js';

registerGpuBackend('gpu-cache', { mode: 'webasm' });

test('after the first training step of a fixed batch shape nothing compiles', () => {
  const backend = setBackend('gpu-cache') as GpuBackend;
  try {
    const net = smallNet(6);
    const beforeFirst = backend.compileCount;
    net.step();
    const afterFirst = backend.compileCount;
    assert.ok(afterFirst > beforeFirst, 'the first step compiles its programs');
    // Later steps change the learning rate, Adam's step count and the dropout mask: all uniforms or data.
    for (let i = 0; i < 4; i++) net.step();
    assert.is(backend.compileCount, afterFirst);
    // A new batch shape is a new signature.
    const other = smallNet(3, 2);
    other.step();
    assert.ok(backend.compileCount > afterFirst, 'a new batch shape compiles');
    net.dispose();
    other.dispose();
  } finally {
    setBackend('cpu');
  }
});

test.run();
