// Whether PyTorch can run here: Debian's python3-torch through /usr/bin/python3 (no pip packages).
import { spawnSync } from 'node:child_process';
import { TORCH_THREADS_OF, type TorchLibId } from './types.js';

/** The interpreter the PyTorch columns run under. */
export const PYTHON = '/usr/bin/python3';

let reason: string | null | undefined;
let version = '';

/** Why PyTorch cannot run here, or null when `/usr/bin/python3 -c 'import torch'` works. */
export function torchMissing(): string | null {
  if (reason !== undefined) return reason;
  const run = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
  });
  if (run.error) reason = `${PYTHON} cannot run: ${run.error.message}`;
  else if (run.status !== 0) {
    const last = run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`;
    reason = `${PYTHON} -c 'import torch' failed (${last}); apt-get install python3-torch`;
  } else {
    reason = null;
    version = run.stdout.trim();
  }
  return reason;
}

/** The torch version /usr/bin/python3 imports ('' when it cannot). */
export function torchVersion(): string {
  torchMissing();
  return version;
}

/** The PyTorch libraries that cannot run here, with the reason. */
export function unavailableTorchLibs(): Partial<Record<TorchLibId, string>> {
  const why = torchMissing();
  if (!why) return {};
  return Object.fromEntries(Object.keys(TORCH_THREADS_OF).map((lib) => [lib, why]));
}
