// The server process's life: database (embedded or DATABASE_URL), migrations, model, HTTP, shutdown.
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import { connect, type Db } from './db/database.js';
import { EmbeddedDatabase } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { createLogger, type Logger, reason } from './log.js';
import { ModelStore } from './model/store.js';

/** A started server. */
export interface RunningServer {
  /** http://host:port of the HTTP server. */
  url: string;
  port: number;
  db: Db;
  model: ModelStore;
  /** The embedded database, or null with DATABASE_URL. */
  embedded: EmbeddedDatabase | null;
  /**
   * Stops accepting connections, lets requests in flight finish (closing their connections after
   * shutdownTimeoutMs), closes the pool, and stops the embedded database. Safe to call twice.
   */
  close(): Promise<void>;
}

/** Starts the database, applies migrations, loads the model and listens. */
export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) {
    embedded = await EmbeddedDatabase.open({
      dir: join(config.dataDir, 'postgres'),
      port: config.embeddedPostgresPort ?? undefined,
      log,
    });
  }
  const db = connect(config.databaseUrl ?? (embedded as EmbeddedDatabase).url, {
    queryTimeoutMs: config.databaseTimeoutMs,
    connectTimeout: Math.max(1, Math.ceil(config.databaseTimeoutMs / 1000)),
  });
  const stopDatabase = async () => {
    await db.end({ timeout: 5 });
    await embedded?.stop();
  };
  try {
    const migrations = await migrate(db, config.migrationsDir);
    log.info(
      `migrations: ${migrations.applied.length ? `applied ${migrations.applied.join(', ')}` : 'up to date'}`,
    );
    if (migrations.unknown.length > 0) {
      log.warn(
        `the database has migrations this code does not know: ${migrations.unknown.join(', ')}`,
      );
    }
    const model = new ModelStore(config.modelPath, log);
    await model.reload().catch((err) => {
      log.warn(
        `serving without a model until POST /api/model/reload succeeds: ${config.modelPath}: ${reason(err)}`,
      );
    });
    const app = createApp({ db, model, config, log, embedded });
    const server = createAdaptorServer({ fetch: app.fetch }) as Server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host =
      !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}`;
    log.info(`listening on ${url}`);

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        log.info('shutting down: finishing requests in flight');
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            log.warn(`requests still open after ${config.shutdownTimeoutMs} ms: closing them`);
            server.closeAllConnections();
          }, config.shutdownTimeoutMs);
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
        });
        await stopDatabase();
        log.info('stopped');
      })();
      return closing;
    };
    return { url, port, db, model, embedded, close };
  } catch (err) {
    await stopDatabase().catch(() => {});
    throw err;
  }
}
