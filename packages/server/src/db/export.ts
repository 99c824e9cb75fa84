// The labelled drawings as MNIST-format IDX files in a tar, streamed from one consistent snapshot.
import { data } from '@digitnet/core';
import { pack as tarPack } from 'tar-stream';
import type { Db } from './database.js';

/** The files of the export, named as MNIST's training split so that any MNIST loader reads them. */
export const EXPORT_FILES = {
  images: 'train-images-idx3-ubyte',
  labels: 'train-labels-idx1-ubyte',
  manifest: 'submissions.json',
} as const;

/** What an export holds, known before its first byte is sent. */
export interface ExportInfo {
  count: number;
  firstId: number | null;
  lastId: number | null;
}

/**
 * Starts streaming every labelled submission (28x28 pixels and label, in id order) as a tar of
 * IDX files. Resolves once the snapshot is taken and counted (a database error rejects here, before
 * any byte is sent); the body then streams in batches of 500 rows, holding one repeatable-read
 * transaction so that the count in the IDX header and the rows agree.
 */
export function exportSubmissions(
  db: Db,
): Promise<{ info: ExportInfo; body: ReadableStream<Uint8Array> }> {
  const pack = tarPack();
  let cancelled = false;
  pack.on('close', () => {
    cancelled = true;
  });
  let ready: (info: ExportInfo) => void = () => {};
  const counted = new Promise<ExportInfo>((resolve) => {
    ready = resolve;
  });
  const done = db.begin('isolation level repeatable read read only', async (tx) => {
    // A slow client must not have the transaction killed as idle while it reads.
    await tx`set local idle_in_transaction_session_timeout = '1h'`;
    const [row] = await tx<{ count: number; first: string | null; last: string | null }[]>`
      select count(*)::int as count, min(id) as first, max(id) as last from submissions`;
    const info: ExportInfo = {
      count: row.count,
      firstId: row.first === null ? null : Number(row.first),
      lastId: row.last === null ? null : Number(row.last),
    };
    ready(info);
    const mtime = new Date();
    // The IDX header of [count, 28, 28] unsigned bytes: magic 00 00 08 03, then big-endian dims.
    const header = new Uint8Array(16);
    const view = new DataView(header.buffer);
    header.set([0, 0, 0x08, 3]);
    [info.count, 28, 28].forEach((d, i) => {
      view.setUint32(4 + 4 * i, d, false);
    });
    const images = pack.entry({
      name: EXPORT_FILES.images,
      size: header.length + info.count * 784,
      mtime,
    });
    const write = async (bytes: Uint8Array) => {
      if (!cancelled && !images.write(bytes)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            images.off('drain', go);
            pack.off('close', go);
            resolve();
          };
          images.on('drain', go);
          pack.on('close', go);
        });
      }
      // Rolls the transaction back and frees its connection.
      if (cancelled) throw new Error('the export was cancelled: the client went away');
    };
    await write(header);
    const labels = new Uint8Array(info.count);
    let n = 0;
    const cursor = tx<{ label: number; pixels: Buffer }[]>`
      select label, pixels from submissions order by id`.cursor(500);
    for await (const rows of cursor) {
      for (const r of rows) labels[n++] = r.label;
      await write(Buffer.concat(rows.map((r) => r.pixels)));
    }
    images.end(() => {});
    pack.entry(
      { name: EXPORT_FILES.labels, mtime },
      Buffer.from(data.writeIdx([info.count], labels)),
    );
    const manifest = {
      format: 'MNIST IDX (unsigned bytes; images [N, 28, 28], ink bright; labels [N])',
      files: [EXPORT_FILES.images, EXPORT_FILES.labels],
      ...info,
      counts: Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length),
      exportedAt: mtime.toISOString(),
    };
    pack.entry({ name: EXPORT_FILES.manifest, mtime }, `${JSON.stringify(manifest, null, 2)}\n`);
    pack.finalize();
  });
  done.catch((err: unknown) => {
    pack.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  const chunks = pack[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value as Buffer));
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      cancelled = true;
      pack.destroy();
    },
  });
  // A failure before the count (the database is down) rejects the call itself.
  return Promise.race([counted, done.then(() => counted)]).then((info) => ({ info, body }));
}
