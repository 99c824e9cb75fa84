// Parsers of comma-separated command-line lists: a bad name is a one-line error and exit code 1.
import { InvalidArgumentError } from 'commander';

/** Parses "a,b" into names from `allowed` (in the order given). */
export function listOf<T extends string>(allowed: readonly T[]): (value: string) => T[] {
  return (value) => {
    const names = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = names.filter((n) => !allowed.includes(n as T));
    if (bad.length > 0 || names.length === 0) {
      throw new InvalidArgumentError(
        `expected a comma-separated list of ${allowed.join(', ')}; got '${value}'`,
      );
    }
    return names as T[];
  };
}
