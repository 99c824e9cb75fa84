// The model being served, swapped atomically on reload.
import { type Logger, reason, silentLogger } from '../log.js';
import { type LoadedModel, loadModel } from './load.js';

/** Options of ModelStore.reload. */
export interface ReloadOptions {
  /** The file to load (MODEL_PATH, the store's `path`, when omitted). */
  path?: string;
  /** The sha256 the file must have (an announced version): other bytes are refused. */
  sha256?: string;
}

/** Holds the served model; reload() loads a new one completely before swapping it in. */
export class ModelStore {
  #current: LoadedModel | null = null;
  #lastError: string | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** The file reload() loads. */
    readonly path: string,
    private readonly log: Logger = silentLogger,
  ) {}

  /** The model requests use now, or null before the first successful load. */
  get current(): LoadedModel | null {
    return this.#current;
  }

  /** Why the last load failed, or null when it succeeded. */
  get lastError(): string | null {
    return this.#lastError;
  }

  /**
   * Loads the model file and swaps it in. Requests keep the model they started with (inference is
   * synchronous, so none is half-way through the swap); the old model is left to the garbage
   * collector rather than disposed, so nothing that still holds it can see freed weights.
   * Concurrent reloads run one after another. On failure the current model keeps serving.
   */
  reload(
    opts: ReloadOptions = {},
  ): Promise<{ current: LoadedModel; previous: LoadedModel | null }> {
    const run = this.#queue.then(async () => {
      try {
        const next = await loadModel(opts.path ?? this.path);
        if (opts.sha256 !== undefined && next.sha256 !== opts.sha256) {
          next.model.dispose();
          throw new Error(
            `${next.version} has sha256 ${next.sha256.slice(0, 12)}…, expected the announced ` +
              `${opts.sha256.slice(0, 12)}…: the file differs from the one the other server loaded`,
          );
        }
        const previous = this.#current;
        this.#current = next;
        this.#lastError = null;
        this.log.info(
          `model ${next.version} loaded from ${next.path}, judging "not a digit" with ` +
            (next.notADigit.source === 'model file'
              ? 'the score stored in it'
              : "core's score (fitted for the bundled model): run fit-not-a-digit --write to fit one"),
        );
        return { current: next, previous };
      } catch (err) {
        this.#lastError = reason(err);
        throw err;
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }
}
