// GET /api/stats: how the model does on what users drew; ?by=model: per model version.
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { bounded, type Db } from '../db/database.js';
import { submissionCounts } from '../db/submissions.js';
import { ApiError } from '../errors.js';
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

/** One model version in GET /api/stats?by=model. */
export interface ModelStats {
  modelVersion: string;
  /** Submissions this version predicted, and how many of them it got right. */
  count: number;
  correct: number;
  accuracy: number | null;
  /** Per label: submissions, and the share predicted right (null for a digit nobody drew). */
  counts: number[];
  accuracyByDigit: (number | null)[];
  firstAt: string;
  lastAt: string;
  /** From model_versions, when the version was announced by a reload (null otherwise). */
  file: string | null;
  sha256: string | null;
  parent: string | null;
  announcedAt: string | null;
}

/** The body of GET /api/stats?by=model. */
export interface StatsByModel {
  by: 'model';
  /** Every version that predicted a submission, most recently used first. */
  models: ModelStats[];
}

/** The statistics route. */
export function statsRoutes({ db }: AppDeps) {
  // ?by=model answers from a middleware, so the route's typed answer (what hc<AppType> and the UI's
  // compile-time contract see) stays Stats; StatsByModel is exported for clients that ask by model.
  const byModel = createMiddleware(async (c, next) => {
    const by = c.req.query('by');
    if (by === 'model') {
      const res: Response = c.json(await statsByModel(db));
      return res;
    }
    if (by !== undefined) {
      throw new ApiError(
        400,
        `by must be "model" (or absent for the overall numbers), got ${JSON.stringify(by)}`,
      );
    }
    await next();
  });
  return new Hono().get('/stats', byModel, async (c) => {
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

async function statsByModel(db: Db): Promise<StatsByModel> {
  const rows = await bounded(
    db,
    db<
      {
        modelVersion: string;
        label: number;
        count: number;
        correct: number;
        firstAt: Date;
        lastAt: Date;
      }[]
    >`
      select model_version as "modelVersion", label, count(*)::int as count,
        (count(*) filter (where prediction = label))::int as correct,
        min(created_at) as "firstAt", max(created_at) as "lastAt"
      from submissions group by model_version, label`,
    'counting submissions per model and label',
  );
  const announced = await bounded(
    db,
    db<{ version: string; file: string; sha256: string; parent: string | null; at: Date }[]>`
      select distinct on (version) version, file, sha256, parent, announced_at as at
      from model_versions order by version, id desc`,
    'reading model versions',
  );
  const versions = new Map(announced.map((v) => [v.version, v]));
  const byVersion = new Map<string, ModelStats>();
  const ratio = (n: number, of: number) => (of > 0 ? n / of : null);
  const right = new Map<string, number[]>();
  for (const r of rows) {
    let m = byVersion.get(r.modelVersion);
    if (!m) {
      const v = versions.get(r.modelVersion);
      m = {
        modelVersion: r.modelVersion,
        count: 0,
        correct: 0,
        accuracy: null,
        counts: new Array<number>(10).fill(0),
        accuracyByDigit: [],
        firstAt: r.firstAt.toISOString(),
        lastAt: r.lastAt.toISOString(),
        file: v?.file ?? null,
        sha256: v?.sha256 ?? null,
        parent: v?.parent ?? null,
        announcedAt: v?.at.toISOString() ?? null,
      };
      byVersion.set(r.modelVersion, m);
      right.set(r.modelVersion, new Array<number>(10).fill(0));
    }
    m.count += r.count;
    m.correct += r.correct;
    m.counts[r.label] += r.count;
    (right.get(r.modelVersion) as number[])[r.label] += r.correct;
    if (r.firstAt.toISOString() < m.firstAt) m.firstAt = r.firstAt.toISOString();
    if (r.lastAt.toISOString() > m.lastAt) m.lastAt = r.lastAt.toISOString();
  }
  const models = [...byVersion.values()].map((m) => {
    const hits = right.get(m.modelVersion) as number[];
    return {
      ...m,
      accuracy: ratio(m.correct, m.count),
      accuracyByDigit: m.counts.map((n, d) => ratio(hits[d], n)),
    };
  });
  models.sort((a, b) => (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0));
  return { by: 'model', models };
}
