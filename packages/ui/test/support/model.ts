// The model the browser tests serve: the lead's trained model when the repository has one, else a
// small CNN trained here for a few hundred steps (cached in the temp folder between runs).
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, evaluate, fit, io, manualSeed, models, optim } from '@digitnet/core';
import { loadMnist, saveSafetensors } from '@digitnet/core/node';
import { REPO_ROOT } from '@digitnet/server';

/** The repository's trained model, used read-only when present (with its card, written last). */
const TRAINED = join(REPO_ROOT, 'models/mnist-cnn-f16.safetensors');

// Enough for ~95% on MNIST's test images in about ten seconds on one core.
const RECIPE = { factor: 4, steps: 400, batchSize: 32, lr: 5e-3, seed: 0 };
const NAME = `ui-test-cnn-f${RECIPE.factor}-${RECIPE.steps}`;

/** The path of a model file for the server to load. */
export async function testModel(): Promise<string> {
  if (existsSync(TRAINED) && existsSync(TRAINED.replace(/\.safetensors$/, '.json'))) return TRAINED;
  const dir = join(tmpdir(), 'digitnet-ui-test');
  const path = join(dir, `${NAME}.safetensors`);
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  await trainSmallModel(dir);
  return path;
}

async function trainSmallModel(dir: string): Promise<void> {
  const started = performance.now();
  manualSeed(RECIPE.seed);
  const config = { factor: RECIPE.factor, dropoutConv: 0, dropoutFc: 0 };
  const model = models.mnistCnn(config);
  const optimizer = new optim.Adam(model.parameters(), { lr: RECIPE.lr });
  const train = new data.DataLoader(await loadMnist({ split: 'train' }), {
    batchSize: RECIPE.batchSize,
    shuffle: true,
    seed: RECIPE.seed,
  });
  const stop = new AbortController();
  await fit(model, optimizer, train, {
    epochs: 1,
    signal: stop.signal,
    onBatchEnd: ({ batch }) => {
      if (batch + 1 >= RECIPE.steps) stop.abort();
    },
  });
  model.eval();
  const test = data.take(await loadMnist({ split: 'test' }), 2000);
  const { accuracy } = await evaluate(model, new data.DataLoader(test, { batchSize: 500 }));
  const dict = model.stateDict();
  // Written under temporary names and renamed, so a run stopped midway leaves no half file.
  const card = { name: NAME, test: { accuracy }, hyperparameters: RECIPE };
  await writeFile(join(dir, `${NAME}.json.tmp`), JSON.stringify(card, null, 2));
  await saveSafetensors(join(dir, `${NAME}.tmp`), dict, {}, { dtypes: io.torchDtypes(dict) });
  await rename(join(dir, `${NAME}.json.tmp`), join(dir, `${NAME}.json`));
  await rename(join(dir, `${NAME}.tmp`), join(dir, `${NAME}.safetensors`));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `  trained ${NAME} in ${seconds} s: ${(accuracy * 100).toFixed(1)}% on 2000 test images`,
  );
}
