// Small model files for tests: an untrained mnist-cnn (factor 4) from a fixed seed, with a card.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type data, Generator, io, models } from '@digitnet/core';
import { saveSafetensors } from '@digitnet/core/node';

/** Options of writeModel. */
export interface TestModelOptions {
  name?: string;
  seed?: number;
  /** Write NAME.json beside the weights (true). */
  card?: boolean;
  testAccuracy?: number;
  /** A not-a-digit score to store in the file's metadata (a string is stored as it is). */
  notADigit?: data.NotADigitModel | string;
}

/** Writes DIR/NAME.safetensors (and NAME.json) and returns the weights' path. */
export async function writeModel(dir: string, opts: TestModelOptions = {}): Promise<string> {
  const name = opts.name ?? 'test-cnn';
  const config = { factor: 4 };
  const model = models.mnistCnn(config, { generator: new Generator(opts.seed ?? 7) });
  const path = join(dir, `${name}.safetensors`);
  const dict = model.stateDict();
  const metadata: Record<string, string> =
    opts.notADigit === undefined
      ? {}
      : {
          [models.NOT_A_DIGIT_METADATA_KEY]:
            typeof opts.notADigit === 'string' ? opts.notADigit : JSON.stringify(opts.notADigit),
        };
  await saveSafetensors(path, dict, metadata, { dtypes: io.torchDtypes(dict) });
  if (opts.card ?? true) {
    const card = {
      name,
      architecture: models.mnistCnnArchitecture(config),
      hyperparameters: { epochs: 0 },
      test: { accuracy: opts.testAccuracy ?? 0.1, loss: 2.3, correct: 500, count: 5000 },
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await writeFile(join(dir, `${name}.json`), JSON.stringify(card));
  }
  model.dispose();
  return path;
}
