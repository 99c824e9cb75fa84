// Temporary folders, removed when the test process ends.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new temporary folder that the `postgres` user can traverse (mkdtemp makes it root-only). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `digitnet-${prefix}-`));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}
