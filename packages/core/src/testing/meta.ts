// Meta-tests: every case names a reference and an engine op, every op has a case, and every
// kernel the backend has was exercised by the suite (measured by the KernelRecorder).
import { CASES } from './cases.js';
import { expectedKernels } from './coverage.js';
import { engineOps } from './engine-ops.js';
import type { SuiteTest } from './harness.js';
import { OP_NAMES } from './op-specs.js';
import { referenceOps } from './reference.js';

/** Name of the coverage meta-test (it must run after every other test). */
export const COVERAGE_TEST = 'meta: every kernel the backend provides was exercised';

/** The meta-tests; `skipped` fills with the names of skipped tests as the suite registers. */
export function metaTests(tests: readonly SuiteTest[], skipped: readonly string[]): SuiteTest[] {
  const meta: SuiteTest[] = [
    {
      name: 'meta: every case names a reference and an engine op, every op has a case',
      run: () => {
        const table = referenceOps as unknown as Record<string, unknown>;
        const engine = engineOps as unknown as Record<string, unknown>;
        const orphans = CASES.filter(
          (c) => typeof table[c.op] !== 'function' || typeof engine[c.op] !== 'function',
        );
        if (orphans.length > 0) {
          throw new Error(
            `cases without a reference or engine op: ${orphans.map((c) => c.name).join('; ')}`,
          );
        }
        const untested = OP_NAMES.filter((op) => !CASES.some((c) => c.op === op));
        if (untested.length > 0) {
          throw new Error(`reference ops without a case: ${untested.join(', ')}`);
        }
      },
    },
    {
      name: COVERAGE_TEST,
      run: (env) => {
        const called = env.recorder.called();
        const missing = expectedKernels(env.backend).filter((k) => !called.has(k));
        if (missing.length > 0) {
          const note =
            skipped.length > 0
              ? ` (${skipped.length} tests were skipped: ${skipped.join('; ')})`
              : '';
          throw new Error(
            `[${env.backendName}] kernels no case exercised: ${missing.join(', ')}${note}`,
          );
        }
        console.log(
          `conformance [${env.backendName}]: ${env.stats.passed} passed and ${skipped.length} skipped before ` +
            `this last of ${tests.length + meta.length} tests; ${env.stats.gradChecks} gradient checks; ` +
            `kernels exercised: ${[...called].sort().join(', ')}`,
        );
      },
    },
  ];
  return meta;
}
