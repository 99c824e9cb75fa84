import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getBackend, relu, tensor, tidy } from '../src/index.js';
import { expectedKernels, KernelRecorder, uncovered } from '../src/testing/coverage.js';
import { casesOf, defineOp, type OpDecl } from '../src/testing/define.js';
import type { SuiteEnv } from '../src/testing/harness.js';
import { CASES, OPS } from '../src/testing/index.js';
import { COVERAGE_TEST, declarationProblems, metaTests } from '../src/testing/meta.js';
import * as ref from '../src/testing/reference.js';

// The suite is derived from the op declarations alone; these tests check the derivation and that
// the meta-tests fail where they should.

test('the cases are exactly the declarations’ rows, named uniquely', () => {
  const rows = OPS.flatMap((d) => casesOf(d as OpDecl));
  assert.is(CASES.length, rows.length);
  assert.ok(CASES.length >= 429, `the suite lost cases: ${CASES.length}`);
  assert.is(new Set(CASES.map((c) => c.name)).size, CASES.length);
  for (const d of OPS)
    assert.ok(
      CASES.some((c) => c.op === d.name),
      `${d.name} has no case`,
    );
  assert.equal(declarationProblems(OPS), []);
});

test('a declaration without cases, or declared twice, is refused', () => {
  const lonely = defineOp({
    name: 'lonely',
    grad: true,
    engine: ([x]) => relu(x),
    reference: ([x]) => ref.unary('relu', x),
    cases: () => [],
  });
  const once = defineOp({ ...lonely, name: 'twice', cases: (row) => [row([[2]])] });
  assert.equal(declarationProblems([lonely as OpDecl, once as OpDecl, once as OpDecl]), [
    "op 'lonely' declares no case",
    "op 'twice' is declared twice",
    "two cases are named 'twice [2]'",
  ]);
});

test('the recorder notes kernel variants, and a variant no case ran fails the coverage test', () => {
  const backend = getBackend();
  const recorder = new KernelRecorder();
  const uninstall = recorder.install(backend);
  try {
    tidy(() => relu(tensor([1, -1])));
  } finally {
    uninstall();
  }
  assert.ok(recorder.called().has('Unary'));
  assert.ok(recorder.called().has('Unary:relu'));
  assert.not.ok(recorder.called().has('Unary:exp'));
  assert.ok(expectedKernels(backend).includes('Unary:reciprocal'));
  assert.ok(expectedKernels(backend).includes('Binary:pow'));
  assert.ok(expectedKernels(backend).includes('Reduce:argmin'));

  // Every kernel and variant but one exercised: the coverage meta-test names the missing variant.
  const all = new KernelRecorder();
  for (const k of expectedKernels(backend)) {
    if (k === 'Unary:reciprocal') continue;
    const [kernel, op] = k.split(':');
    all.note(kernel as 'Unary', op === undefined ? {} : { op });
  }
  assert.equal(uncovered(backend, all.called()), ['Unary:reciprocal']);
  const coverage = metaTests([], []).find((t) => t.name === COVERAGE_TEST);
  if (!coverage || !('run' in coverage)) throw new Error('no synchronous coverage meta-test');
  const env: SuiteEnv = {
    backendName: backend.name,
    backend,
    recorder: all,
    stats: { passed: 0, gradChecks: 0 },
  };
  assert.throws(() => coverage.run(env), /kernels no case exercised: Unary:reciprocal$/);
  all.note('Unary', { op: 'reciprocal' });
  coverage.run(env);
});

test.run();
