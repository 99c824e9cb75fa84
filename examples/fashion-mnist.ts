// A small residual CNN (GroupNorm, AdaptiveAvgPool2d) trained on Fashion-MNIST: the library beyond
// the seed's MNIST classifier. Data: Debian's dataset-fashion-mnist (gzipped IDX files).
//
//   apt-get install dataset-fashion-mnist
//   node --conditions=source --import tsx examples/fashion-mnist.ts --epochs 10
//   node --conditions=source --import tsx examples/fashion-mnist.ts --limit 500 --epochs 1   # a smoke run
import { data, evaluate, fit, manualSeed, nn, optim, type Tensor } from '@digitnet/core';
import { loadMnist } from '@digitnet/core/node';
import { Command } from 'commander';
import { integer, number } from './lib/cli.js';

/** conv → GroupNorm → ReLU → conv → GroupNorm, plus the input (a 1×1 conv when the width changes). */
class ResidualBlock extends nn.Module {
  readonly conv1: nn.Conv2d;
  readonly gn1: nn.GroupNorm;
  readonly conv2: nn.Conv2d;
  readonly gn2: nn.GroupNorm;
  readonly shortcut: nn.Conv2d | null;

  constructor(inChannels: number, outChannels: number, stride: number, groups: number) {
    super();
    this.conv1 = this.registerModule(
      'conv1',
      new nn.Conv2d(inChannels, outChannels, 3, { stride, padding: 1, bias: false }),
    );
    this.gn1 = this.registerModule('gn1', new nn.GroupNorm(groups, outChannels));
    this.conv2 = this.registerModule(
      'conv2',
      new nn.Conv2d(outChannels, outChannels, 3, { padding: 1, bias: false }),
    );
    this.gn2 = this.registerModule('gn2', new nn.GroupNorm(groups, outChannels));
    const reshape = stride !== 1 || inChannels !== outChannels;
    this.shortcut = this.registerModule(
      'shortcut',
      reshape ? new nn.Conv2d(inChannels, outChannels, 1, { stride, bias: false }) : null,
    );
  }

  forward(x: Tensor): Tensor {
    const y = this.gn2.forward(this.conv2.forward(this.gn1.forward(this.conv1.forward(x)).relu()));
    return y.add(this.shortcut ? this.shortcut.forward(x) : x).relu();
  }
}

/** stem (3×3 conv, GroupNorm) → residual blocks at widths w, 2w, 4w → global average pool → linear. */
class ResNet extends nn.Module {
  readonly stem: nn.Sequential;
  readonly blocks: nn.ModuleList<ResidualBlock>;
  readonly pool = this.registerModule('pool', new nn.AdaptiveAvgPool2d(1));
  readonly fc: nn.Linear;

  constructor(width: number) {
    super();
    const groups = Math.min(8, width);
    this.stem = this.registerModule(
      'stem',
      new nn.Sequential(
        new nn.Conv2d(1, width, 3, { padding: 1, bias: false }),
        new nn.GroupNorm(groups, width),
        new nn.ReLU(),
      ),
    );
    this.blocks = this.registerModule(
      'blocks',
      new nn.ModuleList([
        new ResidualBlock(width, width, 1, groups),
        new ResidualBlock(width, 2 * width, 2, groups),
        new ResidualBlock(2 * width, 4 * width, 2, groups),
      ]),
    );
    this.fc = this.registerModule('fc', new nn.Linear(4 * width, 10));
  }

  forward(x: Tensor): Tensor {
    let y = this.stem.forward(x);
    for (const block of this.blocks) y = block.forward(y);
    return this.fc.forward(this.pool.forward(y).flatten(1));
  }
}

const opts = new Command('fashion-mnist')
  .description('Train a small residual CNN (GroupNorm, AdaptiveAvgPool2d) on Fashion-MNIST.')
  .option('--data-dir <dir>', 'the IDX files (gzipped or not)', '/usr/share/datasets/fashion-mnist')
  .option('--epochs <n>', 'epochs to train', integer(1), 10)
  .option('--batch-size <n>', 'images per batch', integer(1), 64)
  .option('--lr <x>', 'Adam learning rate, cosine-annealed to 0', number(0), 2e-3)
  .option('--width <n>', 'channels of the first stage (then 2x, 4x)', integer(1), 16)
  .option(
    '--limit <n>',
    'use only the first n training and n/5 test images (smoke runs)',
    integer(1),
  )
  .option('--seed <n>', 'seed of initialisation and shuffling', integer(0), 0)
  .parse()
  .opts<{
    dataDir: string;
    epochs: number;
    batchSize: number;
    lr: number;
    width: number;
    limit?: number;
    seed: number;
  }>();

manualSeed(opts.seed);
const cut = (d: data.ImageDataset, n: number | undefined) =>
  n === undefined || n >= d.count ? d : data.take(d, n);
const train = cut(await loadMnist({ split: 'train', dir: opts.dataDir }), opts.limit);
const test = cut(
  await loadMnist({ split: 'test', dir: opts.dataDir }),
  opts.limit && Math.max(1, Math.floor(opts.limit / 5)),
);
// Fashion-MNIST's pixel mean and standard deviation on [0, 1] (over the 60 000 training images).
const normalize = { mean: 0.286, std: 0.353 };
const loader = new data.DataLoader(train, { batchSize: opts.batchSize, shuffle: true, normalize });
const testLoader = new data.DataLoader(test, { batchSize: 500, normalize });

const model = new ResNet(opts.width);
console.log(nn.summary(model, [1, 1, 28, 28]).text);
const optimizer = new optim.Adam(model.parameters(), { lr: opts.lr, weightDecay: 5e-4 });
const schedule = new optim.CosineAnnealingLR(optimizer, { tMax: opts.epochs * loader.length });
console.log(`train ${train.count}, test ${test.count} images; ${loader.length} batches per epoch`);
await fit(model, optimizer, loader, {
  epochs: opts.epochs,
  validation: testLoader,
  onBatchEnd: () => schedule.step(),
  onEpochEnd: (e) =>
    console.log(
      `epoch ${e.epoch + 1}: train loss ${e.trainLoss.toFixed(4)}, accuracy ${(100 * e.trainAccuracy).toFixed(2)}%; ` +
        `test loss ${e.valLoss?.toFixed(4)}, accuracy ${(100 * (e.valAccuracy ?? 0)).toFixed(2)}% ` +
        `(${e.seconds.toFixed(1)} s, ${e.samplesPerSecond.toFixed(0)} samples/s)`,
    ),
});
const final = evaluate(model, testLoader);
console.log(`test accuracy ${(100 * final.accuracy).toFixed(2)}% on ${test.count} images`);
