// The real thing for browser tests: the UI built into a temp folder, and @digitnet/server started
// by its own startServer() on an embedded PostgreSQL of its own (temp folder, free port).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { io, models } from '@digitnet/core';
import { createLogger, loadConfig, type RunningServer, startServer } from '@digitnet/server';
import { testModel } from './model.js';

const UI_ROOT = new URL('../../', import.meta.url).pathname;

/** A running server and what the tests reach through it. */
export interface Stack {
  /** The server now running (a new one after restart()). */
  server: RunningServer;
  url: string;
  /** Stops the server and its database, keeping the data (the page sees the server go away). */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Options of startStack. */
export interface StackOptions {
  /**
   * A not-a-digit score (JSON-able) to store in a copy of the test model's file, which the server
   * then serves: the score the server and the page must both read from it.
   */
  notADigit?: unknown;
}

/** Builds the UI, then starts the server with a fresh database. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  // Traversable by the `postgres` system user that PostgreSQL runs as (mkdtemp makes it 0700).
  const dir = mkdtempSync(join(tmpdir(), 'digitnet-ui-'));
  chmodSync(dir, 0o755);
  const uiDir = join(dir, 'ui');
  const build = spawnSync(process.execPath, ['build.mjs', '--outdir', uiDir], {
    cwd: UI_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`building the UI failed:\n${build.stdout}${build.stderr}`);
  const config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    modelPath:
      opts.notADigit === undefined
        ? await testModel()
        : withStoredScore(await testModel(), join(dir, 'models'), opts.notADigit),
    uiDir,
    logLevel: 'error' as const,
    shutdownTimeoutMs: 1000,
  };
  let server: RunningServer;
  try {
    server = await startServer(config, createLogger('error'));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const port = server.port;
  const stack: Stack = {
    server,
    url: server.url,
    stop: () => stack.server.close(),
    async restart() {
      stack.server = await startServer({ ...config, port }, createLogger('error'));
    },
    async close() {
      await stack.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** A copy of the model file in `dir` with `score` stored as its not-a-digit score; its path. */
function withStoredScore(path: string, dir: string, score: unknown): string {
  const { tensors, metadata, dtypes } = io.decodeSafetensors(readFileSync(path));
  const bytes = io.encodeSafetensors(
    tensors,
    { ...metadata, [models.NOT_A_DIGIT_METADATA_KEY]: JSON.stringify(score) },
    { dtypes },
  );
  for (const t of Object.values(tensors)) t.dispose();
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, basename(path).replace(/\.safetensors$/, '-scored.safetensors'));
  writeFileSync(copy, bytes);
  return copy;
}
