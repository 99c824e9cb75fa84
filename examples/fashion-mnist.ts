// A small residual CNN (BatchNorm2d or GroupNorm, AdaptiveAvgPool2d) trained on Fashion-MNIST: the library beyond
// the seed's MNIST classifier. Writes the model, its JSON card and loss/accuracy curves (PNG).
// Data: Debian's dataset-fashion-mnist (gzipped IDX files).
//
//   apt-get install dataset-fashion-mnist
//   node --conditions=source --import tsx examples/fashion-mnist.ts --epochs 4 --width 12 --no-flip   # 91.21% (README)
//   node --conditions=source --import tsx examples/fashion-mnist.ts --limit 500 --epochs 1   # a smoke run
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BatchSource,
  data,
  type EpochEnd,
  evaluate,
  fit,
  Generator,
  io,
  type LabelledBatch,
  manualSeed,
  nn,
  optim,
  type Tensor,
  tensor,
} from '@digitnet/core';
import { loadMnist, saveSafetensors } from '@digitnet/core/node';
import { Command, Option } from 'commander';
import { BACKENDS, fastestBackend, useBackend } from './lib/backend.js';
import { lineChartSvg, writePng } from './lib/charts.js';
import { fail, integer, number, userPath } from './lib/cli.js';
import { gitCommit } from './lib/git.js';
import { epochProgressBar } from './lib/progress.js';

type Norm = 'batch' | 'group';

/** BatchNorm2d, or GroupNorm with up to 8 groups. */
function norm(kind: Norm, channels: number): nn.BatchNorm2d | nn.GroupNorm {
  return kind === 'batch'
    ? new nn.BatchNorm2d(channels)
    : new nn.GroupNorm(Math.min(8, channels), channels);
}

/** conv → norm → ReLU → conv → norm, plus the input (a 1×1 conv when the shape changes). */
class ResidualBlock extends nn.Module {
  readonly conv1: nn.Conv2d;
  readonly n1: nn.BatchNorm2d | nn.GroupNorm;
  readonly conv2: nn.Conv2d;
  readonly n2: nn.BatchNorm2d | nn.GroupNorm;
  readonly shortcut: nn.Conv2d | null;

  constructor(inChannels: number, outChannels: number, stride: number, kind: Norm) {
    super();
    this.conv1 = this.registerModule(
      'conv1',
      new nn.Conv2d(inChannels, outChannels, 3, { stride, padding: 1, bias: false }),
    );
    this.n1 = this.registerModule('n1', norm(kind, outChannels));
    this.conv2 = this.registerModule(
      'conv2',
      new nn.Conv2d(outChannels, outChannels, 3, { padding: 1, bias: false }),
    );
    this.n2 = this.registerModule('n2', norm(kind, outChannels));
    const reshape = stride !== 1 || inChannels !== outChannels;
    this.shortcut = this.registerModule(
      'shortcut',
      reshape ? new nn.Conv2d(inChannels, outChannels, 1, { stride, bias: false }) : null,
    );
  }

  forward(x: Tensor): Tensor {
    const y = this.n2.forward(this.conv2.forward(this.n1.forward(this.conv1.forward(x)).relu()));
    return y.add(this.shortcut ? this.shortcut.forward(x) : x).relu();
  }
}

/**
 * stem (3×3 conv, GroupNorm) → residual blocks at widths w, 2w, 4w (the last two halve the size, the
 * first too with firstStride 2) → global average pool → linear.
 */
class ResNet extends nn.Module {
  readonly stem: nn.Sequential;
  readonly blocks: nn.ModuleList<ResidualBlock>;
  readonly pool = this.registerModule('pool', new nn.AdaptiveAvgPool2d(1));
  readonly fc: nn.Linear;

  constructor(width: number, firstStride: number, kind: Norm) {
    super();
    this.stem = this.registerModule(
      'stem',
      new nn.Sequential(
        new nn.Conv2d(1, width, 3, { padding: 1, bias: false }),
        norm(kind, width),
        new nn.ReLU(),
      ),
    );
    this.blocks = this.registerModule(
      'blocks',
      new nn.ModuleList([
        new ResidualBlock(width, width, firstStride, kind),
        new ResidualBlock(width, 2 * width, 2, kind),
        new ResidualBlock(2 * width, 4 * width, 2, kind),
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

/**
 * The loader's batches with a random half of the images mirrored left–right, seeded per
 * (epoch, batch) so a rerun sees the same data. Clothes stay clothes when mirrored.
 */
class FlipLoader implements BatchSource {
  constructor(
    private readonly loader: data.DataLoader,
    private readonly seed: number,
  ) {}

  get length(): number {
    return this.loader.length;
  }

  [Symbol.iterator](): Iterator<LabelledBatch> {
    return this.epoch(0)[Symbol.iterator]();
  }

  *epoch(epoch: number, fromBatch = 0): Iterable<LabelledBatch> {
    let b = fromBatch;
    for (const batch of this.loader.epoch(epoch, fromBatch)) {
      const random = new Generator(this.seed * 1_000_003 + epoch * 10_007 + b++);
      const [n, c, h, w] = batch.x.shape;
      const pixels = batch.x.dataSync().slice();
      for (let i = 0; i < n; i++) {
        if (random.uniform(0, 1) < 0.5) continue;
        for (let row = i * c * h; row < (i + 1) * c * h; row++) {
          pixels.subarray(row * w, (row + 1) * w).reverse();
        }
      }
      batch.x.dispose();
      yield { x: tensor(pixels, [n, c, h, w]), y: batch.y, size: batch.size };
    }
  }
}

const program = new Command('fashion-mnist')
  .description(
    'Train a small residual CNN (BatchNorm or GroupNorm, AdaptiveAvgPool2d) on Fashion-MNIST; write the model, its card and curves.',
  )
  .option('--data-dir <dir>', 'the IDX files (gzipped or not)', '/usr/share/datasets/fashion-mnist')
  .option('--epochs <n>', 'epochs to train', integer(1), 7)
  .option('--batch-size <n>', 'images per batch', integer(1), 128)
  .option('--lr <x>', 'peak learning rate of AdamW under a one-cycle schedule', number(0), 4e-3)
  .option('--weight-decay <x>', "AdamW's decoupled weight decay", number(0), 5e-4)
  .option('--width <n>', 'channels of the first stage (then 2x, 4x)', integer(1), 16)
  .addOption(
    new Option(
      '--norm <kind>',
      'normalisation layers (GroupNorm is ~1.5x slower: its composed ops, no fused kernel)',
    )
      .choices(['batch', 'group'])
      .default('batch'),
  )
  .option(
    '--first-stride <n>',
    'stride of the first residual block (2 halves the cost: stages at 14, 7 and 4 pixels)',
    integer(1),
    2,
  )
  .option('--shift <x>', 'random shift of up to ±x·28 pixels (0: none)', number(0), 0)
  .option('--no-flip', 'do not mirror half of the training images')
  .option(
    '--limit <n>',
    'use only the first n training and n/5 test images (smoke runs)',
    integer(1),
  )
  .addOption(
    new Option('--backend <name>', 'compute backend (default: wasm where WebAssembly SIMD runs)')
      .choices(BACKENDS)
      .default(fastestBackend()),
  )
  .option('--seed <n>', 'seed of initialisation, shuffling and augmentation', integer(0), 0)
  .option('--out <dir>', 'folder for the model, its card and plots', 'examples/out')
  .option('--name <name>', 'file name stem of the outputs', 'fashion-resnet');

interface Flags {
  dataDir: string;
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  width: number;
  firstStride: number;
  norm: Norm;
  shift: number;
  flip: boolean;
  limit?: number;
  backend: string;
  seed: number;
  out: string;
  name: string;
}

async function main(): Promise<void> {
  const flags = program.parse().opts<Flags>();
  flags.out = userPath(flags.out);
  flags.dataDir = userPath(flags.dataDir);
  const backendName = await useBackend(flags.backend);
  const commit = gitCommit();
  const started = performance.now();
  manualSeed(flags.seed);
  const cut = (d: data.ImageDataset, n: number | undefined) =>
    n === undefined || n >= d.count ? d : data.take(d, n);
  const train = cut(await loadMnist({ split: 'train', dir: flags.dataDir }), flags.limit);
  const test = cut(
    await loadMnist({ split: 'test', dir: flags.dataDir }),
    flags.limit && Math.max(1, Math.floor(flags.limit / 5)),
  );
  // Fashion-MNIST's pixel mean and standard deviation on [0, 1] (over the 60 000 training images).
  const normalize = { mean: 0.286, std: 0.353 };
  const shuffled = new data.DataLoader(train, {
    batchSize: flags.batchSize,
    shuffle: true,
    normalize,
    augment: flags.shift > 0 ? { degrees: 0, translate: flags.shift } : false,
    seed: flags.seed,
  });
  const loader = flags.flip ? new FlipLoader(shuffled, flags.seed) : shuffled;
  const testLoader = new data.DataLoader(test, { batchSize: 500, normalize });

  const model = new ResNet(flags.width, flags.firstStride, flags.norm);
  console.log(nn.summary(model, [1, 1, 28, 28]).text);
  const optimizer = new optim.AdamW(model.parameters(), {
    lr: flags.lr,
    weightDecay: flags.weightDecay,
  });
  const totalSteps = flags.epochs * loader.length;
  const schedule = new optim.OneCycleLR(optimizer, { maxLr: flags.lr, totalSteps });
  console.log(
    `training on ${train.count} images, testing on ${test.count}; ${loader.length} batches per epoch; backend ${backendName}`,
  );

  const bar = epochProgressBar();
  let barEpoch = -1;
  const history: EpochEnd[] = [];
  await fit(model, optimizer, loader, {
    epochs: flags.epochs,
    validation: testLoader,
    onBatchEnd: (b) => {
      schedule.step();
      if (b.epoch !== barEpoch) {
        barEpoch = b.epoch;
        bar.start(b.batches, b.batch, {
          epoch: `${b.epoch + 1}/${flags.epochs}`,
          loss: '-',
          speed: '-',
        });
      }
      bar.update(b.batch + 1, {
        loss: b.runningLoss.toFixed(4),
        speed: Math.round(b.samplesPerSecond),
      });
    },
    onEpochEnd: (e) => {
      bar.stop();
      history.push(e);
      console.log(
        `epoch ${e.epoch + 1}/${flags.epochs}: train loss ${e.trainLoss.toFixed(4)}, accuracy ${(100 * e.trainAccuracy).toFixed(2)}%; ` +
          `test loss ${e.valLoss?.toFixed(4)}, accuracy ${(100 * (e.valAccuracy ?? 0)).toFixed(2)}% ` +
          `(${e.seconds.toFixed(0)} s, ${e.samplesPerSecond.toFixed(0)} samples/s)`,
      );
    },
  });
  bar.stop();
  const final = evaluate(model, testLoader);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `test accuracy ${(100 * final.accuracy).toFixed(2)}% (${final.correct}/${final.count}), loss ${final.loss.toFixed(4)}; ${(seconds / 60).toFixed(1)} min`,
  );

  await mkdir(flags.out, { recursive: true });
  const { name } = flags;
  const stateDict = model.stateDict();
  const weightsPath = join(flags.out, `${name}.safetensors`);
  const card = {
    name,
    format: 'safetensors',
    architecture: {
      kind: 'resnet',
      norm: flags.norm,
      width: flags.width,
      firstStride: flags.firstStride,
    },
    parameters: model.numParameters(),
    hyperparameters: {
      epochs: flags.epochs,
      batchSize: flags.batchSize,
      optimizer: 'AdamW',
      lr: flags.lr,
      weightDecay: flags.weightDecay,
      schedule: 'onecycle',
      augment: { shift: flags.shift, flip: flags.flip },
    },
    data: { source: flags.dataDir, train: train.count, test: test.count },
    metrics: history,
    test: {
      accuracy: final.accuracy,
      loss: final.loss,
      correct: final.correct,
      count: final.count,
    },
    seed: flags.seed,
    backend: backendName,
    durationSeconds: Math.round(seconds),
    gitCommit: commit,
    createdAt: new Date().toISOString(),
  };
  await saveSafetensors(
    weightsPath,
    stateDict,
    { format: 'pt', card: JSON.stringify({ name, test: card.test }) },
    { dtypes: io.torchDtypes(stateDict) },
  );
  await writeFile(join(flags.out, `${name}.json`), `${JSON.stringify(card, null, 2)}\n`);
  const epochs = history.map((h) => h.epoch + 1);
  await writePng(
    lineChartSvg(`${name}: loss`, 'epoch', 'cross-entropy', [
      {
        name: 'training',
        color: '#1f77b4',
        points: history.map((h, i) => [epochs[i], h.trainLoss]),
      },
      {
        name: 'test',
        color: '#ff7f0e',
        points: history.map((h, i) => [epochs[i], h.valLoss ?? 0]),
      },
    ]),
    join(flags.out, `${name}-loss.png`),
  );
  await writePng(
    lineChartSvg(`${name}: accuracy`, 'epoch', 'accuracy (%)', [
      {
        name: 'training',
        color: '#1f77b4',
        points: history.map((h, i) => [epochs[i], h.trainAccuracy * 100]),
      },
      {
        name: 'test',
        color: '#2ca02c',
        points: history.map((h, i) => [epochs[i], (h.valAccuracy ?? 0) * 100]),
      },
    ]),
    join(flags.out, `${name}-accuracy.png`),
  );
  console.log(`wrote ${weightsPath}, ${name}.json, ${name}-loss.png, ${name}-accuracy.png`);
}

main().catch(fail);
