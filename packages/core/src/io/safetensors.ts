// safetensors read and write of named tensors as bytes. Isomorphic: no Node APIs here (see node.ts).
// Layout: u64 little-endian header length N, N bytes of JSON header (space-padded so that 8 + N is a
// multiple of 8), then the tensors' raw little-endian row-major bytes, packed without gaps.
import { showShape, sizeOf } from '../shape/shape.js';
import { Tensor } from '../tensor.js';
import {
  DTYPE_BYTES,
  isSafetensorsDType,
  READ_AS,
  readValues,
  type SafetensorsDType,
  WRITABLE_AS,
  writeValues,
} from './dtypes.js';

/** A decoded file: tensors on the current backend, string metadata, and each tensor's file dtype. */
export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
  /** The dtype each tensor had in the file: pass it back as `dtypes` to write the same dtypes. */
  dtypes: Record<string, SafetensorsDType>;
}

/** Options of encodeSafetensors. */
export interface EncodeOptions {
  /**
   * File dtype by tensor name; default F32 for float32 and I32 for int32. float32 may also be
   * written as F64 and int32 as I64 (what PyTorch expects for num_batches_tracked: see torchDtypes).
   */
  dtypes?: Readonly<Record<string, SafetensorsDType>>;
}

/** The file dtypes PyTorch expects for a state dict: I64 for every int32 tensor (torch's long buffers). */
export function torchDtypes(
  dict: Readonly<Record<string, Tensor>>,
): Record<string, SafetensorsDType> {
  return Object.fromEntries(
    Object.entries(dict)
      .filter(([, t]) => t.dtype === 'int32')
      .map(([name]) => [name, 'I64' as const]),
  );
}

/**
 * Serialises named tensors (and string metadata) in the safetensors format.
 * @example
 * ```ts
 * const model = new nn.Linear(4, 2);
 * const bytes = io.encodeSafetensors(model.stateDict(), { epoch: '3' });
 * const { tensors, metadata } = io.decodeSafetensors(bytes);
 * console.log(Object.keys(tensors), metadata); // → [ 'weight', 'bias' ] { epoch: '3' }
 * ```
 */
export function encodeSafetensors(
  dict: Readonly<Record<string, Tensor>>,
  metadata: Readonly<Record<string, string>> = {},
  options: EncodeOptions = {},
): Uint8Array {
  const names = Object.keys(dict);
  const dtypes = options.dtypes ?? {};
  for (const name of Object.keys(dtypes)) {
    if (!Object.hasOwn(dict, name)) {
      throw new Error(
        `encodeSafetensors: dtypes names '${name}', which is not a tensor being written`,
      );
    }
  }
  const entries = names.map((name) => {
    const t = dict[name];
    if (name === '__metadata__') {
      throw new Error("encodeSafetensors: '__metadata__' is reserved and cannot name a tensor");
    }
    if (!(t instanceof Tensor)) throw new Error(`encodeSafetensors: '${name}' is not a Tensor`);
    t.assertAlive(`encodeSafetensors ('${name}')`);
    const allowed = WRITABLE_AS[t.dtype];
    const dtype = Object.hasOwn(dtypes, name) ? dtypes[name] : allowed[0];
    if (!allowed.includes(dtype)) {
      throw new Error(
        `encodeSafetensors: '${name}' is ${t.dtype}, which can be written as ${allowed.join(' or ')}, not ${dtype}`,
      );
    }
    return { name, t, dtype, byteLength: t.size * DTYPE_BYTES[dtype] };
  });
  // Widest elements first (a stable sort): with the header padded to 8 bytes, every tensor then
  // starts at a multiple of its element size, so readers can view the data without copying.
  entries.sort((a, b) => DTYPE_BYTES[b.dtype] - DTYPE_BYTES[a.dtype]);

  const headerEntries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new Error(`encodeSafetensors: metadata '${key}' must be a string, got ${typeof value}`);
    }
  }
  if (Object.keys(metadata).length > 0) headerEntries.push(['__metadata__', { ...metadata }]);
  let offset = 0;
  for (const e of entries) {
    headerEntries.push([
      e.name,
      { dtype: e.dtype, shape: [...e.t.shape], data_offsets: [offset, offset + e.byteLength] },
    ]);
    offset += e.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(Object.fromEntries(headerEntries)));
  const headerLength = json.length + ((8 - ((8 + json.length) % 8)) % 8);
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength); // the spec pads with spaces
  let at = 8 + headerLength;
  for (const e of entries) {
    writeValues(out, at, e.t.dataSync(), e.dtype);
    at += e.byteLength;
  }
  return out;
}

interface Entry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Parses a safetensors file into tensors on the current backend (floats as float32, integers as
 * int32). Throws, saying what is wrong, on anything malformed: no garbage weights.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) {
    throw new Error('decodeSafetensors: expected a Uint8Array of file bytes');
  }
  if (bytes.length < 8) {
    throw new Error(
      `safetensors: the file is ${bytes.length} bytes, too short to hold the 8-byte header length`,
    );
  }
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) {
    throw new Error(
      `safetensors: the header length is ${n} bytes but only ${bytes.length - 8} bytes follow it ` +
        '(a truncated file, or not a safetensors file)',
    );
  }
  const headerLength = Number(n);
  const header = parseHeader(bytes.subarray(8, 8 + headerLength));
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') metadata = checkMetadata(info);
    else entries.push(checkEntry(name, info, dataLength));
  }
  checkCoverage(entries, dataLength);
  const tensors: [string, Tensor][] = [];
  try {
    for (const e of entries) {
      const values = readValues(bytes, dataStart + e.begin, sizeOf(e.shape), e.dtype, e.name);
      tensors.push([e.name, Tensor.fromValues(values, e.shape, READ_AS[e.dtype])]);
    }
  } catch (err) {
    for (const [, t] of tensors) t.dispose();
    throw err;
  }
  return {
    tensors: Object.fromEntries(tensors),
    metadata,
    dtypes: Object.fromEntries(entries.map((e) => [e.name, e.dtype])),
  };
}

function parseHeader(raw: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new Error(
      'safetensors: the header is not valid UTF-8 (a corrupt file, or not a safetensors file)',
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`safetensors: the header is not valid JSON (${reason})`);
  }
  if (!isRecord(header)) {
    throw new Error('safetensors: the header must be a JSON object of tensor entries');
  }
  return header;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function checkMetadata(info: unknown): Record<string, string> {
  if (!isRecord(info)) throw new Error('safetensors: __metadata__ must be an object of strings');
  for (const [key, value] of Object.entries(info)) {
    if (typeof value !== 'string') {
      throw new Error(
        `safetensors: __metadata__ '${key}' must be a string, got ${JSON.stringify(value)}`,
      );
    }
  }
  return Object.fromEntries(Object.entries(info)) as Record<string, string>;
}

function checkEntry(name: string, info: unknown, dataLength: number): Entry {
  const where = `safetensors: tensor '${name}'`;
  if (!isRecord(info)) {
    throw new Error(`${where}: its entry must be an object {dtype, shape, data_offsets}`);
  }
  const { dtype, shape, data_offsets: offsets } = info;
  if (!isSafetensorsDType(dtype)) {
    throw new Error(
      `${where}: unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(DTYPE_BYTES).join(', ')})`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new Error(
      `${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every(isCount) ||
    offsets[0] > offsets[1]
  ) {
    throw new Error(
      `${where}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`,
    );
  }
  const [begin, end] = offsets as number[];
  if (end > dataLength) {
    throw new Error(
      `${where}: data_offsets [${begin}, ${end}] run past the data section (${dataLength} bytes)`,
    );
  }
  const needed = sizeOf(shape) * DTYPE_BYTES[dtype];
  if (needed !== end - begin) {
    throw new Error(
      `${where}: shape ${showShape(shape)} of ${dtype} needs ${needed} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin, end };
}

/** The tensors must tile the data section exactly: no overlap, no gap, nothing left over. */
function checkCoverage(entries: readonly Entry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous = '';
  for (const e of sorted) {
    if (e.begin < covered) {
      throw new Error(
        `safetensors: tensors '${previous}' and '${e.name}' overlap (bytes ${e.begin}..${covered})`,
      );
    }
    if (e.begin > covered) {
      throw new Error(
        `safetensors: bytes ${covered}..${e.begin} of the data section belong to no tensor`,
      );
    }
    covered = e.end;
    previous = e.name;
  }
  if (covered !== dataLength) {
    throw new Error(
      `safetensors: ${dataLength - covered} bytes after the last tensor belong to no tensor`,
    );
  }
}
