// Fits core's "not a digit" score (data.NOT_A_DIGIT) for a model: a logistic regression over
// data.notADigitFeatures on generated drawings — drawn digits from MNIST's validation half and
// non-digits — both made with other seeds than the evaluation sets (`evaluate --as drawn` and
// `--non-digits` use the test half, seeds 16 and 61). Prints the fitted score to paste into
// packages/core/src/data/notdigit.ts.
//
//   npm run fit-not-a-digit -- models/mnist-cnn-f16.safetensors
import { data, Generator, models } from '@digitnet/core';
import { loadMnist, loadSafetensors } from '@digitnet/core/node';
import { Command } from 'commander';
import { fail, integer, userPath } from './lib/cli.js';
import { drawnDigits, toDataset } from './lib/drawn.js';
import { logitsOf, nonDigits } from './lib/nondigits.js';

const program = new Command('fit-not-a-digit')
  .description("Fit core's not-a-digit score for a model on generated drawings.")
  .argument('<model>', 'a .safetensors file written by train-mnist')
  .option('--digits <n>', 'drawn digits to fit on', integer(1), 1500)
  .option('--non-digits <n>', 'non-digits to fit on', integer(1), 800)
  .option(
    '--max-digit-flags <fraction>',
    'the threshold flags at most this fraction of the fitting digits',
    Number.parseFloat,
    0.005,
  );

/** Logistic regression by gradient descent, both classes weighed equally, a little L2. */
function fit(x: number[][], y: number[]): { weights: number[]; bias: number } {
  const d = x[0].length;
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  const pos = y.filter((v) => v === 1).length;
  const classWeight = [0.5 / (y.length - pos), 0.5 / pos];
  for (let step = 0; step < 3000; step++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < x.length; i++) {
      let z = bias;
      for (let k = 0; k < d; k++) z += weights[k] * x[i][k];
      const err = (1 / (1 + Math.exp(-z)) - y[i]) * classWeight[y[i]];
      for (let k = 0; k < d; k++) gw[k] += err * x[i][k];
      gb += err;
    }
    for (let k = 0; k < d; k++) weights[k] -= 0.5 * (gw[k] + 1e-3 * weights[k]);
    bias -= 0.5 * gb;
  }
  return { weights, bias };
}

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<{ digits: number; nonDigits: number; maxDigitFlags: number }>();
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
  const raw = [...digits, ...others];
  const y = [...digits.map(() => 0), ...others.map(() => 1)];
  const d = raw[0].length;
  const mean = Array.from({ length: d }, (_, k) => raw.reduce((a, f) => a + f[k], 0) / raw.length);
  const std = Array.from({ length: d }, (_, k) =>
    Math.max(1e-6, Math.sqrt(raw.reduce((a, f) => a + (f[k] - mean[k]) ** 2, 0) / raw.length)),
  );
  const x = raw.map((f) => f.map((v, k) => (v - mean[k]) / std[k]));
  const { weights, bias } = fit(x, y);
  const scored = { mean, std, weights, bias, threshold: 1 };
  const digitScores = digits.map((f) => data.scoreFeatures(f, scored)).sort((a, b) => a - b);
  // The lowest threshold that flags at most maxDigitFlags of the fitting digits.
  const keep = Math.ceil(digitScores.length * (1 - flags.maxDigitFlags));
  const threshold =
    keep >= digitScores.length ? 1 : (digitScores[keep - 1] + digitScores[keep]) / 2;
  const flagged = others.filter((f) => data.scoreFeatures(f, scored) >= threshold).length;
  console.log(
    `fitted on ${digits.length} drawn digits and ${others.length} non-digits: threshold ` +
      `${threshold.toFixed(4)} flags ${((flagged / others.length) * 100).toFixed(1)}% of the ` +
      `non-digits and ${(((digitScores.length - keep) / digitScores.length) * 100).toFixed(2)}% of the digits\n`,
  );
  const list = (v: number[]) => `[${v.map((n) => Number(n.toPrecision(5))).join(', ')}]`;
  console.log(
    `export const NOT_A_DIGIT: NotADigitModel = {\n  mean: ${list(mean)},\n  std: ${list(std)},\n` +
      `  weights: ${list(weights)},\n  bias: ${Number(bias.toPrecision(5))},\n` +
      `  threshold: ${Number(threshold.toPrecision(5))},\n};`,
  );
}

main().catch(fail);
