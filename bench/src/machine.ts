// The machine and software a run measured, for the JSON and RESULTS.md.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

/** CPU, cores, memory and load when the run started. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  /** 1, 5 and 15-minute load averages at the start: other work on the machine skews timings. */
  loadAverage: number[];
}

/** The CPU model as /proc/cpuinfo names it (os.cpus() elsewhere). */
export function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux: fall through
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

/** This machine, now. */
export function machineInfo(): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const require = createRequire(import.meta.url);

/** Versions of digitnet and of every peer package, from their package.json files. */
export function libraryVersions(): Record<string, string> {
  const read = (path: string) =>
    (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  const versions: Record<string, string> = {
    '@digitnet/core': read(new URL('../../packages/core/package.json', import.meta.url).pathname),
    '@digitnet/gpu': read(new URL('../../packages/gpu/package.json', import.meta.url).pathname),
  };
  for (const name of [
    'gpu.js',
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-layers',
    '@tensorflow/tfjs-backend-cpu',
    '@tensorflow/tfjs-backend-wasm',
    'convnetjs',
  ]) {
    versions[name] = read(require.resolve(`${name}/package.json`));
  }
  return versions;
}
