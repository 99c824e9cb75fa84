// Runs one task in a fresh Node process (TypeScript through tsx, @digitnet/core from source) and
// reads back its report; the parent never runs two at once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReport, Task } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
// Far above the slowest task (tfjs-cpu training F=32, about 6 minutes): only a hang reaches it.
const CHILD_TIMEOUT_MS = 30 * 60_000;

/** Runs `task` in a child process and returns its report (a failed report when it crashed). */
export function runChild(task: Task): ChildReport & { output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'digitnet-bench-'));
  const out = join(dir, 'report.json');
  try {
    const child = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(here, 'child.ts'), JSON.stringify(task), out],
      {
        cwd: dirname(here),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: CHILD_TIMEOUT_MS,
      },
    );
    const output = `${child.stdout ?? ''}${child.stderr ?? ''}`;
    try {
      return { ...(JSON.parse(readFileSync(out, 'utf8')) as ChildReport), output };
    } catch {
      const why = child.error?.message ?? `exit code ${child.status}, signal ${child.signal}`;
      return {
        task,
        ok: false,
        error: `child process wrote no report (${why})`,
        notes: [],
        maxRssMiB: 0,
        wallMs: 0,
        output,
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
