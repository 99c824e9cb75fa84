// A small levelled logger: one line per event, info and debug to stdout, warnings and errors to stderr.

/** How much the server says, from everything (debug) to nothing (silent). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The log levels, quietest last. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Where the server's messages go. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that prints messages at `level` and above, each line prefixed with the time and level. */
export function createLogger(
  level: LogLevel,
  write: (line: string, stream: 'stdout' | 'stderr') => void = defaultWrite,
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at =
    (name: Exclude<LogLevel, 'silent'>, stream: 'stdout' | 'stderr') => (message: string) => {
      if (LOG_LEVELS.indexOf(name) < threshold) return;
      write(`${new Date().toISOString()} ${name.padEnd(5)} ${escapeControl(message)}`, stream);
    };
  return {
    debug: at('debug', 'stdout'),
    info: at('info', 'stdout'),
    warn: at('warn', 'stderr'),
    error: at('error', 'stderr'),
  };
}

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` with every control character written as an escape (\n, \x1b, \u2028), so that a request
 * path like `/%0a2026-01-01T00:00:00Z info forged` or a terminal escape code cannot forge a log
 * line or rewrite a terminal; a multi-line message (a stack) stays one line.
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    const code = ch.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger('silent');

function defaultWrite(line: string, stream: 'stdout' | 'stderr'): void {
  (stream === 'stdout' ? process.stdout : process.stderr).write(`${line}\n`);
}

/** The message of an unknown thrown value. */
export function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
