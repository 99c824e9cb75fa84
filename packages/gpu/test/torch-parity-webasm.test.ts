// The library's ops, layers and losses against PyTorch 1.13 (core's fixtures/torch/library.safetensors)
// on the gpu backend in webasm mode.
import { readFileSync } from 'node:fs';
import { runTorchParity } from '@digitnet/core/testing';
import { test } from 'uvu';
import { registerGpuBackend } from '../src/index.js';

registerGpuBackend('gpu-webasm', { mode: 'webasm' });
const bytes = readFileSync(
  new URL('../../core/test/fixtures/torch/library.safetensors', import.meta.url),
);
runTorchParity('gpu-webasm', { test }, bytes);
test.run();
