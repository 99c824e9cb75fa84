// GET /api/stats: how the model does on what users drew.
import { Hono } from 'hono';
import { submissionCounts } from '../db/submissions.js';
import type { AppDeps } from './deps.js';

/** The body of GET /api/stats. */
export interface Stats {
  total: number;
  /** Submissions whose stored prediction equals the label. */
  correct: number;
  /** correct / total (null with no submissions). */
  accuracy: number | null;
  /** Submissions per label, digits 0–9. */
  counts: number[];
  /** Per label, the share predicted right (null for a digit nobody drew). */
  accuracyByDigit: (number | null)[];
  /** confusion[label][prediction]: rows are what users drew, columns what the model said. */
  confusion: number[][];
  /** The same per model version, most recently used first. */
  models: {
    modelVersion: string;
    count: number;
    correct: number;
    accuracy: number | null;
    lastAt: string;
  }[];
}

/** The statistics route. */
export function statsRoutes({ db }: AppDeps) {
  return new Hono().get('/stats', async (c) => {
    const { pairs, models } = await submissionCounts(db);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (const { label, prediction, count } of pairs) confusion[label][prediction] = count;
    const counts = confusion.map((row) => row.reduce((a, b) => a + b, 0));
    const total = counts.reduce((a, b) => a + b, 0);
    const correct = confusion.reduce((n, row, d) => n + row[d], 0);
    const ratio = (n: number, of: number) => (of > 0 ? n / of : null);
    const stats: Stats = {
      total,
      correct,
      accuracy: ratio(correct, total),
      counts,
      accuracyByDigit: confusion.map((row, d) => ratio(row[d], counts[d])),
      confusion,
      models: models.map((m) => ({ ...m, accuracy: ratio(m.correct, m.count) })),
    };
    return c.json(stats);
  });
}
