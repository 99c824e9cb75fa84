import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CpuBackend,
  getBackend,
  io,
  registerBackend,
  setBackend,
  type Tensor,
  tensor,
  zeros,
} from '../src/index.js';
import { loadSafetensors, saveSafetensors } from '../src/node.js';

const { encodeSafetensors, decodeSafetensors, torchDtypes } = io;
const FIXTURES = new URL('./fixtures/torch/', import.meta.url);

function bits(t: Tensor): number[] {
  const v = t.dataSync();
  return Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length));
}

/** Float32 values from raw bit patterns, so that NaN payloads and -0 survive into the tensor. */
function floatBits(patterns: number[]): Float32Array {
  return new Float32Array(Uint32Array.from(patterns).buffer);
}

/** A file from a header (object or raw text) and data bytes, padded as the spec says unless told not to. */
function file(header: unknown, data: ArrayLike<number> = [], pad = true): Uint8Array {
  let json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  if (pad) {
    const padded = new Uint8Array(json.length + ((8 - ((8 + json.length) % 8)) % 8)).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function le(kind: 'f16' | 'f32' | 'f64' | 'i64', values: (number | bigint)[]): Uint8Array {
  const size = { f16: 2, f32: 4, f64: 8, i64: 8 }[kind];
  const view = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((v, i) => {
    if (kind === 'f16') view.setUint16(i * 2, Number(v), true);
    if (kind === 'f32') view.setFloat32(i * 4, Number(v), true);
    if (kind === 'f64') view.setFloat64(i * 8, Number(v), true);
    if (kind === 'i64') view.setBigInt64(i * 8, BigInt(v), true);
  });
  return new Uint8Array(view.buffer);
}

function sampleDict(): Record<string, Tensor> {
  return {
    // NaN with a payload, −0, ±Infinity, the smallest subnormal, the largest float32
    special: tensor(
      floatBits([0x7fc01234, 0x80000000, 0x7f800000, 0xff800000, 0x00000001, 0x7f7fffff]),
      [2, 3],
    ),
    weights: tensor([0.1, -2.5, 3e-8, 1e30], [2, 2]),
    labels: tensor(Int32Array.from([-(2 ** 31), 2 ** 31 - 1, 0, 7])),
    steps: tensor(Int32Array.from([3]), []),
    scalar: tensor(1.5, []),
    empty: zeros([0]),
    emptyGrid: zeros([2, 0, 3]),
    emptyInts: zeros([0, 4], { dtype: 'int32' }),
  };
}

test('round trip is bit for bit: special floats, int extremes, I64, scalars, empty tensors, metadata', () => {
  const dict = sampleDict();
  const metadata = { format: 'pt', note: 'naïve ✓ "quoted"' };
  const bytes = encodeSafetensors(dict, metadata, {
    dtypes: { steps: 'I64', labels: 'I64', emptyInts: 'I64' },
  });
  const back = decodeSafetensors(bytes);
  assert.equal(Object.keys(back.tensors).sort(), Object.keys(dict).sort());
  for (const [name, t] of Object.entries(dict)) {
    const got = back.tensors[name];
    assert.equal(got.shape, t.shape, name);
    assert.is(got.dtype, t.dtype, name);
    assert.equal(bits(got), bits(t), name);
  }
  assert.equal(back.metadata, metadata);
  assert.equal(back.dtypes, {
    special: 'F32',
    weights: 'F32',
    labels: 'I64',
    steps: 'I64',
    scalar: 'F32',
    empty: 'F32',
    emptyGrid: 'F32',
    emptyInts: 'I64',
  });
  // Writing the decoded file back with its own dtypes reproduces the bytes.
  assert.equal(encodeSafetensors(back.tensors, back.metadata, { dtypes: back.dtypes }), bytes);
});

test('layout: u64 header length, space padding to 8 bytes, widest dtypes first, aligned and contiguous', () => {
  const dict = { a: tensor([1, 2, 3]), n: tensor(Int32Array.from([-5]), []), b: tensor([4]) };
  const bytes = encodeSafetensors(dict, { k: 'v' }, { dtypes: { n: 'I64' } });
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const n = Number(view.getBigUint64(0, true));
  assert.is((8 + n) % 8, 0);
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  assert.ok(/^\{.*\} *$/.test(text), 'the header is JSON followed by spaces');
  const header = JSON.parse(text);
  assert.equal(Object.keys(header), ['__metadata__', 'n', 'a', 'b']);
  assert.equal(header.__metadata__, { k: 'v' });
  assert.equal(header.n, { dtype: 'I64', shape: [], data_offsets: [0, 8] });
  assert.equal(header.a, { dtype: 'F32', shape: [3], data_offsets: [8, 20] });
  assert.equal(header.b, { dtype: 'F32', shape: [1], data_offsets: [20, 24] });
  assert.is(bytes.length, 8 + n + 24);
  // −5 as a little-endian two's-complement int64
  assert.equal(
    Array.from(bytes.subarray(8 + n, 16 + n)),
    [0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  );
  assert.is(view.getFloat32(8 + n + 8 + 4, true), 2);
});

test('no metadata means no __metadata__ entry; an empty dict is a valid file', () => {
  const bytes = encodeSafetensors({});
  const back = decodeSafetensors(bytes);
  assert.equal(back.tensors, {});
  assert.equal(back.metadata, {});
  assert.is(bytes.length % 8, 0);
  assert.equal(JSON.parse(new TextDecoder().decode(bytes.subarray(8))), {});
});

test('torchDtypes asks for I64 wherever we hold int32', () => {
  const dict = {
    'bn1.num_batches_tracked': tensor(Int32Array.from([3]), []),
    'bn1.weight': tensor([1]),
  };
  assert.equal(torchDtypes(dict), { 'bn1.num_batches_tracked': 'I64' });
});

test('encode rejects what it cannot write faithfully', () => {
  const t = tensor([1]);
  const ints = tensor(Int32Array.from([1]));
  assert.throws(
    () => encodeSafetensors({ t }, {}, { dtypes: { missing: 'I64' } }),
    /dtypes names 'missing', which is not a tensor/,
  );
  assert.throws(
    () => encodeSafetensors({ t }, {}, { dtypes: { t: 'I64' } }),
    /'t' is float32, which can be written as F32 or F64, not I64/,
  );
  assert.throws(
    () => encodeSafetensors({ ints }, {}, { dtypes: { ints: 'F16' } }),
    /int32, which can be written as I32 or I64, not F16/,
  );
  assert.throws(() => encodeSafetensors({ __metadata__: t }), /'__metadata__' is reserved/);
  assert.throws(() => encodeSafetensors({ x: [1, 2] as unknown as Tensor }), /'x' is not a Tensor/);
  assert.throws(
    () => encodeSafetensors({ t }, { n: 3 as unknown as string }),
    /metadata 'n' must be a string, got number/,
  );
  const gone = tensor([1]);
  gone.dispose();
  assert.throws(
    () => encodeSafetensors({ gone }),
    /encodeSafetensors \('gone'\): tensor \d+ of shape \[1\] was disposed/,
  );
});

test('F32 written as F64 comes back the same', () => {
  const t = tensor([0.1, -1e-40, 3.4e38]);
  const back = decodeSafetensors(encodeSafetensors({ t }, {}, { dtypes: { t: 'F64' } }));
  assert.is(back.dtypes.t, 'F64');
  assert.equal(bits(back.tensors.t), bits(t));
});

test('F64, F16 and BF16 are read into float32', () => {
  const f16 = [0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x7c00, 0xfc00, 0x8000];
  const bf16 = [0x3f80, 0xc020, 0x4049];
  const data = [
    ...le('f64', [0.1, -2]),
    ...le('f16', f16),
    ...new Uint8Array(Uint16Array.from(bf16).buffer),
  ];
  const back = decodeSafetensors(
    file(
      {
        d: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
        h: { dtype: 'F16', shape: [2, 4], data_offsets: [16, 32] },
        b: { dtype: 'BF16', shape: [3], data_offsets: [32, 38] },
      },
      data,
    ),
  );
  assert.equal(Array.from(back.tensors.d.dataSync()), [Math.fround(0.1), -2]);
  assert.equal(Array.from(back.tensors.h.dataSync()), [
    1,
    -2,
    0.5,
    65504,
    2 ** -24,
    Infinity,
    -Infinity,
    -0,
  ]);
  assert.equal(Array.from(back.tensors.b.dataSync()), [1, -2.5, 3.140625]);
  assert.ok(Object.is(back.tensors.h.dataSync()[7], -0));
  assert.equal(back.tensors.h.shape, [2, 4]);
  assert.is(back.tensors.h.dtype, 'float32');
  const nan = decodeSafetensors(
    file({ h: { dtype: 'F16', shape: [], data_offsets: [0, 2] } }, le('f16', [0x7e00])),
  );
  assert.ok(Number.isNaN(nan.tensors.h.item()));
});

test('I64 values that fit are read into int32; one that does not is an error that leaks nothing', () => {
  const ok = decodeSafetensors(
    file(
      { n: { dtype: 'I64', shape: [3], data_offsets: [0, 24] } },
      le('i64', [-(2 ** 31), 2 ** 31 - 1, -3]),
    ),
  );
  assert.equal(Array.from(ok.tensors.n.dataSync()), [-(2 ** 31), 2 ** 31 - 1, -3]);
  assert.is(ok.tensors.n.dtype, 'int32');
  const before = getBackend().memory();
  for (const big of [2n ** 31n, -(2n ** 31n) - 1n, 2n ** 40n]) {
    const bytes = file(
      {
        w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        n: { dtype: 'I64', shape: [2], data_offsets: [4, 20] },
      },
      [...le('f32', [1]), ...le('i64', [0, big])],
    );
    assert.throws(
      () => decodeSafetensors(bytes),
      new RegExp(`'n' \\(I64\\) holds ${big} at index 1, which does not fit in int32`),
    );
  }
  assert.equal(getBackend().memory(), before);
});

test('a header without the space padding (older writers) is accepted', () => {
  const bytes = file(
    { t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } },
    le('f32', [1, 2]),
    false,
  );
  assert.is.not((bytes.length - 8) % 8, 0);
  assert.equal(Array.from(decodeSafetensors(bytes).tensors.t.dataSync()), [1, 2]);
});

test('tensors are created on the current backend', () => {
  registerBackend('cpu-io', () => new CpuBackend('cpu-io'));
  const bytes = encodeSafetensors({ t: tensor([1, 2]) });
  setBackend('cpu-io');
  try {
    assert.is(decodeSafetensors(bytes).tensors.t.backend.name, 'cpu-io');
  } finally {
    setBackend('cpu');
  }
});

// ---- corrupt input: every case must throw a clear error, never return tensors ----

const F32x2 = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
const EIGHT = new Uint8Array(8);

const corrupt: [string, () => Uint8Array, RegExp][] = [
  [
    'an empty file',
    () => new Uint8Array(0),
    /the file is 0 bytes, too short to hold the 8-byte header length/,
  ],
  ['a 5-byte file', () => new Uint8Array(5), /the file is 5 bytes/],
  [
    'a header length past the end',
    () => file({ t: F32x2 }, EIGHT).subarray(0, 20),
    /the header length is \d+ bytes but only 12 bytes follow it \(a truncated file/,
  ],
  [
    'a huge header length',
    () => Uint8Array.from([255, 255, 255, 255, 255, 255, 255, 255, 0x7b, 0x7d]),
    /the header length is 18446744073709551615 bytes/,
  ],
  [
    'a header that is not JSON',
    () => file('{"t": {"dtype": "F32",', EIGHT),
    /the header is not valid JSON/,
  ],
  [
    'raw invalid UTF-8',
    () => Uint8Array.from([3, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0xc3, 0x7d]),
    /the header is not valid UTF-8/,
  ],
  ['a header that is an array', () => file([1, 2]), /the header must be a JSON object/],
  [
    'an entry that is not an object',
    () => file({ t: 'F32' }),
    /tensor 't': its entry must be an object/,
  ],
  [
    'an unsupported dtype',
    () => file({ t: { ...F32x2, dtype: 'U8' } }, EIGHT),
    /tensor 't': unsupported dtype "U8" \(supported: F64, I64, F32, I32, F16, BF16\)/,
  ],
  [
    'a missing dtype',
    () => file({ t: { shape: [2], data_offsets: [0, 8] } }, EIGHT),
    /unsupported dtype undefined/,
  ],
  [
    'a negative dimension',
    () => file({ t: { ...F32x2, shape: [-2] } }, EIGHT),
    /shape must be an array of non-negative integers, got \[-2\]/,
  ],
  [
    'a fractional dimension',
    () => file({ t: { ...F32x2, shape: [1.5] } }, EIGHT),
    /shape must be an array of non-negative integers/,
  ],
  [
    'offsets of the wrong arity',
    () => file({ t: { ...F32x2, data_offsets: [0] } }, EIGHT),
    /data_offsets must be \[begin, end\]/,
  ],
  [
    'offsets that run backwards',
    () => file({ t: { ...F32x2, data_offsets: [8, 0] } }, EIGHT),
    /data_offsets must be \[begin, end\] with 0 <= begin <= end, got \[8,0\]/,
  ],
  [
    'offsets out of bounds',
    () => file({ t: { ...F32x2, data_offsets: [4, 12] } }, EIGHT),
    /data_offsets \[4, 12\] run past the data section \(8 bytes\)/,
  ],
  [
    'a shape that does not match its bytes',
    () => file({ t: { ...F32x2, shape: [3] } }, EIGHT),
    /shape \[3\] of F32 needs 12 bytes but data_offsets \[0, 8\] hold 8/,
  ],
  [
    'overlapping tensors',
    () =>
      file(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        },
        new Uint8Array(12),
      ),
    /tensors 'a' and 'b' overlap \(bytes 4..8\)/,
  ],
  [
    'a gap between tensors',
    () =>
      file(
        {
          a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
          b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
        },
        new Uint8Array(12),
      ),
    /bytes 4..8 of the data section belong to no tensor/,
  ],
  [
    'trailing bytes',
    () => file({ t: F32x2 }, new Uint8Array(12)),
    /4 bytes after the last tensor belong to no tensor/,
  ],
  [
    'a truncated data section',
    () => file({ t: F32x2 }, new Uint8Array(6)),
    /data_offsets \[0, 8\] run past the data section \(6 bytes\)/,
  ],
  [
    'metadata that is not all strings',
    () => file({ __metadata__: { epoch: 3 } }),
    /__metadata__ 'epoch' must be a string, got 3/,
  ],
  [
    'metadata that is not an object',
    () => file({ __metadata__: 'x' }),
    /__metadata__ must be an object of strings/,
  ],
];

for (const [what, make, message] of corrupt) {
  test(`corrupt input is refused: ${what}`, () => {
    assert.throws(
      () => decodeSafetensors(make()),
      (err: Error) => {
        assert.ok(err.message.startsWith('safetensors: '), err.message);
        assert.match(err.message, message);
        return true;
      },
    );
  });
}

test('a real file truncated anywhere, or with its length prefix altered, is refused', async () => {
  const bytes = new Uint8Array(await readFile(new URL('mnist-cnn-f8.safetensors', FIXTURES)));
  for (const cut of [0, 7, 8, 100, 1352, 1353, 5000, bytes.length - 4, bytes.length - 1]) {
    assert.throws(
      () => decodeSafetensors(bytes.subarray(0, cut)),
      /^safetensors: /,
      `cut at ${cut}`,
    );
  }
  const shifted = bytes.slice();
  shifted[0] -= 8; // the header now ends 8 bytes early, inside its JSON
  assert.throws(() => decodeSafetensors(shifted), /the header is not valid JSON/);
  assert.throws(
    () => decodeSafetensors([1, 2, 3] as unknown as Uint8Array),
    /decodeSafetensors: expected a Uint8Array/,
  );
});

// ---- PyTorch-written fixtures ----

const PARAMS: [string, number[]][] = [
  ['conv1.weight', [8, 1, 3, 3]],
  ['conv1.bias', [8]],
  ['bn1.weight', [8]],
  ['bn1.bias', [8]],
  ['conv2.weight', [16, 8, 3, 3]],
  ['conv2.bias', [16]],
  ['bn2.weight', [16]],
  ['bn2.bias', [16]],
  ['fc1.weight', [32, 784]],
  ['fc1.bias', [32]],
  ['fc2.weight', [10, 32]],
  ['fc2.bias', [10]],
];

test('the PyTorch state dict decodes with the right keys, shapes and dtypes, and re-encodes for PyTorch', async () => {
  const bytes = await readFile(new URL('mnist-cnn-f8.safetensors', FIXTURES));
  const f = decodeSafetensors(bytes);
  assert.equal(Object.keys(f.tensors), [
    'conv1.weight',
    'conv1.bias',
    'bn1.weight',
    'bn1.bias',
    'bn1.running_mean',
    'bn1.running_var',
    'bn1.num_batches_tracked',
    'conv2.weight',
    'conv2.bias',
    'bn2.weight',
    'bn2.bias',
    'bn2.running_mean',
    'bn2.running_var',
    'bn2.num_batches_tracked',
    'fc1.weight',
    'fc1.bias',
    'fc2.weight',
    'fc2.bias',
  ]);
  assert.equal(f.metadata, { format: 'pt', factor: '8' });
  for (const [name, shape] of PARAMS) {
    assert.equal(f.tensors[name].shape, shape, name);
    assert.is(f.tensors[name].dtype, 'float32', name);
    assert.is(f.dtypes[name], 'F32', name);
  }
  for (const bn of ['bn1', 'bn2']) {
    const nbt = f.tensors[`${bn}.num_batches_tracked`];
    assert.is(f.dtypes[`${bn}.num_batches_tracked`], 'I64');
    assert.is(nbt.dtype, 'int32');
    assert.equal(nbt.shape, []);
    assert.is(nbt.item(), 3);
    // running variances are positive and not all the initial 1
    const rv = Array.from(f.tensors[`${bn}.running_var`].dataSync());
    assert.ok(rv.every((v) => v > 0) && rv.some((v) => v !== 1));
  }
  // What PyTorch needs back: the same dtypes (I64 for the counters), the same values.
  assert.equal(torchDtypes(f.tensors), {
    'bn1.num_batches_tracked': 'I64',
    'bn2.num_batches_tracked': 'I64',
  });
  const again = decodeSafetensors(
    encodeSafetensors(f.tensors, f.metadata, { dtypes: torchDtypes(f.tensors) }),
  );
  assert.equal(again.dtypes, f.dtypes);
  assert.equal(again.metadata, f.metadata);
  for (const [name, t] of Object.entries(f.tensors))
    assert.equal(bits(again.tensors[name]), bits(t), name);
  // As many data bytes as the file, only packed in another order (I64 first, for alignment).
  const dataBytes = (b: Uint8Array) =>
    b.length - 8 - Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
  assert.is(
    dataBytes(encodeSafetensors(f.tensors, f.metadata, { dtypes: f.dtypes })),
    dataBytes(bytes),
  );
});

test('the PyTorch io fixture decodes: I64 labels, optimiser targets shaped like the parameters', async () => {
  const f = decodeSafetensors(await readFile(new URL('mnist-cnn-f8-io.safetensors', FIXTURES)));
  assert.is(Object.keys(f.tensors).length, 47);
  assert.equal(f.tensors.input.shape, [4, 1, 28, 28]);
  assert.is(f.dtypes.labels, 'I64');
  assert.ok(
    Array.from(f.tensors.labels.dataSync()).every((l) => Number.isInteger(l) && l >= 0 && l < 10),
  );
  assert.is(f.tensors['after_train.bn1.num_batches_tracked'].item(), 4);
  assert.equal(f.tensors.loss_train.shape, []);
  const start = decodeSafetensors(
    await readFile(new URL('mnist-cnn-f8.safetensors', FIXTURES)),
  ).tensors;
  for (const [name, shape] of PARAMS) {
    for (const prefix of ['grad', 'adam3', 'sgd3']) {
      assert.equal(f.tensors[`${prefix}.${name}`].shape, shape, `${prefix}.${name}`);
      assert.is(f.dtypes[`${prefix}.${name}`], 'F32');
    }
    // Three Adam steps of lr 1e-3 move each value by at most ≈ 3·lr: |m̂|/√v̂ <= 1.0036 for t <= 3
    // (Cauchy–Schwarz over the moment weights), so this holds whatever the gradients were.
    const p0 = start[name].dataSync();
    const p3 = f.tensors[`adam3.${name}`].dataSync();
    const moved = p3.map((v, i) => Math.abs(v - p0[i]));
    assert.ok(Math.max(...moved) <= 3.01e-3 + 1e-6, `adam3.${name} moved ${Math.max(...moved)}`);
  }
});

// ---- files on disk (the Node entry) ----

test('saveSafetensors/loadSafetensors round trip atomically, leaving no temporary file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'digitnet-io-'));
  try {
    const path = join(dir, 'model.safetensors');
    const dict = sampleDict();
    await saveSafetensors(path, dict, { epoch: '1' }, { dtypes: { steps: 'I64' } });
    await saveSafetensors(path, { steps: dict.steps }, { epoch: '2' }); // replaces the file whole
    const loaded = await loadSafetensors(path);
    assert.equal(Object.keys(loaded.tensors), ['steps']);
    assert.equal(loaded.metadata, { epoch: '2' });
    assert.is(loaded.dtypes.steps, 'I32');
    assert.equal(await readdir(dir), ['model.safetensors']);
    await saveSafetensors(path, dict);
    const full = await loadSafetensors(path);
    for (const [name, t] of Object.entries(dict))
      assert.equal(bits(full.tensors[name]), bits(t), name);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('file errors name the file; a failed save leaves nothing behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'digitnet-io-'));
  try {
    const bad = join(dir, 'bad.safetensors');
    await writeFile(bad, Uint8Array.from([200, 0, 0, 0, 0, 0, 0, 0, 0x7b]));
    let message = '';
    await loadSafetensors(bad).catch((err: Error) => {
      message = err.message;
    });
    assert.is(
      message,
      `${bad}: safetensors: the header length is 200 bytes but only 1 bytes follow it (a truncated file, or not a safetensors file)`,
    );
    let saveError: unknown = null;
    await saveSafetensors(join(dir, 'missing', 'x.safetensors'), { t: tensor([1]) }).catch(
      (err) => {
        saveError = err;
      },
    );
    assert.ok(saveError instanceof Error && /ENOENT/.test(saveError.message));
    let encodeError: unknown = null;
    await saveSafetensors(
      join(dir, 'y.safetensors'),
      { t: tensor([1]) },
      {},
      { dtypes: { t: 'I64' } },
    ).catch((err) => {
      encodeError = err;
    });
    assert.ok(encodeError instanceof Error && /not I64/.test(encodeError.message));
    assert.equal(await readdir(dir), ['bad.safetensors']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
