// summary(): a table of a model's layers with their output shapes and parameter counts, as
// torchinfo.summary / Keras's model.summary().
import { noGrad } from '../autograd.js';
import { zeros } from '../ops/creation.js';
import { Tensor } from '../tensor.js';
import type { AnyModule } from './module.js';

/** One row of a summary. */
export interface SummaryRow {
  /** Dotted name ('conv1', 'layers.0'). */
  name: string;
  /** Class name ('Conv2d'). */
  type: string;
  depth: number;
  /** Shape of the module's output (of its first output when it returns several). */
  outputShape: number[] | null;
  /** Parameters the module holds itself (its children's are counted on their rows). */
  params: number;
}

/** What summary() measured, and the table it prints. */
export interface ModelSummary {
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  /** The table, ready to print. */
  text: string;
}

/**
 * Runs one forward pass (eval mode, no graph; the mode is restored) on `input` (a tensor, or a
 * shape filled with zeros) and tabulates every submodule called, in call order, with its output
 * shape and parameter count.
 * @example
 * ```ts
 * const model = models.mnistCnn({ factor: 4 });
 * const { text } = nn.summary(model, [1, 1, 28, 28]);
 * console.log(text); // a table: each layer, its output shape and parameter count
 * ```
 */
export function summary(model: AnyModule, input: Tensor | readonly number[]): ModelSummary {
  const rows: SummaryRow[] = [];
  const wasTraining = model.training;
  const named = model.namedModules().filter(([name]) => name !== '');
  const restore: (() => void)[] = [];
  for (const [name, m] of named) {
    const original = m.forward;
    const base: SummaryRow = {
      name,
      type: m.constructor.name || 'Module',
      depth: name.split('.').length - 1,
      outputShape: null,
      params: m.parameters(false).reduce((n, p) => n + p.size, 0),
    };
    // A row per call: a module used twice (a shared pooling layer) shows both output shapes.
    const wrapped = (...args: unknown[]) => {
      const row = { ...base };
      rows.push(row);
      const out = original.apply(m, args);
      const first = Array.isArray(out) ? out[0] : out;
      row.outputShape = first instanceof Tensor ? [...first.shape] : null;
      return out;
    };
    (m as { forward: unknown }).forward = wrapped;
    restore.push(() => {
      delete (m as { forward?: unknown }).forward;
    });
  }
  model.eval();
  try {
    noGrad(() => {
      const x = input instanceof Tensor ? input : zeros(input);
      model.forward(x);
    });
  } finally {
    for (const r of restore) r();
    model.train(wasTraining);
  }
  const params = model.parameters();
  const totalParams = params.reduce((n, p) => n + p.size, 0);
  const trainableParams = params.filter((p) => p.requiresGrad).reduce((n, p) => n + p.size, 0);
  const shape = (s: number[] | null) => (s ? `[${s.join(', ')}]` : '-');
  const table = [
    ['Layer (type)', 'Output shape', 'Param #'],
    ...rows.map((r) => [
      `${'  '.repeat(r.depth)}${r.name} (${r.type})`,
      shape(r.outputShape),
      r.params.toLocaleString('en-US'),
    ]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) =>
    `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2].padStart(widths[2])}`;
  const rule = '='.repeat(widths[0] + widths[1] + widths[2] + 4);
  const text = [
    rule,
    line(table[0]),
    rule,
    ...table.slice(1).map(line),
    rule,
    `Total params: ${totalParams.toLocaleString('en-US')}`,
    `Trainable params: ${trainableParams.toLocaleString('en-US')}`,
    `Non-trainable params: ${(totalParams - trainableParams).toLocaleString('en-US')}`,
    rule,
  ].join('\n');
  return { rows, totalParams, trainableParams, text };
}
