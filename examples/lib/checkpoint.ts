// Training checkpoints: model and optimiser tensors in one safetensors file, the rest as JSON metadata.
import {
  type EpochEnd,
  globalGenerator,
  io,
  type models,
  type optim,
  type Tensor,
} from '@digitnet/core';
import { loadSafetensors, saveSafetensors } from '@digitnet/core/node';

/** Everything besides tensors that a resumed run needs to continue exactly. */
export interface CheckpointState {
  config: models.MnistCnnConfig;
  /** The training flags the run started with. */
  hyper: Record<string, number | boolean | string>;
  /** Where to resume: the next epoch and batch. */
  epoch: number;
  batch: number;
  history: EpochEnd[];
  /** The global PRNG (dropout masks) at the moment of saving. */
  generator: number[];
  optimizer: optim.OptimizerMeta;
  scheduler: optim.LRSchedulerStateDict | null;
  /** Training seconds spent before this checkpoint. */
  seconds: number;
}

const MODEL = 'model.';
const OPTIMIZER = 'optimizer.';

/** Writes a checkpoint atomically. */
export async function saveCheckpoint(
  path: string,
  model: models.MnistCnn,
  optimizer: optim.Optimizer,
  state: Omit<CheckpointState, 'generator' | 'optimizer'>,
): Promise<void> {
  const modelDict = model.stateDict();
  const opt = optimizer.stateDict();
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(modelDict)) tensors[MODEL + k] = t;
  for (const [k, t] of Object.entries(opt.state)) tensors[OPTIMIZER + k] = t;
  const full: CheckpointState = {
    ...state,
    generator: globalGenerator.getState(),
    optimizer: opt.meta,
  };
  try {
    await saveSafetensors(
      path,
      tensors,
      { checkpoint: JSON.stringify(full) },
      { dtypes: io.torchDtypes(tensors) },
    );
  } finally {
    for (const t of Object.values(opt.state)) t.dispose();
  }
}

/** Reads a checkpoint: the model's state dict, the optimiser's, and the JSON state. */
export async function loadCheckpoint(path: string): Promise<{
  model: Record<string, Tensor>;
  optimizer: optim.OptimizerStateDict;
  state: CheckpointState;
}> {
  const { tensors, metadata } = await loadSafetensors(path);
  if (!metadata.checkpoint)
    throw new Error(`${path} is not a training checkpoint (no checkpoint metadata)`);
  const state = JSON.parse(metadata.checkpoint) as CheckpointState;
  const pick = (prefix: string) =>
    Object.fromEntries(
      Object.entries(tensors)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, t]) => [k.slice(prefix.length), t]),
    );
  return {
    model: pick(MODEL),
    optimizer: { state: pick(OPTIMIZER), meta: state.optimizer },
    state,
  };
}
