// fit-not-a-digit's pieces: the layers' Gaussian statistics and their inverse covariance against
// float64 references computed here, and storing a score in a model file without touching its weights.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { data, Generator, io, models } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitGaussian, fitNotADigit, invertSpd, withMetadata } from '../lib/notdigit-fit.js';

const SEED = 1161;

test('invertSpd inverts a symmetric positive definite matrix (A·A⁻¹ = I)', () => {
  const g = new Generator(SEED);
  const n = 6;
  const b = Array.from({ length: n }, () => Array.from({ length: n }, () => g.normal()));
  // BᵀB + I is symmetric positive definite.
  const a = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => b.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? 1 : 0)),
  );
  const inv = invertSpd(a);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i].reduce((s, x, k) => s + x * inv[k][j], 0);
      assert.ok(
        Math.abs(v - (i === j ? 1 : 0)) < 1e-10,
        `seed ${SEED}: (A·A⁻¹)[${i}][${j}] = ${v}`,
      );
      assert.is(inv[i][j], inv[j][i]);
    }
  }
  assert.throws(
    () =>
      invertSpd([
        [1, 2],
        [2, 1],
      ]),
    /not positive definite \(pivot 1/,
  );
});

test('fitGaussian: class means and the inverse of the pooled within-class covariance', () => {
  const g = new Generator(SEED + 1);
  const d = 3;
  const labels = Array.from({ length: 200 }, (_, i) => i % 10);
  const rows = labels.map((c) => Array.from({ length: d }, (_, k) => c * (k + 1) + g.normal()));
  const ridge = 1e-3;
  const { means, precision } = fitGaussian(rows, labels, ridge);
  for (let c = 0; c < 10; c++) {
    const mine = rows.filter((_, i) => labels[i] === c);
    for (let k = 0; k < d; k++) {
      const mu = mine.reduce((s, r) => s + r[k], 0) / mine.length;
      assert.ok(Math.abs(means[c][k] - mu) < 1e-12, `mean[${c}][${k}]`);
    }
  }
  // The covariance, rebuilt here: Σ = Σ_n (x − μ_c)(x − μ_c)ᵀ / N + ridge·tr/d·I; then Σ·P = I.
  const cov = Array.from({ length: d }, (_, i) =>
    Array.from(
      { length: d },
      (_, j) =>
        rows.reduce((s, r, n) => {
          const mu = means[labels[n]];
          return s + (r[i] - mu[i]) * (r[j] - mu[j]);
        }, 0) / rows.length,
    ),
  );
  const tr = cov.reduce((s, r, i) => s + r[i], 0);
  for (let i = 0; i < d; i++) cov[i][i] += (ridge * tr) / d;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = cov[i].reduce((s, x, k) => s + x * precision[k][j], 0);
      assert.ok(Math.abs(v - (i === j ? 1 : 0)) < 1e-9, `(Σ·P)[${i}][${j}] = ${v}`);
    }
  }
  assert.throws(() => fitGaussian(rows.slice(0, 5), labels.slice(0, 5)), /no example of digit 5/);
});

test('fitNotADigit: the threshold flags at most the asked fraction of the fitting digits', () => {
  const g = new Generator(SEED + 2);
  const row = (shift: number) =>
    Array.from({ length: data.NOT_A_DIGIT_FEATURES.length }, () => g.normal() + shift);
  const digits = Array.from({ length: 400 }, () => row(0));
  const others = Array.from({ length: 200 }, () => row(1.5));
  const fit = fitNotADigit(digits, others, 0.01);
  const flagged = digits.filter((f) => data.scoreFeatures(f, fit.score) >= fit.score.threshold);
  assert.ok(flagged.length <= 4, `${flagged.length} of 400 digits flagged`);
  assert.is(fit.digitsFlagged, flagged.length / 400);
  assert.ok(fit.othersFlagged > 0.5, `only ${fit.othersFlagged} of the others flagged`);
});

test('withMetadata stores a score in a model file: the same tensors, other metadata kept', () => {
  const model = models.mnistCnn({ factor: 2 }, { generator: new Generator(SEED + 3) });
  const dict = model.stateDict();
  const bytes = io.encodeSafetensors(dict, { format: 'pt' }, { dtypes: io.torchDtypes(dict) });
  const score = JSON.stringify(data.NOT_A_DIGIT);
  const out = withMetadata(bytes, { [models.NOT_A_DIGIT_METADATA_KEY]: score });
  assert.is(Number(new DataView(out.buffer).getBigUint64(0, true)) % 8, 0, 'data 8-byte aligned');
  const back = io.decodeSafetensors(out);
  assert.equal(back.metadata, { format: 'pt', notADigit: score });
  assert.equal(back.dtypes, io.decodeSafetensors(bytes).dtypes);
  for (const [key, t] of Object.entries(dict)) {
    assert.equal(Array.from(back.tensors[key].dataSync()), Array.from(t.dataSync()), key);
  }
  const config = models.mnistCnnConfigFromStateDict(back.tensors);
  assert.equal(models.storedNotADigit(back.metadata, config).score, data.NOT_A_DIGIT);
  // Writing again replaces the entry.
  const again = io.decodeSafetensors(withMetadata(out, { notADigit: '{}' }));
  assert.equal(again.metadata, { format: 'pt', notADigit: '{}' });
  assert.throws(() => withMetadata(new Uint8Array(4), {}), /too short/);
});

test('fit-not-a-digit --write stores a score the server reads; evaluate reports it and a JSON one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digitnet-notdigit-'));
  const file = join(dir, 'tiny.safetensors');
  const model = models.mnistCnn({ factor: 2 }, { generator: new Generator(SEED + 4) });
  const dict = model.stateDict();
  const before = io.encodeSafetensors(dict, { format: 'pt' }, { dtypes: io.torchDtypes(dict) });
  writeFileSync(file, before);
  const run = (name: string, args: string[]) =>
    spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', name, ...args], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, NO_COLOR: '1' },
    });
  const fit = run('fit-not-a-digit.ts', [
    file,
    '--digits',
    '40',
    '--non-digits',
    '40',
    '--max-digit-flags',
    '0.05',
    '--write',
    '--json-7',
    join(dir, 'seven.json'),
  ]);
  assert.is(fit.status, 0, fit.stderr);
  assert.match(
    fit.stdout,
    /fitted over maxProb, .*, fc1Cosine\non 40 drawn digits and 40 non-digits/,
  );
  const after = io.decodeSafetensors(readFileSync(file));
  assert.is(after.metadata.format, 'pt');
  const stored = models.storedNotADigit(after.metadata, { ...models.mnistCnnDefaults, factor: 2 });
  assert.is(stored.source, 'model file');
  assert.equal(data.notADigitFeatureNames(stored.score), [
    ...data.NOT_A_DIGIT_FEATURES,
    ...data.ACTIVATION_FEATURES,
  ]);
  const old = io.decodeSafetensors(before);
  for (const key of Object.keys(dict)) {
    assert.equal(after.tensors[key].dataSync(), old.tensors[key].dataSync(), key);
  }
  const evaluate = run('evaluate.ts', [
    file,
    '--as',
    'drawn',
    '--limit',
    '12',
    '--non-digits',
    '8',
    '--not-a-digit',
    join(dir, 'seven.json'),
    '--png',
    join(dir, 'confusion.png'),
  ]);
  assert.is(evaluate.status, 0, evaluate.stderr);
  assert.match(
    evaluate.stdout,
    /not a digit, score from the model file \(over maxProb, .*fc1Cosine/,
  );
  assert.match(evaluate.stdout, /not a digit, score from .*seven\.json \(over maxProb, .*, fill;/);
  assert.match(evaluate.stdout, /non-digits \(seed 61\) +\d+\.\d\d% \(\d+\/8\)/);
  assert.match(evaluate.stdout, /these digits +\d+\.\d\d% \(\d+\/12\)/);
});

test.run();
