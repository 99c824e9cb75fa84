// PyTorch parity of the library ops, layers and losses: values and gradients written by PyTorch
// 1.13 (test/fixtures/torch/make_library_fixtures.py -> library.safetensors), checked on any
// backend. Each item names the same op, with the same argument order, as the script.
import { backward } from '../autograd.js';
import { getBackend, setBackend } from '../backend.js';
import { decodeSafetensors } from '../io/safetensors.js';
import { tidy } from '../memory.js';
import * as ops from '../ops/index.js';
import * as layers from '../ops/layers.js';
import * as loss from '../ops/loss.js';
import type { Tensor } from '../tensor.js';

/** digitnet's side of one fixture item: its output from the fixture's inputs ([values, int32 indices] for sort and topk). */
export type TorchItem = (xs: Tensor[]) => Tensor | [Tensor, Tensor];

/** digitnet's side of every fixture item. */
export const TORCH_ITEMS: Readonly<Record<string, TorchItem>> = {
  sin: ([x]) => ops.sin(x),
  cos: ([x]) => ops.cos(x),
  erf: ([x]) => ops.erf(x),
  gelu: ([x]) => ops.gelu(x),
  silu: ([x]) => ops.silu(x),
  softplus: ([x]) => ops.softplus(x),
  clamp: ([x]) => ops.clamp(x, -0.5, 0.7),
  where: ([c, a, b]) => ops.where(c, a, b),
  maskedFill: ([x, m]) => ops.maskedFill(x, m, -2.5),
  gather: ([x, i]) => ops.gather(x, 1, i),
  indexSelect: ([x, i]) => ops.indexSelect(x, 0, i),
  index: ([x]) => ops.index(x, '1:', '::2', -1),
  index2: ([x]) => ops.index(x, '...', null, '2:5'),
  logSumExp: ([x]) => ops.logSumExp(x, 1),
  logSumExpLarge: ([x]) => ops.logSumExp(x, 0),
  var: ([x]) => ops.variance(x, 1),
  varBiased: ([x]) => ops.variance(x, 0, false),
  std: ([x]) => ops.std(x),
  cumsum: ([x]) => ops.cumsum(x, 1),
  sort: ([x]) => ops.sort(x, { dim: 1, descending: true }),
  topk: ([x]) => ops.topk(x, 3, { dim: 1 }),
  topkSmallest: ([x]) => ops.topk(x, 2, { dim: 0, largest: false }),
  eye: () => ops.eye(3, 4),
  linspace: () => ops.linspace(-1, 2, 7),
  convTranspose2d: ([x, w, b]) =>
    layers.convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }),
  conv1d: ([x, w, b]) => layers.conv1d(x, w, b, { stride: 2, padding: 1, dilation: 2 }),
  layerNorm: ([x, w, b]) => layers.layerNorm(x, [4, 5], w, b),
  groupNorm: ([x, w, b]) => layers.groupNorm(x, 2, w, b),
  adaptiveAvgPool2d: ([x]) => layers.adaptiveAvgPool2d(x, [3, 2]),
  embedding: ([i, w]) => layers.embedding(i, w),
  crossEntropyIgnore: ([x, y]) => loss.crossEntropy(x, y),
  crossEntropyProbs: ([x, t]) => loss.crossEntropy(x, t),
  nllLoss: ([x, y]) => loss.nllLoss(x, y),
  bce: ([p, t]) => loss.binaryCrossEntropy(p, t),
  bceWithLogits: ([x, t]) => loss.binaryCrossEntropyWithLogits(x, t),
  bceWithLogitsPosWeight: ([x, t, w]) => loss.binaryCrossEntropyWithLogits(x, t, { posWeight: w }),
  l1Loss: ([a, b]) => loss.l1Loss(a, b),
  smoothL1Loss: ([a, b]) => loss.smoothL1Loss(a, b, { beta: 0.5 }),
};

/** |a − b| ≤ atol + rtol·|b| for every element (float32 against PyTorch's float64 answer). */
function check(what: string, actual: Tensor, expected: Tensor, rtol = 2e-5, atol = 2e-5): void {
  if (actual.shape.join() !== expected.shape.join()) {
    throw new Error(`${what}: shape [${actual.shape}], PyTorch [${expected.shape}]`);
  }
  if (actual.dtype !== expected.dtype) {
    throw new Error(`${what}: dtype ${actual.dtype}, PyTorch ${expected.dtype}`);
  }
  const a = actual.dataSync();
  const b = expected.dataSync();
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
      throw new Error(`${what}[${i}] = ${a[i]}, PyTorch ${b[i]} (|diff| ${Math.abs(a[i] - b[i])})`);
    }
  }
}

/** Registers one test per fixture item, run on backend `backendName`; `bytes` is library.safetensors. */
export function runTorchParity(
  backendName: string,
  opts: { test: (name: string, fn: () => void) => void },
  bytes: Uint8Array,
): void {
  const file = decodeSafetensors(bytes).tensors;
  const names = Object.keys(TORCH_ITEMS);
  opts.test(`torch parity [${backendName}]: every fixture item has a digitnet side`, () => {
    const inFile = new Set(Object.keys(file).map((k) => k.split('.')[0]));
    const missing = [...inFile].filter((n) => !names.includes(n));
    const extra = names.filter((n) => !inFile.has(n));
    if (missing.length + extra.length > 0) {
      throw new Error(
        `items without a digitnet side: ${missing.join(', ')}; not in the file: ${extra.join(', ')}`,
      );
    }
  });
  for (const name of names) {
    opts.test(`torch parity [${backendName}]: ${name}`, () => {
      const previous = getBackend();
      setBackend(backendName);
      try {
        tidy(() => {
          const inputs: Tensor[] = [];
          for (let i = 0; `${name}.in${i}` in file; i++) {
            const t = file[`${name}.in${i}`].to(backendName);
            inputs.push(`${name}.grad${i}` in file ? t.detach().requiresGrad_() : t);
          }
          const result = TORCH_ITEMS[name](inputs);
          const [values, indices] = Array.isArray(result) ? result : [result, null];
          check(`${name} output`, values, file[`${name}.out`]);
          if (indices) check(`${name} indices`, indices, file[`${name}.idx`], 0, 0);
          if (!(`${name}.r` in file)) return;
          backward(values, file[`${name}.r`].to(backendName));
          inputs.forEach((t, i) => {
            const want = file[`${name}.grad${i}`];
            if (!want) return;
            if (!t.grad) throw new Error(`${name}: input ${i} got no gradient`);
            check(`${name} gradient of input ${i}`, t.grad, want);
          });
        });
      } finally {
        setBackend(previous.name);
      }
    });
  }
}
