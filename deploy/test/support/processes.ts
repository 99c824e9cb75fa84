// Child processes and temp folders of the deploy tests, all cleaned up when the test process ends
// (normally, or by Ctrl-C or a kill), whatever a test left behind.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs: string[] = [];
const children = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** A new temp folder (traversable by other users: the embedded PostgreSQL runs as `postgres`). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `digitnet-deploy-${prefix}-`));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

/** A started child process with its output so far. */
export interface Child {
  process: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** stdout so far. */
  stdout(): string;
  /** Resolves when `pattern` appears in the output; rejects when the process exits or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** The exit code (null: killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `ms`; resolves with the exit code. */
  stop(ms?: number): Promise<number | null>;
}

/** Spawns `command` with exactly `env`, collecting its output. */
export function start(
  command: string,
  args: string[],
  opts: { env: Record<string, string>; cwd?: string },
): Child {
  const child = spawn(command, args, {
    env: opts.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let all = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  child.stdout?.on('data', (d: Buffer) => {
    out += d;
    all += d;
    notify();
  });
  child.stderr?.on('data', (d: Buffer) => {
    all += d;
    notify();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
      notify();
    });
    child.once('error', () => {
      children.delete(child);
      resolve(-1);
      notify();
    });
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const waitFor = (pattern: RegExp, ms = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = all.match(pattern);
        if (m) {
          finish();
          resolve(m);
        } else if (done) {
          finish();
          reject(new Error(`${command} exited before printing ${pattern}:\n${all}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${command} did not print ${pattern} within ${ms} ms:\n${all}`));
      }, ms);
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const stop = async (ms = 5000) => {
    if (done) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { process: child, output: () => all, stdout: () => out, waitFor, exited, stop };
}

/** Runs a command to completion (for short ones: caddy validate, sh). */
export function run(
  command: string,
  args: string[],
  opts: { env: Record<string, string>; cwd?: string; input?: string },
): { status: number | null; stdout: string; stderr: string; pid: number } {
  const r = spawnSync(command, args, {
    env: opts.env,
    cwd: opts.cwd,
    input: opts.input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}

/** The full path of `name` on PATH, or null. */
export function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {}
  }
  return null;
}
