// Argument parsers for commander options: a bad value is a one-line error and exit code 1.
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

/** Prints an error as one line and exits with status 1. */
export function fail(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
