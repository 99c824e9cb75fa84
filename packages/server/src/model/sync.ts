// Keeps the servers on one database serving the same model: a reload on one is announced (a row in
// model_versions and a NOTIFY), and every server listening loads and verifies the announced file.
import type { Db } from '../db/database.js';
import { type Logger, reason, silentLogger } from '../log.js';
import type { LoadedModel } from './load.js';
import type { ModelStore } from './store.js';
import {
  announceVersion,
  latestVersion,
  MODEL_CHANNEL,
  type ModelVersion,
  modelsDir,
  parseAnnouncement,
  resolveModelFile,
} from './versions.js';

/** Follows the model versions announced on the database, and announces this server's reloads. */
export class ModelSync {
  #listener: { unlisten(): Promise<void> } | null = null;
  #applied = 0;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly store: ModelStore,
    private readonly log: Logger = silentLogger,
  ) {}

  /** The folder announced files are resolved in (MODEL_PATH's folder). */
  get dir(): string {
    return modelsDir(this.store.path);
  }

  /**
   * Loads the newest announced version (a replica starting after a reload serves what the others
   * serve), then listens for announcements; after a lost connection it catches up the same way.
   */
  async start(): Promise<void> {
    this.#listener = await this.db.listen(
      MODEL_CHANNEL,
      (payload) => {
        const version = parseAnnouncement(payload);
        if (version) void this.follow(version);
        else this.log.warn(`ignoring a ${MODEL_CHANNEL} notification that is not a version`);
      },
      // Called on every (re)connection of the listening connection: NOTIFYs sent while it was
      // down are lost, the table is not.
      () => void this.catchUp(),
    );
    await this.catchUp();
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    this.#stopped = true;
    // UNLISTEN is a query: with the database down it would wait for a connection, so shutdown
    // gives it 2 s (closing the pool ends the listening connection anyway).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#listener?.unlisten().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2000);
      }),
    ]);
    clearTimeout(timer);
    await this.#queue;
  }

  /** Records `loaded` (a file under the models folder) as the newest version and tells the others. */
  async announce(loaded: LoadedModel, file: string): Promise<ModelVersion> {
    const version = await announceVersion(this.db, loaded, file);
    // Our own NOTIFY, and any older one still on its way, change nothing here.
    this.#applied = Math.max(this.#applied, version.id);
    return version;
  }

  /** Loads the newest announced version if it is newer than what this server applied. */
  catchUp(): Promise<void> {
    return latestVersion(this.db).then(
      (latest) => (latest ? this.follow(latest) : undefined),
      (err: unknown) => this.log.warn(`could not read the latest model version: ${reason(err)}`),
    );
  }

  /** Applies announcements one at a time, in the order of their ids; older ones are skipped. */
  private follow(version: ModelVersion): Promise<void> {
    this.#queue = this.#queue.then(() => this.apply(version));
    return this.#queue;
  }

  private async apply(v: ModelVersion): Promise<void> {
    if (this.#stopped || v.id <= this.#applied) return;
    this.#applied = v.id;
    if (this.store.current?.sha256 === v.sha256) return;
    try {
      const { path } = await resolveModelFile(this.dir, v.file);
      await this.store.reload({ path, sha256: v.sha256 });
      this.log.info(`following announced model version ${v.version} (#${v.id})`);
    } catch (err) {
      const still = this.store.current ? `; still serving ${this.store.current.version}` : '';
      this.log.error(
        `could not load the announced model version ${v.version} (${v.file}): ${reason(err)}${still}`,
      );
    }
  }
}
