// The backend conformance suite: every op case, fused kernels against their compositions, small
// networks, and a meta-test of kernel coverage, registered through the caller's test function
// so any backend package runs the very same suite:
//   import { test } from 'uvu'; runBackendSuite('gpu', { test, skip: { … } }); test.run();
import { KernelRecorder } from './coverage.js';
import type { OpCase } from './define.js';
import { fusedTests } from './fused.js';
import { runIsolated, type SuiteStats, type SuiteTest } from './harness.js';
import { integrationTests } from './integration.js';
import { metaTests } from './meta.js';
import { CASES } from './registry.js';
import { runCase } from './run-case.js';
import { storageTests } from './storage.js';

export { FORWARD_TOL, GRAD_TOL, type Tolerance } from './compare.js';
export {
  type AttrsOf,
  type CaseExtras,
  type CaseRow,
  defineOp,
  type OpCase,
  type OpDecl,
  type RowFn,
} from './define.js';
export type { Nd, RefDType } from './reference/nd.js';
export {
  type AnyDecl,
  CASES,
  type Case,
  type CaseOf,
  type DeclOf,
  declOf,
  OP_NAMES,
  OPS,
  type OpAttrs,
  type OpName,
} from './registry.js';

/** Options of runBackendSuite. */
export interface BackendSuiteOptions {
  /** Registers one test (uvu's `test`, or any runner's equivalent). */
  test: (name: string, fn: () => void | Promise<void>) => void;
  /** Case name -> why this backend skips it; each skip is printed as `SKIP <case>: <reason>`. */
  skip?: Record<string, string>;
}

/** Every test of the suite, in order (the coverage meta-test last). */
export function suiteTests(): SuiteTest[] {
  const cases: SuiteTest[] = CASES.map((c) => ({
    name: c.name,
    run: (env) => runCase(env, c as OpCase),
  }));
  return [...storageTests(), ...cases, ...fusedTests(), ...integrationTests()];
}

/** Registers the conformance suite for backend `backendName` through `opts.test`. */
export function runBackendSuite(backendName: string, opts: BackendSuiteOptions): void {
  const skip = opts.skip ?? {};
  const tests = suiteTests();
  const names = new Set<string>();
  for (const t of tests) {
    if (names.has(t.name)) throw new Error(`conformance: two tests are named '${t.name}'`);
    names.add(t.name);
  }
  // A misspelt skip would silently run (and fail) the case it meant to skip: refuse it.
  const unknown = Object.keys(skip).filter((name) => !names.has(name));
  if (unknown.length > 0) throw new Error(`conformance: skip names no test: ${unknown.join('; ')}`);

  const recorder = new KernelRecorder();
  const stats: SuiteStats = { passed: 0, gradChecks: 0 };
  const skipped: string[] = [];
  for (const t of [...tests, ...metaTests(tests, skipped)]) {
    const reason = skip[t.name];
    if (reason !== undefined) {
      skipped.push(t.name);
      opts.test(t.name, () => console.log(`SKIP ${t.name}: ${reason}`));
    } else {
      opts.test(t.name, () => runIsolated(backendName, recorder, stats, t));
    }
  }
}
export { runTorchParity, TORCH_ITEMS, type TorchItem } from './torch-parity.js';
