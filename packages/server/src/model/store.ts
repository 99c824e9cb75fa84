// The model being served, swapped atomically on reload.
import { type Logger, reason, silentLogger } from '../log.js';
import { type LoadedModel, loadModel } from './load.js';

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
  reload(): Promise<{ current: LoadedModel; previous: LoadedModel | null }> {
    const run = this.#queue.then(async () => {
      try {
        const next = await loadModel(this.path);
        const previous = this.#current;
        this.#current = next;
        this.#lastError = null;
        this.log.info(`model ${next.version} loaded from ${next.path}`);
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
