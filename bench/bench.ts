// digitnet's backends (cpu; gpu in each gpu.js mode that runs here, webgl2 in headless Chromium)
// against TensorFlow.js (cpu, wasm) and ConvNetJS, side by side in one run: kernels, training and inference of the seed CNN,
// peak memory. Each library and task runs in its own child process, one after another. Prints one
// table, writes bench/results/<timestamp>.json and, after a full run, bench/RESULTS.md with its chart.
//
//   xvfb-run -a npm run bench   # the full run, headlessgl included (needs a display); quiet machine
//   npm run bench -- --quick    # a subset in a few minutes
//   npm run bench -- --help
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { listOf } from './src/cli.js';
import { unavailableGpuLibs } from './src/gpu.js';
import { libraryVersions, machineInfo } from './src/machine.js';
import { buildPlan, SECTIONS, type Section } from './src/plan.js';
import { trainingChartSvg, writePng } from './src/report/chart.js';
import { resultsMarkdown } from './src/report/markdown.js';
import { profileCells, profileTitle } from './src/report/profile.js';
import { type BenchResult, collect } from './src/report/result.js';
import { methodLines, noteLines, targetLines } from './src/report/summary.js';
import { formatTable, tableCells } from './src/report/table.js';
import { runChild } from './src/spawn.js';
import { unavailableTorchLibs } from './src/torch.js';
import { type ChildReport, LIBS, type LibId } from './src/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHART = 'train-throughput.png';

const program = new Command('bench')
  .description(
    "Benchmark digitnet's cpu backend and its gpu backend (gpu.js webgl2 in headless Chromium, " +
      'headlessgl, webasm and cpu modes) ' +
      'against tfjs-wasm, tfjs-cpu and convnetjs: kernels, training and inference of the seed CNN, ' +
      'peak memory; one table with ratios.',
  )
  .option('--quick', 'a subset (F = 16, fewer kernels and repetitions) in under two minutes')
  .option(
    '--profile',
    'also profile one digitnet training step by kernel (F = 32; 16 with --quick)',
  )
  .option(
    '--only <sections>',
    `run only these sections, comma-separated: ${SECTIONS.join(', ')}`,
    listOf(SECTIONS),
  )
  .option(
    '--libs <libs>',
    `run only these libraries, comma-separated: ${LIBS.join(', ')}`,
    listOf(LIBS),
  )
  .option('--no-write', 'print only: write neither the JSON nor RESULTS.md')
  .option(
    '--from <json>',
    'measure nothing: print a saved bench/results/*.json (and regenerate RESULTS.md from a full one)',
  )
  .addHelpText(
    'after',
    '\nbench/RESULTS.md and its chart are regenerated only by a full run (no --quick, --only or --libs);' +
      '\nevery run that writes leaves bench/results/<timestamp>.json. Run it on a quiet machine.' +
      '\nThe headlessgl mode needs a display: on a server run `xvfb-run -a npm run bench`; webgl2 needs Chromium' +
      '\n(/usr/bin/chromium or $CHROMIUM_PATH). Without them those columns are skipped, saying why.\n',
  );

interface Flags {
  quick?: boolean;
  profile?: boolean;
  only?: Section[];
  libs?: LibId[];
  write: boolean;
  from?: string;
}

function progressLine(i: number, total: number, label: string, r: ChildReport): string {
  const head = `[${i}/${total}] ${label.padEnd(28)}`;
  const tail = `${(r.wallMs / 1000).toFixed(1)} s, peak RSS ${r.maxRssMiB.toFixed(0)} MiB`;
  if (!r.ok) return `${head} FAILED: ${(r.error ?? '').split('\n')[0]}`;
  if (r.train) {
    const t = r.train;
    return `${head} ${t.samplesPerSec.toFixed(1)} samples/s (${t.steps} steps, median ${t.msPerStepMedian.toFixed(0)} ms)  ${tail}`;
  }
  if (r.infer) {
    const t = r.infer;
    return `${head} ${t.batchSamplesPerSec.toFixed(0)} samples/s, batch-1 ${t.latencyMedianMs.toFixed(2)} ms  ${tail}`;
  }
  if (r.check)
    return `${head} ${r.check.pass ? 'composed kernel matches tfjs-cpu' : 'MISMATCH'}  ${tail}`;
  return `${head} ${tail}`;
}

/** Runs every planned child process, one at a time, and folds their reports into a result. */
async function measure(flags: Flags): Promise<BenchResult> {
  const quick = flags.quick ?? false;
  const full = !quick && !flags.only && !flags.libs;
  const started = performance.now();
  const date = new Date();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const machine = machineInfo();
  const versions = libraryVersions();
  const { tasks, skipped } = buildPlan({
    quick,
    profile: flags.profile ?? false,
    sections: flags.only ?? [...SECTIONS],
    libs: flags.libs ?? [...LIBS],
    unavailable: { ...unavailableGpuLibs(), ...unavailableTorchLibs() },
  });
  console.log(`${command}: ${tasks.length} child processes, one at a time`);
  console.log(
    `${machine.cpu}, ${machine.cores} cores; Node ${machine.node}; load average ${machine.loadAverage.join(' ')}`,
  );
  const reports: ChildReport[] = [];
  let wasmBroken = false;
  for (const [i, { label, task }] of tasks.entries()) {
    // A composed kernel that disagrees with tfjs-cpu's would make tfjs-wasm's training figures meaningless.
    if (wasmBroken && task.kind === 'train' && task.lib === 'tfjs-wasm') {
      skipped.push({ what: label, reason: 'the composed Conv2DBackpropFilter failed its check' });
      continue;
    }
    const r = runChild(task);
    reports.push(r);
    console.log(progressLine(i + 1, tasks.length, label, r));
    if (!r.ok) console.log(r.output.trim().split('\n').slice(-15).join('\n'));
    if (task.kind === 'check' && !(r.ok && r.check?.pass)) wasmBroken = true;
  }
  return collect(reports, {
    meta: {
      date: date.toISOString(),
      command,
      quick,
      full,
      machine,
      versions,
      wallSeconds: (performance.now() - started) / 1000,
    },
    skipped,
  });
}

/** Prints the table, the statements under it and the profile. */
function print(result: BenchResult): void {
  console.log(`\n${formatTable(tableCells(result))}\n`);
  for (const line of [...targetLines(result), ...methodLines(result), ...noteLines(result)])
    console.log(`- ${line}`);
  const profile = profileCells(result);
  if (profile) console.log(`\n${profileTitle(result)}\n${formatTable(profile, 1)}`);
}

/** Writes RESULTS.md and its chart when the result is a full run's. */
async function writeResultsMarkdown(result: BenchResult): Promise<void> {
  if (!result.meta.full) {
    console.log('RESULTS.md left as it is (regenerated by a full run only)');
    return;
  }
  await writePng(trainingChartSvg(result), join(here, CHART));
  writeFileSync(join(here, 'RESULTS.md'), resultsMarkdown(result, CHART));
  console.log(`wrote ${join(here, 'RESULTS.md')} and ${CHART}`);
}

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  if (flags.from) {
    // npm runs scripts in the workspace folder; a relative path is meant from where npm was run.
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), flags.from);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as BenchResult;
    print(saved);
    if (flags.write) await writeResultsMarkdown(saved);
    return;
  }
  const result = await measure(flags);
  print(result);
  if (flags.write) {
    mkdirSync(join(here, 'results'), { recursive: true });
    const stamp = result.meta.date.replace(/[:.]/g, '-');
    const json = join(here, 'results', `${stamp}.json`);
    writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${json}`);
    await writeResultsMarkdown(result);
  }
  console.log(`done in ${result.meta.wallSeconds.toFixed(0)} s`);
  if (result.failures.length > 0) process.exitCode = 1;
}

try {
  await main();
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
