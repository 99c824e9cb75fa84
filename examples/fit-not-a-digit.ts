// Fits core's "not a digit" score for a model: a logistic regression over data.notADigitFeatures
// and, unless --no-activations, data.activationFeatures (Mahalanobis distances of the model's
// conv1, conv2 and fc1 activations to the nearest class mean, with class statistics fitted on
// MNIST's validation half as it is) on generated drawings — drawn digits from MNIST's validation
// half and non-digits — both made with other seeds than the evaluation sets (`evaluate --as drawn`
// and `--non-digits` use the test half, seeds 16 and 61). --write stores the score in the model
// file's safetensors metadata (the weights' bytes unchanged), where the server and the page read it.
//
//   npm run fit-not-a-digit -- models/mnist-cnn-f16.safetensors --write
import { readFile, rename, writeFile } from 'node:fs/promises';
import { data, Generator, models } from '@digitnet/core';
import { loadMnist, loadSafetensors } from '@digitnet/core/node';
import { Command } from 'commander';
import { fail, integer, userPath } from './lib/cli.js';
import { drawnDigits, toDataset } from './lib/drawn.js';
import { featuresOf, nonDigits, outputsOf } from './lib/nondigits.js';
import { fitActivationStats, fitNotADigit, withMetadata } from './lib/notdigit-fit.js';

// The drawings' seeds: never the evaluation sets' (16 and 61).
const SEEDS = { digits: 116, nonDigits: 161 };

const program = new Command('fit-not-a-digit')
  .description("Fit a model's not-a-digit score on generated drawings (and store it in the file).")
  .argument('<model>', 'a .safetensors file written by train-mnist')
  .option('--digits <n>', 'drawn digits to fit on', integer(1), 1500)
  .option('--non-digits <n>', 'non-digits to fit on', integer(1), 800)
  .option('--no-activations', "only the 7 features of logits and ink (core's NOT_A_DIGIT kind)")
  .option('--json <path>', 'also write the fitted score as JSON (for evaluate --not-a-digit)')
  .option(
    '--json-7 <path>',
    'also fit the 7-feature score on the same drawings and write it as JSON, to compare',
  )
  .option(
    '--write',
    "store the score in the model file's metadata, where servers and pages read it",
  )
  .option(
    '--max-digit-flags <fraction>',
    'the threshold flags at most this fraction of the fitting digits',
    Number.parseFloat,
    0.005,
  );

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<{
    digits: number;
    nonDigits: number;
    activations: boolean;
    maxDigitFlags: number;
    json?: string;
    json7?: string;
    write?: boolean;
  }>();
  const path = userPath(program.args[0]);
  const { tensors } = await loadSafetensors(path);
  const model = models.mnistCnn(models.mnistCnnConfigFromStateDict(tensors));
  model.loadStateDict(tensors);
  const all = await loadMnist({ split: 'test' });
  const half = Math.floor(all.count / 2);
  const [validation] = data.randomSplit(all, [half, all.count - half], new Generator(42));

  // The layers' class statistics: MNIST's validation half as it is (the model never trained on it).
  const stats = flags.activations
    ? fitActivationStats(outputsOf(model, validation).activations, validation.labels)
    : undefined;
  const features = async (drawings: Parameters<typeof toDataset>[0]) => {
    const ds = await toDataset(drawings);
    return featuresOf(ds, outputsOf(model, ds), stats);
  };
  const digits = await features(await drawnDigits(validation, flags.digits, SEEDS.digits));
  const others = await features(await nonDigits(validation, flags.nonDigits, SEEDS.nonDigits));
  const fitted = fitNotADigit(digits, others, flags.maxDigitFlags, stats);
  // What it was fitted on and how it did there, kept with it (the score's readers ignore it).
  const fit = {
    digits: digits.length,
    nonDigits: others.length,
    seeds: SEEDS,
    maxDigitFlags: flags.maxDigitFlags,
    digitsFlagged: fitted.digitsFlagged,
    nonDigitsFlagged: fitted.othersFlagged,
  };
  const score = { features: data.notADigitFeatureNames(fitted.score), ...fitted.score, fit };
  console.log(
    `fitted over ${score.features.join(', ')}\non ${digits.length} drawn digits and ` +
      `${others.length} non-digits: threshold ${score.threshold.toFixed(4)} flags ` +
      `${(fitted.othersFlagged * 100).toFixed(1)}% of the non-digits and ` +
      `${(fitted.digitsFlagged * 100).toFixed(2)}% of the digits`,
  );
  const json = JSON.stringify(score, (_, v) =>
    typeof v === 'number' ? Number(v.toPrecision(9)) : v,
  );
  // Read back as the server will: a score that does not parse is never written.
  data.parseNotADigitModel(JSON.parse(json));
  if (!stats) {
    const list = (v: readonly number[]) => `[${v.map((n) => Number(n.toPrecision(5))).join(', ')}]`;
    console.log(
      `\nexport const NOT_A_DIGIT: NotADigitModel = {\n  mean: ${list(score.mean)},\n` +
        `  std: ${list(score.std)},\n  weights: ${list(score.weights)},\n` +
        `  bias: ${Number(score.bias.toPrecision(5))},\n` +
        `  threshold: ${Number(score.threshold.toPrecision(5))},\n};`,
    );
  }
  if (flags.json) {
    await writeFile(userPath(flags.json), `${json}\n`);
    console.log(`wrote ${flags.json}`);
  }
  if (flags.json7) {
    const seven = data.NOT_A_DIGIT_FEATURES.length;
    const fit7 = fitNotADigit(
      digits.map((f) => f.slice(0, seven)),
      others.map((f) => f.slice(0, seven)),
      flags.maxDigitFlags,
    );
    console.log(
      `the 7-feature score on the same drawings: threshold ${fit7.score.threshold.toFixed(4)} ` +
        `flags ${(fit7.othersFlagged * 100).toFixed(1)}% of the non-digits and ` +
        `${(fit7.digitsFlagged * 100).toFixed(2)}% of the digits`,
    );
    await writeFile(userPath(flags.json7), `${JSON.stringify(fit7.score)}\n`);
    console.log(`wrote ${flags.json7}`);
  }
  if (flags.write) {
    const bytes = withMetadata(new Uint8Array(await readFile(path)), {
      [models.NOT_A_DIGIT_METADATA_KEY]: json,
    });
    // Whole or not at all: a server may read the file meanwhile.
    await writeFile(`${path}.tmp`, bytes);
    await rename(`${path}.tmp`, path);
    console.log(
      `stored the score in ${program.args[0]} (its version changes: POST /api/model/reload to serve it)`,
    );
  }
}

main().catch(fail);
