// Fits core's "not a digit" score (data.NOT_A_DIGIT) for a model: a logistic regression over
// data.notADigitFeatures on generated drawings — drawn digits from MNIST's validation half and
// non-digits — both made with other seeds than the evaluation sets (`evaluate --as drawn` and
// `--non-digits` use the test half, seeds 16 and 61). Prints the fitted score to paste into
// packages/core/src/data/notdigit.ts.
//
//   npm run fit-not-a-digit -- models/mnist-cnn-f16.safetensors
import { writeFile } from 'node:fs/promises';
import { data, Generator, models } from '@digitnet/core';
import { loadMnist, loadSafetensors } from '@digitnet/core/node';
import { Command } from 'commander';
import { fail, integer, userPath } from './lib/cli.js';
import { drawnDigits, toDataset } from './lib/drawn.js';
import { logitsOf, nonDigits } from './lib/nondigits.js';
import { fitNotADigit } from './lib/notdigit-fit.js';

const program = new Command('fit-not-a-digit')
  .description("Fit core's not-a-digit score for a model on generated drawings.")
  .argument('<model>', 'a .safetensors file written by train-mnist')
  .option('--digits <n>', 'drawn digits to fit on', integer(1), 1500)
  .option('--non-digits <n>', 'non-digits to fit on', integer(1), 800)
  .option('--json <path>', 'also write the fitted score as JSON (for evaluate --not-a-digit)')
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
    maxDigitFlags: number;
    json?: string;
  }>();
  const { tensors } = await loadSafetensors(userPath(program.args[0]));
  const model = models.mnistCnn(models.mnistCnnConfigFromStateDict(tensors));
  model.loadStateDict(tensors);
  const all = await loadMnist({ split: 'test' });
  const half = Math.floor(all.count / 2);
  const [validation] = data.randomSplit(all, [half, all.count - half], new Generator(42));

  const features = async (drawings: Parameters<typeof toDataset>[0]) => {
    const ds = await toDataset(drawings);
    const logits = logitsOf(model, ds);
    return logits.map((l, i) =>
      data.notADigitFeatures(ds.images.subarray(i * 784, (i + 1) * 784), l),
    );
  };
  const digits = await features(await drawnDigits(validation, flags.digits, 116));
  const others = await features(await nonDigits(validation, flags.nonDigits, 161));
  const fitted = fitNotADigit(digits, others, flags.maxDigitFlags);
  const { mean, std, weights, bias, threshold } = fitted.score;
  console.log(
    `fitted on ${digits.length} drawn digits and ${others.length} non-digits: threshold ` +
      `${threshold.toFixed(4)} flags ${(fitted.othersFlagged * 100).toFixed(1)}% of the ` +
      `non-digits and ${(fitted.digitsFlagged * 100).toFixed(2)}% of the digits\n`,
  );
  const list = (v: readonly number[]) => `[${v.map((n) => Number(n.toPrecision(5))).join(', ')}]`;
  console.log(
    `export const NOT_A_DIGIT: NotADigitModel = {\n  mean: ${list(mean)},\n  std: ${list(std)},\n` +
      `  weights: ${list(weights)},\n  bias: ${Number(bias.toPrecision(5))},\n` +
      `  threshold: ${Number(threshold.toPrecision(5))},\n};`,
  );
  if (flags.json) {
    await writeFile(userPath(flags.json), `${JSON.stringify(fitted.score)}\n`);
  }
}

main().catch(fail);
