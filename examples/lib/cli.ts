// Argument parsers for commander options: a bad value is a one-line error and exit code 1.
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';

/** Parses an integer >= min. */
export function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer >= ${min}, got '${value}'`);
    return n;
  };
}

/** Parses a finite number >= min. */
export function number(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min) {
      throw new InvalidArgumentError(`expected a number >= ${min}, got '${value}'`);
    }
    return n;
  };
}

/** Parses a probability in [0, 1). */
export function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n < 1)) {
    throw new InvalidArgumentError(`expected a probability in [0, 1), got '${value}'`);
  }
  return n;
}

/** Prints an error as one line and exits with status 1. */
export function fail(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

/**
 * A path the user typed, resolved against the folder they ran the command in: `npm run` moves the
 * process into the workspace folder and keeps the original one in INIT_CWD.
 */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
