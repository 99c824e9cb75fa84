// The server's database for other tools (the fine-tune script): DATABASE_URL, or the embedded
// PostgreSQL under DATA_DIR exactly as the server finds it — joined while a server runs it,
// started (and stopped again) when none does.
import { join } from 'node:path';
import type { ServerConfig } from '../config.js';
import { type Logger, silentLogger } from '../log.js';
import { connect, type Db } from './database.js';
import { EmbeddedDatabase } from './embedded.js';

/** An open database and how it was found. */
export interface OpenedDatabase {
  db: Db;
  /** 'url': DATABASE_URL; 'running': the embedded server a running process started; 'started': we started it. */
  source: 'url' | 'running' | 'started';
  /** Closes the pool, and stops the embedded server when this call started it. */
  close(): Promise<void>;
}

/** Connects to the database the server with `config` uses (see loadConfig). */
export async function openDatabase(
  config: Pick<
    ServerConfig,
    'databaseUrl' | 'dataDir' | 'embeddedPostgresPort' | 'databaseTimeoutMs'
  >,
  log: Logger = silentLogger,
): Promise<OpenedDatabase> {
  const opts = { max: 4, queryTimeoutMs: Math.max(config.databaseTimeoutMs, 60_000) };
  if (config.databaseUrl) {
    const db = connect(config.databaseUrl, opts);
    return { db, source: 'url', close: () => db.end({ timeout: 5 }) };
  }
  const dir = join(config.dataDir, 'postgres');
  const running = await EmbeddedDatabase.runningUrl(dir);
  if (running) {
    log.info(`using the embedded PostgreSQL a running server started in ${dir}`);
    const db = connect(running, opts);
    return { db, source: 'running', close: () => db.end({ timeout: 5 }) };
  }
  log.info(`starting the embedded PostgreSQL in ${dir} (no server runs it)`);
  const embedded = await EmbeddedDatabase.open({
    dir,
    port: config.embeddedPostgresPort ?? undefined,
    log,
  });
  const db = connect(embedded.url, opts);
  return {
    db,
    source: 'started',
    close: async () => {
      await db.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}
