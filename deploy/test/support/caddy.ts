// Debian's caddy, run on the project's Caddyfile with its state (local CA, certificates, autosaved
// config) in a temp folder, never in the user's home or the system's trust store.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './files.js';
import { run, tempDir, which } from './processes.js';

/** The project's Caddyfile. */
export const CADDYFILE = join(REPO, 'Caddyfile');

/** The caddy binary; throws saying how to install it when missing. */
export function caddyBinary(): string {
  const path = which('caddy');
  if (!path) {
    throw new Error(
      "no caddy on PATH: the deploy tests need Debian's caddy (apt-get install caddy)",
    );
  }
  return path;
}

/** A private environment for caddy: PATH, and HOME/XDG folders under a new temp folder. */
export function caddyEnv(vars: Record<string, string> = {}): {
  env: Record<string, string>;
  dataDir: string;
} {
  const home = tempDir('caddy');
  const dataDir = join(home, 'data');
  const configDir = join(home, 'config');
  mkdirSync(dataDir);
  mkdirSync(configDir);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: dataDir,
    XDG_CONFIG_HOME: configDir,
    ...vars,
  };
  return { env, dataDir };
}

/** Runs `caddy <command> --config Caddyfile --adapter caddyfile` with `vars` in its environment. */
export function caddy(command: 'validate' | 'adapt', vars: Record<string, string> = {}) {
  return run(caddyBinary(), [command, '--config', CADDYFILE, '--adapter', 'caddyfile'], {
    env: caddyEnv(vars).env,
  });
}
