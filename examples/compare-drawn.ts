// Compares model files on what issue #16 asks of them, quickly enough to choose a recipe by: MNIST
// test accuracy, drawn-digit accuracy (its 1s apart), and the not-a-digit flag rates with a score
// fitted for each model, over the 7 features and with the activations' too. The same sets as `npm run fit-not-a-digit -- <model> --digits 800
// --non-digits 500` and `npm run evaluate -- <model> --as drawn --limit 1000 --non-digits 400`
// (same splits and seeds: 16 and 61 to evaluate, 116 and 161 to fit), made once and cached as IDX
// files in --cache, since drawing them through the transform takes minutes.
//
//   node --conditions=source --import tsx examples/compare-drawn.ts models/a.safetensors models/b.safetensors
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, Generator, models } from '@digitnet/core';
import { loadMnist, loadSafetensors } from '@digitnet/core/node';
import { Command } from 'commander';
import { fastestBackend, useBackend } from './lib/backend.js';
import { fail, userPath } from './lib/cli.js';
import { drawnDigits, toDataset } from './lib/drawn.js';
import { featuresOf, logitsOf, NON_DIGIT_KINDS, nonDigits, outputsOf } from './lib/nondigits.js';
import { fitActivationStats, fitNotADigit } from './lib/notdigit-fit.js';

const program = new Command('compare-drawn')
  .description('MNIST test, drawn-digit and not-a-digit numbers of model files, one line each.')
  .argument('<models...>', '.safetensors files written by train-mnist')
  .option(
    '--cache <dir>',
    'where the generated sets are kept',
    join(tmpdir(), 'digitnet-drawn-sets'),
  );

async function main(): Promise<void> {
  program.parse();
  const { cache } = program.opts<{ cache: string }>();
  await mkdir(cache, { recursive: true });
  await useBackend(fastestBackend());
  const all = await loadMnist({ split: 'test' });
  const half = Math.floor(all.count / 2);
  const [validation, test] = data.randomSplit(all, [half, all.count - half], new Generator(42));

  /** A set from the cache, or made and cached. Non-digit sets keep their kind's index as label. */
  const cached = async (name: string, make: () => Promise<data.ImageDataset>) => {
    const path = join(cache, name);
    try {
      const images = data.readIdx(new Uint8Array(await readFile(`${path}-images.idx`)));
      const labels = data.readIdx(new Uint8Array(await readFile(`${path}-labels.idx`)));
      const count = labels.dims[0];
      return { images: images.data, labels: labels.data, count, height: 28, width: 28 };
    } catch {
      const ds = await make();
      await writeFile(`${path}-images.idx`, data.writeIdx([ds.count, 28, 28], ds.images));
      await writeFile(`${path}-labels.idx`, data.writeIdx([ds.count], ds.labels));
      return ds;
    }
  };
  const others = async (from: data.ImageDataset, n: number, seed: number) => {
    const drawings = await nonDigits(from, n, seed);
    const ds = await toDataset(drawings);
    ds.labels.set(drawings.map((d) => NON_DIGIT_KINDS.indexOf(d.kind)));
    return ds;
  };
  const drawn = await cached('drawn-test-1000', async () =>
    toDataset(await drawnDigits(data.take(test, 1000), 1000)),
  );
  const nonDigitSet = await cached('nondigits-test-400', () => others(test, 400, 61));
  const fitDrawn = await cached('drawn-val-800', async () =>
    toDataset(await drawnDigits(validation, 800, 116)),
  );
  const fitOthers = await cached('nondigits-val-500', () => others(validation, 500, 161));

  const argmax = (l: Float32Array) => l.indexOf(Math.max(...l));
  const accuracy = (ds: data.ImageDataset, logits: Float32Array[]) =>
    logits.filter((l, i) => argmax(l) === ds.labels[i]).length / ds.count;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  for (const path of program.args) {
    const { tensors } = await loadSafetensors(userPath(path));
    const model = models.mnistCnn(models.mnistCnnConfigFromStateDict(tensors));
    model.loadStateDict(tensors);
    const mnist = accuracy(test, logitsOf(model, test));
    const out = {
      drawn: outputsOf(model, drawn),
      nonDigits: outputsOf(model, nonDigitSet),
      fitDrawn: outputsOf(model, fitDrawn),
      fitOthers: outputsOf(model, fitOthers),
    };
    const ones = out.drawn.logits.filter((_, i) => drawn.labels[i] === 1);
    console.log(
      `${path}: mnist ${pct(mnist)} | drawn ${pct(accuracy(drawn, out.drawn.logits))} ` +
        `(1s ${pct(ones.filter((l) => argmax(l) === 1).length / ones.length)})`,
    );
    // The layers' class statistics: MNIST's validation half as it is (held out of training).
    const activations = fitActivationStats(
      outputsOf(model, validation).activations,
      validation.labels,
    );
    for (const stats of [undefined, activations]) {
      const fit = fitNotADigit(
        featuresOf(fitDrawn, out.fitDrawn, stats),
        featuresOf(fitOthers, out.fitOthers, stats),
        0.005,
        stats,
      );
      const flag = (f: number[]) => data.scoreFeatures(f, fit.score) >= fit.score.threshold;
      const othersFlagged = featuresOf(nonDigitSet, out.nonDigits, stats).map(flag);
      const drawnFlagged = featuresOf(drawn, out.drawn, stats).map(flag);
      const byKind = NON_DIGIT_KINDS.map((kind, k) => {
        const mine = othersFlagged.filter((_, i) => nonDigitSet.labels[i] === k);
        return `${kind} ${pct(mine.filter(Boolean).length / mine.length)}`;
      });
      console.log(
        `  ${stats ? 'with activations' : '7 features      '}: non-digits flagged ` +
          `${pct(othersFlagged.filter(Boolean).length / othersFlagged.length)} (${byKind.join(', ')}) ` +
          `| drawn flagged ${pct(drawnFlagged.filter(Boolean).length / drawnFlagged.length)}`,
      );
    }
  }
}

main().catch(fail);
