// Runs one suite test on a backend: switched to it and back, kernels recorded, inside tidy(),
// and failing when the backend holds more or less memory afterwards than before.
import { type Backend, getBackend, type MemoryInfo, setBackend } from '../backend.js';
import { tidy } from '../memory.js';
import type { KernelRecorder } from './coverage.js';

/** Counters the summary reports. */
export interface SuiteStats {
  /** Tests that ran and passed (skips excluded). */
  passed: number;
  /** Inputs whose gradient was checked against the reference's central differences. */
  gradChecks: number;
}

/** What a suite test sees. */
export interface SuiteEnv {
  readonly backendName: string;
  readonly backend: Backend;
  readonly recorder: KernelRecorder;
  readonly stats: SuiteStats;
}

/** One test of the suite; `name` is what skips key on. Async tests free their own tensors. */
export type SuiteTest =
  | { readonly name: string; readonly run: (env: SuiteEnv) => void }
  | { readonly name: string; readonly runAsync: (env: SuiteEnv) => Promise<void> };

function assertSameMemory(env: SuiteEnv, name: string, before: MemoryInfo): void {
  const after = env.backend.memory();
  if (after.buffers !== before.buffers || after.bytes !== before.bytes) {
    throw new Error(
      `[${env.backendName}] ${name}: backend memory changed across the test: ${before.buffers} buffers / ` +
        `${before.bytes} bytes before, ${after.buffers} / ${after.bytes} after (a leak, or a double free)`,
    );
  }
}

/** Runs `t` on backend `backendName` (synchronous tests inside tidy()), then restores the previous backend. */
export async function runIsolated(
  backendName: string,
  recorder: KernelRecorder,
  stats: SuiteStats,
  t: SuiteTest,
): Promise<void> {
  const previous = getBackend();
  const backend = setBackend(backendName);
  const uninstall = recorder.install(backend);
  try {
    const env: SuiteEnv = { backendName, backend, recorder, stats };
    const before = backend.memory();
    if ('run' in t) {
      // tidy() frees its scope only when fn returns, so a failure is caught inside and rethrown
      // after: a failed case must not leave tensors behind for the next one's memory check.
      let failure: { error: unknown } | null = null;
      tidy(() => {
        try {
          t.run(env);
        } catch (error) {
          failure = { error };
        }
      });
      if (failure) throw (failure as { error: unknown }).error;
    } else {
      await t.runAsync(env);
    }
    assertSameMemory(env, t.name, before);
    stats.passed++;
  } finally {
    uninstall();
    setBackend(previous.name);
  }
}
