import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { add, exp, getBackend, log, mul, noGrad, relu, sum, tensor, tidy } from '../src/index.js';

const values = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());

function close(actual: number[], expected: number[], tol = 1e-5): void {
  assert.is(actual.length, expected.length);
  for (const [i, v] of actual.entries()) {
    assert.ok(Math.abs(v - expected[i]) <= tol, `index ${i}: ${v} vs ${expected[i]}`);
  }
}

test('gradients of a small expression match the hand derivation', () => {
  // f = sum(exp(x)·y + log(x)), df/dx = exp(x)·y + 1/x, df/dy = exp(x)
  const x = tensor([0.5, 1, 2], undefined, { requiresGrad: true });
  const y = tensor([1, -2, 3], undefined, { requiresGrad: true });
  sum(add(mul(exp(x), y), log(x))).backward();
  close(
    values(x.grad!),
    [0.5, 1, 2].map((v, i) => Math.exp(v) * [1, -2, 3][i] + 1 / v),
  );
  close(values(y.grad!), [0.5, 1, 2].map(Math.exp));
});

test('a tensor used twice gets both contributions', () => {
  const x = tensor([3], undefined, { requiresGrad: true });
  mul(x, x).sum().backward();
  close(values(x.grad!), [6]);
});

test('gradients accumulate across backward calls, as in PyTorch', () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  x.mul(3).sum().backward();
  x.mul(3).sum().backward();
  close(values(x.grad!), [6, 6]);
});

test('diamond graphs sum every path', () => {
  const x = tensor([2], undefined, { requiresGrad: true });
  const a = x.mul(2);
  const b = x.mul(3);
  a.mul(b).sum().backward(); // 6x² -> 12x
  close(values(x.grad!), [24]);
});

test('backward on a non-scalar needs a gradient of the same shape', () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  const y = x.mul(2);
  assert.throws(() => y.backward(), /one-element output.*\[2\]/);
  assert.throws(
    () => y.backward(tensor([1, 2, 3])),
    /gradient shape \[3\] must match the output's \[2\]/,
  );
  y.backward(tensor([1, 10]));
  close(values(x.grad!), [2, 20]);
});

test('backward through a freed graph is an error', () => {
  const x = tensor([1], undefined, { requiresGrad: true });
  const y = x.mul(2).sum();
  y.backward();
  assert.throws(() => y.backward(), /second time/);
});

test('backward on a tensor without gradients explains why', () => {
  assert.throws(() => tensor([1]).sum().backward(), /does not require gradients/);
});

test('noGrad records nothing', () => {
  const x = tensor([1], undefined, { requiresGrad: true });
  const y = noGrad(() => x.mul(2));
  assert.is(y.requiresGrad, false);
  assert.is(y.gradFn, null);
});

test('detach cuts the graph', () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  const y = x.mul(2).detach();
  assert.is(y.requiresGrad, false);
  close(values(y), [2, 4]);
});

test('relu passes gradient only where the input is positive', () => {
  const x = tensor([-1, 0.5, 2, -3], undefined, { requiresGrad: true });
  relu(x).sum().backward();
  close(values(x.grad!), [0, 1, 1, 0]);
});

test('a 20000-op chain runs backward without overflowing the stack', () => {
  const x = tensor([1], undefined, { requiresGrad: true });
  tidy(() => {
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(0.0001);
    y.sum().backward();
  });
  close(values(x.grad!), [1]);
});

test('leaf gradients survive the tidy that computed them', () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  tidy(() => {
    x.square().sum().backward();
  });
  close(values(x.grad!), [2, 4]);
});

test.run();

// Saved tensors belong to the graph's nodes: the forward's own tensors can go (here tidy() frees
// every intermediate), backward still runs on what the nodes saved, and freeing the graph frees
// exactly those — the backend's buffer count says so.
test('graph nodes own their saved tensors: freed by backward, a second backward fails, no leak', () => {
  const backend = getBackend();
  const x = tensor([0.5, -1, 2], undefined, { requiresGrad: true });
  const w = tensor([2, 3, -0.25], undefined, { requiresGrad: true });
  // f = Σ exp(relu(x·w)): mul saves x and w (no new memory), relu and exp their outputs.
  const forward = () => tidy(() => sum(exp(relu(mul(x, w)))));
  // A warm-up, so that nothing allocated once (on first use) is counted below.
  const warm = forward();
  warm.backward();
  for (const t of [warm, x.grad!, w.grad!]) t.dispose();
  x.grad = w.grad = null;
  const start = backend.memory().buffers - 2;
  const f = forward();
  assert.is(backend.memory().buffers, start + 3 + 2, 'x, w, f and the two saved outputs');
  assert.is(f.gradFn?.op, 'sum');
  f.backward();
  // df/dx = exp(xw)·w where xw > 0, else 0 (and likewise for w).
  const xw = [1, -3, -0.5];
  close(
    values(x.grad!),
    xw.map((v, i) => (v > 0 ? Math.exp(v) * [2, 3, -0.25][i] : 0)),
  );
  close(
    values(w.grad!),
    xw.map((v, i) => (v > 0 ? Math.exp(v) * [0.5, -1, 2][i] : 0)),
  );
  assert.is(backend.memory().buffers, start + 3 + 2, 'saved outputs freed; x.grad and w.grad made');
  assert.throws(() => f.backward(), /second time \(the saved tensors of sum were freed\)/);
  for (const t of [x.grad!, w.grad!, f, x, w]) t.dispose();
  assert.is(backend.memory().buffers, start);
});

test('a graph no backward ran through is freed when its output goes', () => {
  const backend = getBackend();
  const x = tensor([0.5, -1, 2], undefined, { requiresGrad: true });
  tidy(() => sum(exp(exp(x)))).dispose(); // a warm-up, as above
  const start = backend.memory().buffers - 1;
  const f = tidy(() => sum(exp(exp(x))));
  assert.is(backend.memory().buffers, start + 2 + 2, 'x, f and the two saved exp outputs');
  f.dispose();
  assert.is(backend.memory().buffers, start + 1);
  x.dispose();
});

test('disposing an intermediate does not cut the graph: its node keeps what backward reads', () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  const y = exp(x);
  const f = sum(mul(y, 3));
  y.dispose();
  f.backward();
  close(values(x.grad!), [3 * Math.exp(1), 3 * Math.exp(2)]);
});
