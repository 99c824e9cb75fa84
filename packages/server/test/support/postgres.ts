// Real PostgreSQL for tests: one embedded cluster per test process (in a temp folder, on a free
// port), and a fresh database on it for each suite.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { connect, type Db } from '../../src/db/database.js';
import { EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { tempDir } from './temp.js';

/** The repository's migrations. */
export const MIGRATIONS = new URL('../../../../db', import.meta.url).pathname;

let shared: Promise<EmbeddedDatabase> | undefined;
const clusters: EmbeddedDatabase[] = [];

// uvu leaves the event loop to empty at the end; stop what we started then. On Ctrl-C or a kill,
// exiting runs EmbeddedDatabase's exit hook, which signals the clusters.
process.once('beforeExit', () => {
  void Promise.all(clusters.map((c) => c.stop()));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** A cluster of its own, for a suite that stops and starts it. */
export async function startCluster(): Promise<EmbeddedDatabase> {
  const cluster = await EmbeddedDatabase.open({ dir: join(tempDir('pg'), 'data'), fast: true });
  clusters.push(cluster);
  return cluster;
}

function sharedCluster(): Promise<EmbeddedDatabase> {
  shared ??= startCluster();
  return shared;
}

/** A database handle with its URL. */
export interface TestDatabase {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** A new empty database on `cluster` (the shared one by default), migrated unless told not to. */
export async function freshDatabase(
  opts: { migrate?: boolean; cluster?: EmbeddedDatabase } = {},
): Promise<TestDatabase> {
  const cluster = opts.cluster ?? (await sharedCluster());
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = connect(cluster.url, { max: 1 });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = cluster.url.replace(/\/postgres$/, `/${name}`);
  const db = connect(url);
  if (opts.migrate ?? true) await migrate(db, MIGRATIONS);
  return { db, url, close: () => db.end({ timeout: 1 }) };
}
