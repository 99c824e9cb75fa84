// The server process's life: database (embedded or DATABASE_URL), migrations, model, HTTP, shutdown.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import { connect, type Db } from './db/database.js';
import { EmbeddedDatabase } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { createLogger, type Logger, reason } from './log.js';
import { ModelStore } from './model/store.js';
import { ModelSync } from './model/sync.js';

/** A started server. */
export interface RunningServer {
  /** http://host:port of the HTTP server. */
  url: string;
  port: number;
  db: Db;
  model: ModelStore;
  /** Follows the model versions announced by the other servers on the database. */
  sync: ModelSync;
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
    // The newest version announced on the database first (a replica started after a reload serves
    // what the others serve), MODEL_PATH when there is none or it cannot be loaded here.
    const sync = new ModelSync(db, model, log);
    await sync.start().catch((err) => {
      log.warn(`not following model versions of other servers: ${reason(err)}`);
    });
    if (!model.current) {
      await model.reload().catch((err) => {
        log.warn(
          `serving without a model until POST /api/model/reload succeeds: ${config.modelPath}: ${reason(err)}`,
        );
      });
    }
    const app = createApp({ db, model, config, log, embedded, sync });
    const server = createAdaptorServer({ fetch: app.fetch }) as Server;
    // While draining, every response says `Connection: close` and its connection ends after it:
    // otherwise keep-alive clients keep sending new requests on open connections until the
    // shutdown timeout, and then lose the ones in flight.
    let draining = false;
    const active = new Set<ServerResponse>();
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (draining) res.setHeader('Connection', 'close');
      active.add(res);
      res.once('close', () => active.delete(res));
    });
    const sockets = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    const drain = () => {
      draining = true;
      // A response whose headers are out already keeps its connection: the client's next
      // request on it is answered, with `Connection: close` (ending the socket under a client
      // that does not know yet would reset that request).
      for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
    };
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
        drain();
        // net.Server's close stops listening without http.Server's closing of idle keep-alive
        // connections at once (a client between two requests would have its next one reset):
        // busy connections hear `Connection: close`; those still idle after a grace second are
        // closed then; whatever is left after shutdownTimeoutMs is cut.
        NetServer.prototype.close.call(server);
        const started = Date.now();
        let idleClosed = false;
        while (sockets.size > 0) {
          const waited = Date.now() - started;
          if (waited >= config.shutdownTimeoutMs) {
            log.warn(`requests still open after ${config.shutdownTimeoutMs} ms: closing them`);
            server.closeAllConnections();
            for (const socket of sockets) socket.destroy();
            break;
          }
          if (!idleClosed && waited >= Math.min(1000, config.shutdownTimeoutMs)) {
            server.closeIdleConnections();
            idleClosed = true;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        await sync.stop();
        await stopDatabase();
        log.info('stopped');
      })();
      return closing;
    };
    return { url, port, db, model, sync, embedded, close };
  } catch (err) {
    await stopDatabase().catch(() => {});
    throw err;
  }
}
