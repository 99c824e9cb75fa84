// A steady training loop on the wasm backend allocates nothing per step (neither pooled tensor
// memory nor linear memory grows), and training on 3 threads follows the 1-thread losses bit for bit.
import {
  crossEntropy,
  Generator,
  manualSeed,
  nn,
  optim,
  randn,
  registerBackend,
  setBackend,
  type Tensor,
  tensor,
  tidy,
} from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWasmBackend, type WasmBackend } from '../src/index.js';

/** conv → batch norm → relu → max-pool → conv → relu → linear on `backendName`, with Adam. */
function smallNet(backendName: string, batch: number) {
  setBackend(backendName);
  // Seeded initial weights (the layers draw from core's global generator): the same net each time.
  manualSeed(7);
  const g = new Generator(7);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 8, 3, { padding: 1 }),
    new nn.BatchNorm2d(8),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(8, 16, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.Flatten(),
    new nn.Linear(16 * 7 * 7, 10),
  );
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
  const x: Tensor = randn([batch, 1, 14, 14], { generator: g });
  const y: Tensor = tensor(Int32Array.from({ length: batch }, (_, i) => i % 10));
  model.train();
  const step = (): number =>
    tidy(() => {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      optimizer.step();
      return loss.item();
    });
  const dispose = () => {
    for (const t of [x, y, ...model.parameters()]) t.dispose();
  };
  return { step, dispose };
}

const backends = [1, 3].map((threads) => {
  const b = createWasmBackend(`wasm-steady-${threads}`, { threads, minWorkPerThread: 1 });
  registerBackend(b.name, () => b);
  return b;
});
// Where SharedArrayBuffer is missing: tensors are JavaScript arrays, copied around each kernel.
const privateMemory = createWasmBackend('wasm-steady-private', { sharedMemory: false });
registerBackend(privateMemory.name, () => privateMemory);

test('after warm-up, 20 training steps grow neither tensor memory nor linear memory', () => {
  const backend = backends[1];
  const net = smallNet(backend.name, 12);
  try {
    for (let i = 0; i < 3; i++) net.step();
    const memory = backend.memory();
    const linear = backend.arena.bytes;
    for (let i = 0; i < 20; i++) net.step();
    assert.equal(backend.memory(), memory);
    assert.is(backend.arena.bytes, linear);
    assert.ok(backend.parallelRuns > 0, 'the steps ran on threads');
  } finally {
    net.dispose();
    setBackend('cpu');
  }
});

test('over shared memory the kernels use tensors in place; over a private one they copy them', () => {
  const copiedPerStep = (b: WasmBackend) => {
    const net = smallNet(b.name, 12);
    try {
      for (let i = 0; i < 2; i++) net.step();
      const before = b.arena.copiedBytes;
      for (let i = 0; i < 5; i++) net.step();
      return (b.arena.copiedBytes - before) / 5;
    } finally {
      net.dispose();
      setBackend('cpu');
    }
  };
  assert.ok(backends[1].arena.resident);
  assert.not.ok(privateMemory.arena.resident);
  assert.is(privateMemory.threads, 1);
  const copies = copiedPerStep(privateMemory);
  const inPlace = copiedPerStep(backends[1]);
  // Only values the kernels make on the JavaScript side (a broadcast's per-row values) are copied.
  assert.ok(copies > 100_000, `a private memory copies operands: ${copies} bytes per step`);
  assert.ok(inPlace < copies / 100, `in place: ${inPlace} bytes per step (private: ${copies})`);
});

test('training on 3 threads, or over a private memory, gives the 1-thread losses bit for bit', () => {
  const losses = (b: WasmBackend) => {
    const net = smallNet(b.name, 12);
    try {
      return Array.from({ length: 6 }, () => net.step());
    } finally {
      net.dispose();
      setBackend('cpu');
    }
  };
  const one = losses(backends[0]);
  const three = losses(backends[1]);
  assert.equal(three, one);
  assert.equal(losses(privateMemory), one);
  assert.ok(one[5] < one[0], `the loss falls: ${one.join(', ')}`);
});

test.after(() => {
  for (const b of backends) b.stopThreads();
});

test.run();
