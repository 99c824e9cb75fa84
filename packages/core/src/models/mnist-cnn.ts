// The seed project's MNIST CNN (PyTorch BaseCNN) with its exact state-dict keys and forward pass.

import { MNIST_NORMALIZATION } from '../data/loader.js';
import { BatchNorm2d } from '../nn/batch-norm2d.js';
import { Conv2d } from '../nn/conv2d.js';
import { Dropout } from '../nn/dropout.js';
import { Dropout2d } from '../nn/dropout2d.js';
import { Linear } from '../nn/linear.js';
import { MaxPool2d } from '../nn/max-pool2d.js';
import { Module } from '../nn/module.js';
import { mean } from '../ops/reduce.js';
import { flatten } from '../ops/reshape.js';
import { relu } from '../ops/unary.js';
import type { Generator } from '../random.js';
import { conv2dInfo } from '../shape/conv.js';
import { conv2dFlops, matmulFlops } from '../shape/flops.js';
import type { Tensor } from '../tensor.js';

/** Per-image activations of an mnistCnn (see MnistCnn.forwardWithActivations). */
export interface MnistCnnActivations {
  /** conv1's block output averaged over positions: [N, F]. */
  conv1: Tensor;
  /** conv2's block output averaged over positions: [N, 2F]. */
  conv2: Tensor;
  /** fc1 after ReLU: [N, multiplier·F]. */
  fc1: Tensor;
}

/** Settings of mnistCnn, the seed's names in camelCase (JSON-able, for model cards). */
export interface MnistCnnConfig {
  /** Width F: conv1 has F channels, conv2 2F, fc1 multiplier·F units (32; the served model used 16). */
  factor: number;
  /** Square convolution kernel, padded 'same' (3). */
  kernelSize: number;
  /** fc1 width as a multiple of F (4). */
  multiplier: number;
  /** Dropout2d probability after each conv block (0.25). */
  dropoutConv: number;
  /** Dropout probability before fc2 (0.5). */
  dropoutFc: number;
}

/** Options of mnistCnn that are not part of the architecture. */
export interface MnistCnnOptions {
  /** The PRNG the initial weights are drawn from; the global one by default. */
  generator?: Generator;
}

/** One step of the forward pass in an architecture description. */
export interface ArchitectureStep {
  /** The state-dict prefix of the module ('' for functional steps: relu, flatten). */
  module: string;
  /** What runs, e.g. "Conv2d(1, 32, kernelSize=3, padding='same')". */
  op: string;
  /** Output shape of one sample. */
  outputShape: number[];
}

/** A JSON-able description of the network for model cards. */
export interface MnistCnnArchitecture {
  name: 'mnist-cnn';
  description: string;
  config: MnistCnnConfig;
  /** One sample's shape: [1, 28, 28], greyscale, normalised with the MNIST mean and std. */
  inputShape: number[];
  normalization: { mean: number; std: number };
  /** `[10]`: class logits, digits 0-9. */
  outputShape: number[];
  steps: ArchitectureStep[];
  /** State-dict keys with their shapes, in order. */
  stateDict: { key: string; shape: number[]; dtype: 'float32' | 'int32' }[];
  parameters: number;
}

/** The seed's defaults. */
export const mnistCnnDefaults: Readonly<MnistCnnConfig> = Object.freeze({
  factor: 32,
  kernelSize: 3,
  multiplier: 4,
  dropoutConv: 0.25,
  dropoutFc: 0.5,
});

/** Fills in defaults and validates a partial config. */
export function resolveMnistCnnConfig(config: Partial<MnistCnnConfig> = {}): MnistCnnConfig {
  const c = { ...mnistCnnDefaults, ...config };
  for (const key of ['factor', 'kernelSize', 'multiplier'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) {
      throw new Error(`mnistCnn: ${key} must be a positive integer, got ${c[key]}`);
    }
  }
  for (const key of ['dropoutConv', 'dropoutFc'] as const) {
    if (typeof c[key] !== 'number' || !(c[key] >= 0 && c[key] <= 1)) {
      throw new Error(`mnistCnn: ${key} must be a probability in [0, 1], got ${c[key]}`);
    }
  }
  return c;
}

/**
 * The seed's CNN: two conv blocks (conv 'same' → batch norm → ReLU → max-pool 2 → dropout2d)
 * and a classifier (flatten → fc1 → ReLU → dropout → fc2). Children and keys follow PyTorch's
 * BaseCNN: conv1, bn1, pool, drop1, conv2, bn2, drop2, fc1, drop3, fc2.
 * x: [N, 1, 28, 28] (normalised) -> [N, 10] logits
 */
export class MnistCnn extends Module {
  readonly config: MnistCnnConfig;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  /** Shared by both blocks, as in the seed. */
  readonly pool: MaxPool2d;
  readonly drop1: Dropout2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly drop2: Dropout2d;
  readonly fc1: Linear;
  readonly drop3: Dropout;
  readonly fc2: Linear;

  constructor(config: Partial<MnistCnnConfig> = {}, opts: MnistCnnOptions = {}) {
    super();
    const c = resolveMnistCnnConfig(config);
    this.config = c;
    const f = c.factor;
    const g = opts.generator;
    const conv = { padding: 'same', generator: g } as const;
    this.conv1 = this.registerModule('conv1', new Conv2d(1, f, c.kernelSize, conv));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(f));
    this.pool = this.registerModule('pool', new MaxPool2d(2));
    this.drop1 = this.registerModule('drop1', new Dropout2d(c.dropoutConv));
    this.conv2 = this.registerModule('conv2', new Conv2d(f, 2 * f, c.kernelSize, conv));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(2 * f));
    this.drop2 = this.registerModule('drop2', new Dropout2d(c.dropoutConv));
    this.fc1 = this.registerModule(
      'fc1',
      new Linear(2 * f * 7 * 7, c.multiplier * f, { generator: g }),
    );
    this.drop3 = this.registerModule('drop3', new Dropout(c.dropoutFc));
    this.fc2 = this.registerModule('fc2', new Linear(c.multiplier * f, 10, { generator: g }));
  }

  /** x: [N, 1, 28, 28] -> [N, 10] logits */
  forward(x: Tensor): Tensor {
    return this.#layers(x).logits;
  }

  /**
   * The forward pass that also keeps what "not a digit" measures: each conv block's output (after
   * ReLU and max-pool, before dropout) averaged over positions, and fc1's activations after ReLU.
   * The logits are forward's, from the same ops.
   * x: [N, 1, 28, 28] -> conv1: [N, F], conv2: [N, 2F], fc1: [N, multiplier·F], logits: [N, 10]
   */
  forwardWithActivations(x: Tensor): MnistCnnActivations & { logits: Tensor } {
    const { block1, block2, fc1, logits } = this.#layers(x);
    return { conv1: mean(block1, [2, 3]), conv2: mean(block2, [2, 3]), fc1, logits };
  }

  /** The forward pass, with the intermediate results forwardWithActivations reads. */
  #layers(x: Tensor): { block1: Tensor; block2: Tensor; fc1: Tensor; logits: Tensor } {
    const block1 = this.pool.forward(relu(this.bn1.forward(this.conv1.forward(x))));
    const block2 = this.pool.forward(
      relu(this.bn2.forward(this.conv2.forward(this.drop1.forward(block1)))),
    );
    const fc1 = relu(this.fc1.forward(flatten(this.drop2.forward(block2), 1)));
    return { block1, block2, fc1, logits: this.fc2.forward(this.drop3.forward(fc1)) };
  }

  /** The JSON-able description of this network (see mnistCnnArchitecture). */
  get architecture(): MnistCnnArchitecture {
    return mnistCnnArchitecture(this.config);
  }
}

/**
 * The seed's CNN with PyTorch's default initialisation.
 * @example
 * ```ts
 * const model = models.mnistCnn({ factor: 16 }).eval();
 * console.log(model.forward(zeros([2, 1, 28, 28])).shape); // → [ 2, 10 ]
 * ```
 */
export function mnistCnn(
  config: Partial<MnistCnnConfig> = {},
  opts: MnistCnnOptions = {},
): MnistCnn {
  return new MnistCnn(config, opts);
}

/** A JSON-able description of mnistCnn(config) for model cards, computed without building it. */
export function mnistCnnArchitecture(config: Partial<MnistCnnConfig> = {}): MnistCnnArchitecture {
  const c = resolveMnistCnnConfig(config);
  const { factor: f, kernelSize: k, multiplier: m } = c;
  const conv = (i: number, o: number) =>
    `Conv2d(${i}, ${o}, kernelSize=[${k}, ${k}], stride=[1, 1], padding='same')`;
  const bn = (ch: number) =>
    `BatchNorm2d(${ch}, eps=0.00001, momentum=0.1, affine=true, trackRunningStats=true)`;
  const pool = 'MaxPool2d(kernelSize=2, stride=2, padding=0, ceilMode=false)';
  const steps: ArchitectureStep[] = [
    { module: 'conv1', op: conv(1, f), outputShape: [f, 28, 28] },
    { module: 'bn1', op: bn(f), outputShape: [f, 28, 28] },
    { module: '', op: 'relu', outputShape: [f, 28, 28] },
    { module: 'pool', op: pool, outputShape: [f, 14, 14] },
    { module: 'drop1', op: `Dropout2d(p=${c.dropoutConv})`, outputShape: [f, 14, 14] },
    { module: 'conv2', op: conv(f, 2 * f), outputShape: [2 * f, 14, 14] },
    { module: 'bn2', op: bn(2 * f), outputShape: [2 * f, 14, 14] },
    { module: '', op: 'relu', outputShape: [2 * f, 14, 14] },
    { module: 'pool', op: pool, outputShape: [2 * f, 7, 7] },
    { module: 'drop2', op: `Dropout2d(p=${c.dropoutConv})`, outputShape: [2 * f, 7, 7] },
    { module: '', op: 'flatten(startDim=1)', outputShape: [2 * f * 49] },
    {
      module: 'fc1',
      op: `Linear(inFeatures=${2 * f * 49}, outFeatures=${m * f}, bias=true)`,
      outputShape: [m * f],
    },
    { module: '', op: 'relu', outputShape: [m * f] },
    { module: 'drop3', op: `Dropout(p=${c.dropoutFc})`, outputShape: [m * f] },
    {
      module: 'fc2',
      op: `Linear(inFeatures=${m * f}, outFeatures=10, bias=true)`,
      outputShape: [10],
    },
  ];
  const stateDict: MnistCnnArchitecture['stateDict'] = [];
  const param = (key: string, shape: number[]) => stateDict.push({ key, shape, dtype: 'float32' });
  for (const [i, [cin, cout]] of [
    [1, f],
    [f, 2 * f],
  ].entries()) {
    param(`conv${i + 1}.weight`, [cout, cin, k, k]);
    param(`conv${i + 1}.bias`, [cout]);
    for (const name of ['weight', 'bias', 'running_mean', 'running_var'])
      param(`bn${i + 1}.${name}`, [cout]);
    stateDict.push({ key: `bn${i + 1}.num_batches_tracked`, shape: [], dtype: 'int32' });
  }
  param('fc1.weight', [m * f, 2 * f * 49]);
  param('fc1.bias', [m * f]);
  param('fc2.weight', [10, m * f]);
  param('fc2.bias', [10]);
  const isParameter = (key: string) => !/running_|num_batches/.test(key);
  const parameters = stateDict
    .filter((e) => isParameter(e.key))
    .reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
  return {
    name: 'mnist-cnn',
    description:
      "The seed project's BaseCNN: two conv blocks (conv 'same', batch norm, ReLU, max-pool 2, " +
      'dropout2d) and a two-layer classifier with dropout; PyTorch state-dict keys.',
    config: c,
    inputShape: [1, 28, 28],
    normalization: { ...MNIST_NORMALIZATION },
    outputShape: [10],
    steps,
    stateDict,
    parameters,
  };
}

/**
 * FLOPs of the convolutions and linear layers (the work that dominates) for a batch: the forward
 * pass, and a training step (forward, both gradients of each layer except conv1's input gradient).
 */
export function mnistCnnFlops(
  config: Partial<MnistCnnConfig>,
  batch: number,
): { forward: number; trainStep: number } {
  const c = resolveMnistCnnConfig(config);
  const f = c.factor;
  const k = c.kernelSize;
  const conv = (inC: number, outC: number, size: number) =>
    conv2dFlops(conv2dInfo([batch, inC, size, size], [outC, inC, k, k], { padding: 'same' }));
  const conv1 = conv(1, f, 28);
  const conv2 = conv(f, 2 * f, 14);
  const fc1 = matmulFlops(batch, c.multiplier * f, 2 * f * 49);
  const fc2 = matmulFlops(batch, 10, c.multiplier * f);
  const forward = conv1 + conv2 + fc1 + fc2;
  // Each layer's weight gradient costs its forward again, its input gradient too (conv1's input is data).
  return { forward, trainStep: forward + (conv1 + conv2 + fc1 + fc2) + (conv2 + fc1 + fc2) };
}
