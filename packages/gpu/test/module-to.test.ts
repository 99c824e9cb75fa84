// Moving a model to the gpu backend and back, and loading a state dict across backends.
import { findBackend, manualSeed, models, noGrad, randn } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registerGpuBackend } from '../src/index.js';

registerGpuBackend('gpu-move', { mode: 'webasm' });

test('Module.to(gpu) gives the same logits; a gpu state dict loads into a cpu model', () => {
  manualSeed(11);
  const model = models.mnistCnn({ factor: 4 }).eval();
  const x = randn([3, 1, 28, 28]);
  const want = Array.from(noGrad(() => model.forward(x)).dataSync());
  const gpu = findBackend('gpu-move');
  model.to('gpu-move');
  assert.ok(model.parameters().every((p) => p.backend === gpu));
  assert.ok(model.buffers().every((b) => b.backend === gpu));
  const got = Array.from(noGrad(() => model.forward(x.to('gpu-move'))).dataSync());
  for (const [i, v] of got.entries()) {
    assert.ok(Math.abs(v - want[i]) < 1e-4, `logit ${i}: ${v} vs ${want[i]}`);
  }
  // The failure the issue reported: loading tensors that live on the gpu backend into a cpu model.
  const copy = models.mnistCnn({ factor: 4 }).eval();
  copy.loadStateDict(model.stateDict());
  const back = Array.from(noGrad(() => copy.forward(x)).dataSync());
  assert.equal(back, want);
  model.to('cpu');
  assert.ok(model.parameters().every((p) => p.backend.name === 'cpu'));
});

test.run();
