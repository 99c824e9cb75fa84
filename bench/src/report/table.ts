// The one table: a row per measurement, a column per library, and digitnet / peer ratios (digitnet
// wasm where it was measured, digitnet cpu otherwise).
import { KERNEL_CASES } from '../kernel-cases.js';
import { isDigitnet, LIBS, type LibId } from '../types.js';
import type { BenchResult } from './result.js';

/** One measurement across libraries. */
export interface Row {
  metric: string;
  unit: string;
  better: 'higher' | 'lower';
  values: Partial<Record<LibId, number>>;
  /** A mark after a value, e.g. '*' for a kernel the bench composed. */
  marks?: Partial<Record<LibId, string>>;
}

/** Peers the ratio columns divide by: every library that is not digitnet. */
export const PEERS: readonly LibId[] = LIBS.filter((l) => !isDigitnet(l));

/** Libraries with at least one measurement in a result, in LIBS order. */
export function measuredLibs(result: BenchResult): LibId[] {
  const seen = new Set<string>(
    [...result.kernels, ...result.train, ...result.infer].map((r) => r.lib),
  );
  return LIBS.filter((l) => seen.has(l));
}

/** The rows of the table, in order: kernels, training, inference, peak memory. */
export function buildRows(result: BenchResult): Row[] {
  const rows: Row[] = [];
  for (const c of KERNEL_CASES) {
    const found = result.kernels.filter((k) => k.case === c.id);
    if (found.length === 0) continue;
    const flops = 'flops' in c;
    const row: Row = {
      metric: c.label,
      unit: flops ? 'GFLOP/s' : 'ms',
      better: flops ? 'higher' : 'lower',
      values: {},
    };
    for (const k of found) {
      row.values[k.lib] = flops ? k.gflops : k.msMedian;
      if (k.note) row.marks = { ...row.marks, [k.lib]: '*' };
    }
    rows.push(row);
  }
  const factors = [...new Set([...result.train, ...result.infer].map((r) => r.factor))].sort(
    (a, b) => b - a,
  );
  for (const f of factors) {
    const train = result.train.filter((t) => t.factor === f);
    if (train.length === 0) continue;
    const row = (metric: string, unit: string, pick: (t: (typeof train)[number]) => number) => ({
      metric,
      unit,
      better: 'higher' as const,
      values: Object.fromEntries(train.map((t) => [t.lib, pick(t)])),
    });
    rows.push(row(`train F=${f} batch ${train[0].batch}`, 'samples/s', (t) => t.samplesPerSec));
    rows.push(row(`train F=${f} model FLOPs`, 'GFLOP/s', (t) => t.gflops));
  }
  for (const f of factors) {
    const infer = result.infer.filter((t) => t.factor === f);
    if (infer.length === 0) continue;
    const row = (
      metric: string,
      unit: string,
      better: Row['better'],
      pick: (t: (typeof infer)[number]) => number,
    ): Row => ({
      metric,
      unit,
      better,
      values: Object.fromEntries(infer.map((t) => [t.lib, pick(t)])),
    });
    rows.push(
      row(
        `infer F=${f} batch ${infer[0].batch}`,
        'samples/s',
        'higher',
        (t) => t.batchSamplesPerSec,
      ),
    );
    rows.push(row(`infer F=${f} batch 1 median`, 'ms', 'lower', (t) => t.latencyMedianMs));
    rows.push(row(`infer F=${f} batch 1 p99`, 'ms', 'lower', (t) => t.latencyP99Ms));
  }
  const tasks = [...new Set(result.memory.map((m) => m.task))].filter(
    (t) => t.startsWith('train') || t.startsWith('infer'),
  );
  for (const task of tasks) {
    const entries = result.memory.filter((m) => m.task === task && m.lib !== 'harness');
    rows.push({
      metric: `peak RSS ${task}`,
      unit: 'MiB',
      better: 'lower',
      values: Object.fromEntries(entries.map((m) => [m.lib, m.maxRssMiB])),
    });
  }
  return rows;
}

/** A number to 3 significant digits (no exponent below 1e6). */
export function formatNumber(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (Math.abs(v) >= 100) return Math.round(v).toString();
  return Number(v.toPrecision(3)).toString();
}

/** digitnet wasm (or cpu, where wasm was not measured) / peer for a row, or undefined when either is missing. */
export function ratio(row: Row, peer: LibId): number | undefined {
  const ours = row.values['digitnet-wasm'] ?? row.values['digitnet-cpu'];
  const theirs = row.values[peer];
  return ours === undefined || theirs === undefined || theirs === 0 ? undefined : ours / theirs;
}

/** The table as cells: a header row, then one row per measurement. */
export function tableCells(result: BenchResult, rows = buildRows(result)): string[][] {
  const cols = measuredLibs(result);
  const peers = PEERS.filter((p) => cols.includes(p));
  const header = ['metric', 'unit', ...cols, ...peers.map((p) => `vs ${p}`)];
  const body = rows.map((r) => [
    r.metric,
    `${r.unit} ${r.better === 'higher' ? '↑' : '↓'}`,
    ...cols.map((c) => formatNumber(r.values[c]) + (r.marks?.[c] ?? '')),
    ...peers.map((p) => {
      const x = ratio(r, p);
      return x === undefined ? '—' : `${formatNumber(x)}×`;
    }),
  ]);
  return [header, ...body];
}

/** The table as aligned text for the terminal; the first `left` columns are left-aligned. */
export function formatTable(cells: readonly string[][], left = 2): string {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => [...r[i]].length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, i) => (i < left ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** The table as GitHub markdown; the first `left` columns are left-aligned. */
export function markdownTable(cells: readonly string[][], left = 2): string {
  const line = (r: readonly string[]) => `| ${r.join(' | ')} |`;
  const align = cells[0].map((_, i) => (i < left ? '---' : '---:'));
  return [line(cells[0]), line(align), ...cells.slice(1).map(line)].join('\n');
}
