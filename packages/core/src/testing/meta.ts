// Meta-tests: the declarations are well-formed (unique names, at least one case each, unique
// case names), and every kernel and kernel variant the backend has was exercised by the suite
// (measured by the KernelRecorder).
import { uncovered } from './coverage.js';
import { casesOf, type OpDecl } from './define.js';
import type { SuiteTest } from './harness.js';
import { OPS } from './registry.js';

/** Name of the coverage meta-test (it must run after every other test). */
export const COVERAGE_TEST = 'meta: every kernel the backend provides was exercised';

/** Problems of a list of declarations: duplicate op or case names, ops without a case. */
export function declarationProblems(decls: readonly OpDecl[]): string[] {
  const problems: string[] = [];
  const ops = new Set<string>();
  const cases = new Set<string>();
  for (const d of decls) {
    if (ops.has(d.name)) problems.push(`op '${d.name}' is declared twice`);
    ops.add(d.name);
    const rows = casesOf(d);
    if (rows.length === 0) problems.push(`op '${d.name}' declares no case`);
    for (const c of rows) {
      if (cases.has(c.name)) problems.push(`two cases are named '${c.name}'`);
      cases.add(c.name);
    }
  }
  return problems;
}

/** The meta-tests; `skipped` fills with the names of skipped tests as the suite registers. */
export function metaTests(tests: readonly SuiteTest[], skipped: readonly string[]): SuiteTest[] {
  const meta: SuiteTest[] = [
    {
      name: 'meta: every op is declared once, with cases of distinct names',
      run: () => {
        const problems = declarationProblems(OPS);
        if (problems.length > 0) throw new Error(`op declarations: ${problems.join('; ')}`);
      },
    },
    {
      name: COVERAGE_TEST,
      run: (env) => {
        const called = env.recorder.called();
        const missing = uncovered(env.backend, called);
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
            `kernels exercised: ${[...called]
              .filter((k) => !k.includes(':'))
              .sort()
              .join(', ')}`,
        );
      },
    },
  ];
  return meta;
}
