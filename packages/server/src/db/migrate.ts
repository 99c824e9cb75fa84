// Migrations: the SQL files of db/ (NNN_name.sql), applied in order, each once, recorded in
// schema_migrations with a checksum. All pending files run in one transaction under an advisory
// lock, so servers starting together apply them once and a failing file leaves nothing behind.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './database.js';

/** A migration file. */
export interface Migration {
  /** The file name, e.g. 001_submissions.sql: its order and its identity. */
  name: string;
  sql: string;
  /** sha256 of the file, to notice a file edited after it was applied. */
  checksum: string;
}

/** What migrate did. */
export interface MigrateResult {
  /** Files applied now, in order. */
  applied: string[];
  /** Files applied earlier. */
  skipped: string[];
  /** Recorded in the database but not in the folder (a newer version of the code applied them). */
  unknown: string[];
}

const FILE = /^(\d+)_[a-z0-9_-]+\.sql$/;
// The key of the advisory lock that serialises migrating servers: 'digitnet' in ASCII.
const LOCK_KEY = 0x6469676974_6e6574n;

/** Reads the migration files of `dir` in order; throws on a badly named or duplicate-numbered file. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const seen = new Map<number, string>();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = FILE.exec(name);
    if (!match) {
      throw new Error(
        `migration ${join(dir, name)}: expected a name like 001_create_submissions.sql (digits, underscore, lower-case words)`,
      );
    }
    const number = Number(match[1]);
    const other = seen.get(number);
    if (other)
      throw new Error(`migrations ${other} and ${name} in ${dir} share the number ${number}`);
    seen.set(number, name);
    const sql = await readFile(join(dir, name), 'utf8');
    migrations.push({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

/** Applies the migrations of `dir` that `db` has not seen; safe to call at every start. */
export async function migrate(db: Db, dir: string): Promise<MigrateResult> {
  const migrations = await readMigrations(dir);
  return db.begin(async (tx) => {
    // A migration may take longer than the pool's per-query timeout, and so may waiting for
    // another server's migrations: no timeout inside this transaction.
    await tx`set local statement_timeout = 0`;
    await tx`set local lock_timeout = 0`;
    await tx`select pg_advisory_xact_lock(${LOCK_KEY.toString()}::bigint)`;
    await tx`
      create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
    const rows = await tx<{ name: string; checksum: string }[]>`
      select name, checksum from schema_migrations`;
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const result: MigrateResult = { applied: [], skipped: [], unknown: [] };
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum === undefined) {
        await tx.unsafe(m.sql);
        await tx`insert into schema_migrations (name, checksum) values (${m.name}, ${m.checksum})`;
        result.applied.push(m.name);
      } else if (checksum !== m.checksum) {
        throw new Error(
          `migration ${m.name} was changed after it was applied (checksum ${m.checksum.slice(0, 12)}, ` +
            `applied ${checksum.slice(0, 12)}): add a new migration file instead of editing an applied one`,
        );
      } else result.skipped.push(m.name);
    }
    const names = new Set(migrations.map((m) => m.name));
    result.unknown = [...done.keys()].filter((n) => !names.has(n)).sort();
    return result;
  });
}
