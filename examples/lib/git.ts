// The git commit a model was trained from, for its model card.
import { execFileSync } from 'node:child_process';

/** The current commit hash (with "-dirty" when the tree has changes), or null outside a git checkout. */
export function gitCommit(): string | null {
  try {
    const hash = execFileSync('git', ['rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return dirty ? `${hash}-dirty` : hash;
  } catch {
    return null;
  }
}
