// The IDX format of the MNIST files: magic (0, 0, type, rank), big-endian u32 dims, then data.
import { gunzipSync } from 'fflate';

/** A parsed IDX file: its dimensions and unsigned-byte payload. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/**
 * Parses IDX bytes, raw or gzipped (detected from the gzip magic 1f 8b). Only the unsigned-byte
 * type MNIST uses is accepted; a bad magic number or truncated data throws saying what was found.
 */
export function readIdx(bytes: Uint8Array): IdxArray {
  if (!(bytes instanceof Uint8Array))
    throw new Error('readIdx: expected a Uint8Array of file bytes');
  let raw = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (err) {
      throw new Error(
        `readIdx: the gzip stream is corrupt or truncated (${(err as Error).message})`,
      );
    }
  }
  if (raw.length < 4)
    throw new Error(`readIdx: file is ${raw.length} bytes, too short for an IDX header`);
  if (raw[0] !== 0 || raw[1] !== 0) {
    const magic = Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(
      `readIdx: bad magic number ${magic}; an IDX file starts with 00 00 <type> <rank>`,
    );
  }
  if (raw[2] !== UNSIGNED_BYTE) {
    throw new Error(
      `readIdx: data type 0x${raw[2].toString(16)} is not supported (expected 0x08, unsigned byte)`,
    );
  }
  const rank = raw[3];
  const headerBytes = 4 + 4 * rank;
  if (rank === 0 || raw.length < headerBytes) {
    throw new Error(
      `readIdx: header declares rank ${rank} but the file has only ${raw.length} bytes`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (raw.length - headerBytes < size) {
    throw new Error(
      `readIdx: truncated data: dims [${dims.join(', ')}] need ${size} bytes, the file has ${raw.length - headerBytes}`,
    );
  }
  return { dims, data: raw.subarray(headerBytes, headerBytes + size) };
}

/** Encodes unsigned bytes as an IDX file (used by tests and to export datasets). */
export function writeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size)
    throw new Error(`writeIdx: ${data.length} bytes do not fill dims [${dims.join(', ')}]`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out.set([0, 0, UNSIGNED_BYTE, dims.length]);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}
