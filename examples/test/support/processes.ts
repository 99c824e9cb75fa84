// Real processes for the end-to-end tests: the server as `npm start` runs it, and example scripts
// as `npm run` runs them.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const examples = fileURLToPath(new URL('../..', import.meta.url));
const serverMain = fileURLToPath(new URL('../../../packages/server/src/main.ts', import.meta.url));

// No colour variables: Node warns when FORCE_COLOR meets NO_COLOR, and the output is parsed.
const {
  FORCE_COLOR: _force,
  NO_COLOR: _no,
  NODE_DISABLE_COLORS: _disable,
  ...plainEnv
} = process.env;

const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder (removed at exit) that the `postgres` user can traverse. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `digitnet-${prefix}-`));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

/** A running server process. */
export interface ServerProcess {
  url: string;
  output(): string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts packages/server/src/main.ts with `env` (PORT 0: a free port) and waits until it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', serverMain], {
    env: { ...plainEnv, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  void exit.then(() => running.delete(child));
  const deadline = Date.now() + 90_000;
  let url: string | undefined;
  while (!url) {
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = url;
  return {
    url: base,
    output: () => output,
    fetch: (path, init) => fetch(`${base}${path}`, init),
    stop: async () => {
      child.kill('SIGTERM');
      return exit;
    },
  };
}

/** What a finished script printed and its exit status. */
export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an example script (e.g. finetune.ts) with `args` and extra `env`, asynchronously. */
export function runScript(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ScriptRun> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(examples, name), ...args],
    {
      cwd: examples,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) =>
    child.once('exit', (status) => {
      running.delete(child);
      resolve({ status, stdout, stderr });
    }),
  );
}
