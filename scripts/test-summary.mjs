// How scripts/run-tests.mjs turns one package's uvu run into counts, and the counts into the closing
// line CI reads. Pure functions, so the runner's own tests can feed them any output.
import { stripVTControlCharacters } from 'node:util';

/**
 * Reads uvu's closing block ("Total: N / Passed: N / Skipped: N"). uvu's Total counts the tests that
 * ran, skipped ones left out, so failures are Total − Passed (a throwing `before` hook shows up here
 * too: its suite's tests never pass, yet uvu prints no FAIL for them).
 * @param {string} stdout
 * @returns {{ total: number, passed: number, skipped: number } | null} null when uvu never got to print it
 */
export function parseUvuSummary(stdout) {
  // Colour codes, where a tool turned colour on, would otherwise hide the numbers.
  const plain = stripVTControlCharacters(stdout);
  const field = (label) => plain.match(new RegExp(`^\\s*${label}:\\s+(\\d+)\\s*$`, 'm'))?.[1];
  const total = field('Total');
  const passed = field('Passed');
  if (total === undefined || passed === undefined) return null;
  return { total: Number(total), passed: Number(passed), skipped: Number(field('Skipped') ?? 0) };
}

/**
 * One package's counts from its output and its process's exit. A process that exits non-zero, is
 * killed, or ends without uvu's summary always counts at least one failure.
 * @param {{ stdout: string, status: number | null, signal?: string | null }} run
 * @returns {{ passed: number, failed: number, skipped: number, problem?: string }}
 */
export function packageCounts({ stdout, status, signal = null }) {
  const summary = parseUvuSummary(stdout);
  const passed = summary?.passed ?? 0;
  const skipped = summary?.skipped ?? 0;
  let failed = summary ? Math.max(0, summary.total - summary.passed) : 0;
  let problem;
  if (!summary) problem = 'ended before uvu printed its summary';
  else if (signal) problem = `killed by ${signal}`;
  else if (status !== 0) problem = `exited with status ${status}`;
  if (problem && failed === 0) failed = 1;
  return { passed, failed, skipped, ...(problem ? { problem } : {}) };
}

/**
 * The closing line CI reads: `N passed, N failed`, with `, N skipped` when there are skips.
 * @param {{ passed: number, failed: number, skipped: number }} totals
 */
export function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/**
 * Adds packages' counts; the run fails when any package failed.
 * @param {Array<{ passed: number, failed: number, skipped: number }>} results
 */
export function totalCounts(results) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    totals.passed += r.passed;
    totals.failed += r.failed;
    totals.skipped += r.skipped;
  }
  return { ...totals, exitCode: totals.failed > 0 ? 1 : 0 };
}
