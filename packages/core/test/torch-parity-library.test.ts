// The library's ops, layers and losses against PyTorch 1.13 (fixtures/torch/library.safetensors,
// written by make_library_fixtures.py beside it), on the cpu backend.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import { runTorchParity } from '../src/testing/index.js';

const bytes = readFileSync(new URL('./fixtures/torch/library.safetensors', import.meta.url));
runTorchParity('cpu', { test }, bytes);
test.run();
