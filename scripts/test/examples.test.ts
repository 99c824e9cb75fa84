import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// Every `@example` in the published packages' sources is a program: it typechecks and runs, and
// each `console.log(…); // → text` line prints `text` (whitespace runs compared as one space, so a
// tensor printed over several lines can be written on one). Examples are written as a user writes
// them after importing the package: every value export of the package (and of @digitnet/core, and
// of @digitnet/core/node for core) is in scope, nothing else. A failure names the file, the line
// and the documented symbol. Like the README test, it runs against the workspace's sources.
// KEEP_EXAMPLES=1 keeps the generated modules (node_modules/.examples-*) to debug one.
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The packages whose sources are scanned, and what their examples import. */
const packages = [
  { dir: 'packages/core', imports: ['@digitnet/core', '@digitnet/core/node'] },
  { dir: 'packages/gpu', imports: ['@digitnet/core', '@digitnet/gpu'] },
  { dir: 'packages/wasm', imports: ['@digitnet/core', '@digitnet/wasm'] },
];

export interface DocExample {
  /** Repository-relative path of the source file. */
  file: string;
  /** 1-based line of the `@example` tag. */
  line: number;
  /** The documented symbol, with its class or interface: `Tensor.add`. */
  symbol: string;
  /** The example's code, as TypeDoc renders it. */
  code: string;
}

/** The `@example` blocks of one source file's doc comments, with the symbols they document. */
export function extractExamples(file: string, text: string): DocExample[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const seen = new Set<number>();
  const out: DocExample[] = [];
  const visit = (node: ts.Node, owners: string[]): void => {
    const name = declarationName(node);
    for (const doc of ts.getJSDocCommentsAndTags(node)) {
      if (!ts.isJSDoc(doc) || seen.has(doc.pos)) continue;
      seen.add(doc.pos);
      const symbol = [...owners, name ?? '(anonymous)'].join('.');
      const startLine = sf.getLineAndCharacterOfPosition(doc.getStart(sf)).line + 1;
      for (const ex of examplesOf(sf.text.slice(doc.getStart(sf), doc.end))) {
        out.push({ file, line: startLine + ex.offset, symbol, code: ex.code });
      }
    }
    const inner =
      (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && name
        ? [...owners, name]
        : owners;
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, []);
  return out;
}

function declarationName(node: ts.Node): string | undefined {
  if (ts.isVariableStatement(node)) {
    return node.declarationList.declarations.map((d) => d.name.getText()).join(', ');
  }
  const n = ts.getNameOfDeclaration(node as ts.Declaration);
  return n ? n.getText() : undefined;
}

/** Splits a raw `/** … *\/` comment into its `@example` blocks (line offsets from the comment's first line). */
export function examplesOf(comment: string): { offset: number; code: string }[] {
  const lines = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''));
  const found: { offset: number; code: string }[] = [];
  let current: { offset: number; body: string[] } | null = null;
  const close = () => {
    if (current) found.push({ offset: current.offset, code: codeOf(current.body) });
  };
  lines.forEach((line, i) => {
    const tag = line.match(/^\s*@(\w+)\s?(.*)$/);
    // A tag ends the example unless it sits inside the example's code fence.
    const fenced = current && current.body.filter((l) => l.trim().startsWith('```')).length % 2;
    if (tag && !fenced) {
      close();
      current = tag[1] === 'example' ? { offset: i, body: tag[2] ? [tag[2]] : [] } : null;
    } else if (current) current.body.push(line);
  });
  close();
  return found;
}

/** TypeDoc's reading: the fenced blocks' contents, or the whole text when it has no fence. */
function codeOf(body: string[]): string {
  const text = body.join('\n');
  const blocks = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  return (blocks.length > 0 ? blocks.join('\n') : text).trim();
}

/**
 * What a line's trailing comment says it prints: `// → text`, or `// a note: → text`; null when
 * it says nothing.
 */
export function printedIn(line: string): string | null {
  const comment = line.match(/\/\/ (.*)$/)?.[1];
  if (comment === undefined) return null;
  if (comment.startsWith('→ ')) return comment.slice(2);
  const at = comment.lastIndexOf(': → ');
  return at >= 0 ? comment.slice(at + 4) : null;
}

/**
 * The example as a module: its own `import` lines first, then the package's exports (those it does
 * not import itself), then its code in a block of its own (so it may shadow those names), each
 * `console.log(…); // → text` line recording what it printed with `__expect`.
 */
export function instrument(
  code: string,
  exports: Record<string, string[]>,
): { source: string; expected: string[] } {
  const expected: string[] = [];
  const imports: string[] = [];
  const body: string[] = [];
  for (const line of code.split('\n')) {
    if (/^import\s/.test(line)) {
      imports.push(line);
      continue;
    }
    const want = printedIn(line);
    if (want !== null) {
      if (!line.includes('console.log(')) {
        throw new Error(`a "// →" comment needs a console.log on its line: ${line.trim()}`);
      }
      body.push(line.replace('console.log(', `__expect(${expected.length}, `));
      expected.push(want);
    } else body.push(line);
  }
  const taken = new Set(imports.flatMap((l) => l.match(/\{([^}]*)\}/)?.[1].split(',') ?? []));
  const own = new Set(
    [...taken].map((n) =>
      n
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim(),
    ),
  );
  const prelude = Object.entries(exports).map(([spec, names]) => {
    const fresh = names.filter((n) => !own.has(n));
    for (const n of fresh) own.add(n);
    return `import { ${fresh.join(', ')} } from '${spec}';`;
  });
  const source = [...imports, ...prelude, '{', ...body, '}', 'export {};', ''].join('\n');
  return { source, expected };
}

/** Printed and expected text are compared with every whitespace run as one space. */
export function samePrint(printed: string, expected: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return squash(printed) === squash(expected);
}

function sourcesOf(dir: string): string[] {
  return readdirSync(join(root, dir, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => join(dir, 'src', f));
}

test('examplesOf: fenced and one-line examples, tags inside a fence kept, other tags end one', () => {
  const comment = [
    '/**',
    ' * Adds.',
    ' * @example add(1, 2)',
    ' * @example',
    ' * ```ts',
    ' * const x = 1; // @param is not a tag here',
    ' * @notATag inside the fence',
    ' * ```',
    ' * @param a the first',
    ' */',
  ].join('\n');
  assert.equal(examplesOf(comment), [
    { offset: 2, code: 'add(1, 2)' },
    { offset: 3, code: 'const x = 1; // @param is not a tag here\n@notATag inside the fence' },
  ]);
});

test('extractExamples names the symbol with its class and the line of the tag', () => {
  const src = [
    'export class A {',
    '  /**',
    '   * Doubles.',
    '   * @example new A().twice(2)',
    '   */',
    '  twice(x: number) { return 2 * x; }',
    '}',
    '/** @example f() */',
    'export function f() {}',
  ].join('\n');
  const found = extractExamples('a.ts', src).map(({ line, symbol, code }) => ({
    line,
    symbol,
    code,
  }));
  assert.equal(found, [
    { line: 4, symbol: 'A.twice', code: 'new A().twice(2)' },
    { line: 8, symbol: 'f', code: 'f()' },
  ]);
});

test('instrument hoists imports, imports the rest, and turns "// →" lines into recorded prints', () => {
  const { source, expected } = instrument(
    "import { a } from 'm';\nconst b = 1;\nconsole.log(a + b); // → 2",
    { m: ['a', 'c'], n: ['c', 'd'] },
  );
  assert.equal(expected, ['2']);
  assert.is(
    source,
    [
      "import { a } from 'm';",
      "import { c } from 'm';",
      "import { d } from 'n';",
      '{',
      'const b = 1;',
      '__expect(0, a + b); // → 2',
      '}',
      'export {};',
      '',
    ].join('\n'),
  );
  assert.throws(() => instrument('a + 1 // → 2', {}), /needs a console.log/);
  assert.is(printedIn('console.log(x); // → [ 1, 2 ]'), '[ 1, 2 ]');
  assert.is(printedIn('console.log(x); // NCHW → NHWC: → [ 2, 4 ]'), '[ 2, 4 ]');
  assert.is(printedIn('f(x); // NCHW → NHWC'), null);
  assert.ok(samePrint('tensor([[1., 2.],\n        [3., 4.]])', 'tensor([[1., 2.], [3., 4.]])'));
  assert.not.ok(samePrint('tensor([1., 2.])', 'tensor([1., 3.])'));
});

/** Runs a TypeScript module in a child process (the workspace's sources), returning its stdout. */
function runTs(file: string, cwd: string): string {
  const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${file} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

// Imports each example's module in turn, in one process, with the CPU backend set before each,
// and writes for each the first error thrown or the first print that differs from its comment.
const driver = `
import { readFileSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { setBackend } from '@digitnet/core';
const cases = JSON.parse(readFileSync('cases.json', 'utf8'));
const squash = (s) => s.replace(/\\s+/g, ' ').trim();
const results = [];
for (const c of cases) {
  const printed = [];
  globalThis.__expect = (k, ...args) => { printed[k] = format(...args); };
  setBackend('cpu');
  let failure = null;
  try {
    await import('./' + c.module);
    c.expected.forEach((want, k) => {
      if (failure) return;
      if (printed[k] === undefined) failure = 'the line that should print "' + want + '" never ran';
      else if (squash(printed[k]) !== squash(want))
        failure = 'printed "' + squash(printed[k]) + '" where its comment says "' + want + '"';
    });
  } catch (e) {
    failure = 'threw ' + (e instanceof Error ? e.stack : String(e));
  }
  results.push({ failure });
}
writeFileSync('results.json', JSON.stringify(results));
`;

test('every @example in the packages typechecks, runs and prints what its "// →" comments say', () => {
  const examples = packages.flatMap((pkg) =>
    sourcesOf(pkg.dir).flatMap((file) =>
      extractExamples(file, readFileSync(join(root, file), 'utf8')).map((ex) => ({ ...ex, pkg })),
    ),
  );
  assert.ok(examples.length >= 30, `only ${examples.length} @example blocks found`);
  // Inside the repo, so that '@digitnet/*' resolve to the workspace (the source condition).
  const dir = mkdtempSync(join(root, 'node_modules', '.examples-'));
  try {
    const specs = [...new Set(packages.flatMap((p) => p.imports))];
    writeFileSync(
      join(dir, 'names.mts'),
      `${specs.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}
console.log(JSON.stringify({ ${specs.map((s, i) => `'${s}': Object.keys(m${i})`).join(', ')} }));`,
    );
    const exportsOf: Record<string, string[]> = JSON.parse(runTs(join(dir, 'names.mts'), dir));
    const cases = examples.map((ex, i) => {
      const own = Object.fromEntries(ex.pkg.imports.map((s) => [s, exportsOf[s]]));
      const { source, expected } = instrument(ex.code, own);
      const module = `example-${String(i).padStart(3, '0')}.mts`;
      writeFileSync(join(dir, module), source);
      return { file: ex.file, line: ex.line, symbol: ex.symbol, module, expected };
    });
    const where = (module: string) => {
      const c = cases.find((k) => k.module === module);
      return c ? `${c.file}:${c.line} (${c.symbol})` : module;
    };
    writeFileSync(
      join(dir, 'expect.d.ts'),
      'declare function __expect(k: number, ...args: unknown[]): void;\n',
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'], customConditions: ['source'] },
        include: ['example-*.mts', 'expect.d.ts'],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
      { encoding: 'utf8' },
    );
    const tscOut = `${tsc.stdout}${tsc.stderr}`.replace(/[^\s(]*(example-\d+\.mts)/g, (_, m) =>
      where(m),
    );
    assert.is(tsc.status, 0, `examples that do not typecheck:\n${tscOut}`);
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
    writeFileSync(join(dir, 'driver.mts'), driver);
    runTs(join(dir, 'driver.mts'), dir);
    const results: { failure: string | null }[] = JSON.parse(
      readFileSync(join(dir, 'results.json'), 'utf8'),
    );
    const failures = results.flatMap((r, i) =>
      r.failure ? [`${where(cases[i].module)}: ${r.failure}`] : [],
    );
    assert.is(failures.length, 0, `${failures.length} examples failed:\n${failures.join('\n\n')}`);
    console.log(`  ${cases.length} @example blocks ran`);
  } finally {
    if (!process.env.KEEP_EXAMPLES) rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
