// Queries on the submissions table.
import { bounded, type Db } from './database.js';

/** Client facts stored with a submission (all optional, validated at the edge). */
export type ClientInfo = {
  pointerType?: 'mouse' | 'touch' | 'pen';
  devicePixelRatio?: number;
  strokes?: number;
  drawMs?: number;
};

/** A submission to store. */
export interface NewSubmission {
  label: number;
  prediction: number;
  confidence: number;
  probabilities: readonly number[];
  modelVersion: string;
  pixels: Uint8Array;
  drawing: Uint8Array;
  drawingWidth: number;
  drawingHeight: number;
  clientPrediction: number | null;
  clientConfidence: number | null;
  userAgent: string | null;
  client: ClientInfo | null;
  /** The client's UUID for this drawing: a second insert with it stores nothing (idempotency). */
  clientId?: string | null;
}

/** A stored submission without its PNG (the export's row). */
export interface SubmissionRow {
  id: number;
  createdAt: string;
  label: number;
  prediction: number;
  confidence: number;
  probabilities: number[];
  modelVersion: string;
  /** The 28x28 image the model saw, row-major, 0–255. */
  pixels: number[];
  drawingBytes: number;
  drawingWidth: number;
  drawingHeight: number;
  clientPrediction: number | null;
  clientConfidence: number | null;
  userAgent: string | null;
  client: ClientInfo | null;
}

/** Stores a submission in one statement (all or nothing) and returns its id. */
export async function insertSubmission(db: Db, s: NewSubmission): Promise<number> {
  return (await storeSubmission(db, s)).id;
}

/**
 * Stores a submission unless one with its clientId is stored already: then returns that row's id
 * with `created: false` and stores nothing (the client sent it again, not knowing it had arrived).
 */
export async function storeSubmission(
  db: Db,
  s: NewSubmission,
): Promise<{ id: number; created: boolean }> {
  const clientId = s.clientId ?? null;
  const query = db<{ id: string }[]>`
    insert into submissions (
      label, prediction, confidence, probabilities, model_version, pixels, drawing,
      drawing_width, drawing_height, client_prediction, client_confidence, user_agent, client,
      client_id
    ) values (
      ${s.label}, ${s.prediction}, ${s.confidence}, ${db.array([...s.probabilities])}::real[],
      ${s.modelVersion}, ${Buffer.from(s.pixels)}, ${Buffer.from(s.drawing)},
      ${s.drawingWidth}, ${s.drawingHeight}, ${s.clientPrediction}, ${s.clientConfidence},
      ${s.userAgent}, ${s.client ? db.json(s.client) : null}, ${clientId}
    )
    on conflict (client_id) do nothing
    returning id`;
  const [row] = await bounded(db, query, 'storing a submission');
  if (row) return { id: Number(row.id), created: true };
  // A conflict: the row with this clientId is committed (ON CONFLICT waited for it), so a new
  // statement sees it.
  const [found] = await bounded(
    db,
    db<{ id: string }[]>`select id from submissions where client_id = ${clientId}`,
    'finding a repeated submission',
  );
  if (!found)
    throw new Error(`storing a submission: clientId ${clientId} conflicted but is not stored`);
  return { id: Number(found.id), created: false };
}

/** One page of the export, in id order after `after`, and the cursor of the next page. */
export async function listSubmissions(
  db: Db,
  after: number,
  limit: number,
): Promise<{ items: SubmissionRow[]; nextCursor: string | null }> {
  const query = db<RawRow[]>`
    select id, created_at, label, prediction, confidence, probabilities, model_version, pixels,
      octet_length(drawing) as drawing_bytes, drawing_width, drawing_height,
      client_prediction, client_confidence, user_agent, client
    from submissions
    where id > ${after}
    order by id
    limit ${limit + 1}`;
  const rows = await bounded(db, query, 'listing submissions');
  const items = rows.slice(0, limit).map(toRow);
  const more = rows.length > limit;
  return { items, nextCursor: more ? String(items[items.length - 1].id) : null };
}

/** The stored PNG of a submission, or null when there is no such id. */
export async function submissionDrawing(db: Db, id: number): Promise<Uint8Array | null> {
  const [row] = await bounded(
    db,
    db<{ drawing: Buffer }[]>`select drawing from submissions where id = ${id}`,
    'reading a drawing',
  );
  return row ? row.drawing : null;
}

/** Counts of (label, prediction) pairs and per model version: what /api/stats is made of. */
export async function submissionCounts(db: Db): Promise<{
  pairs: { label: number; prediction: number; count: number }[];
  models: { modelVersion: string; count: number; correct: number; lastAt: string }[];
}> {
  const [pairs, models] = await Promise.all([
    bounded(
      db,
      db<{ label: number; prediction: number; count: number }[]>`
        select label, prediction, count(*)::int as count
        from submissions group by label, prediction`,
      'counting submissions',
    ),
    bounded(
      db,
      db<{ modelVersion: string; count: number; correct: number; lastAt: Date }[]>`
        select model_version as "modelVersion", count(*)::int as count,
          (count(*) filter (where prediction = label))::int as correct,
          max(created_at) as "lastAt"
        from submissions group by model_version order by max(created_at) desc`,
      'counting submissions per model',
    ),
  ]);
  return {
    pairs: [...pairs],
    models: models.map((m) => ({ ...m, lastAt: m.lastAt.toISOString() })),
  };
}

interface RawRow {
  id: string;
  created_at: Date;
  label: number;
  prediction: number;
  confidence: number;
  probabilities: number[];
  model_version: string;
  pixels: Buffer;
  drawing_bytes: number;
  drawing_width: number;
  drawing_height: number;
  client_prediction: number | null;
  client_confidence: number | null;
  user_agent: string | null;
  client: ClientInfo | null;
}

function toRow(r: RawRow): SubmissionRow {
  return {
    id: Number(r.id),
    createdAt: r.created_at.toISOString(),
    label: r.label,
    prediction: r.prediction,
    confidence: r.confidence,
    probabilities: r.probabilities,
    modelVersion: r.model_version,
    pixels: [...r.pixels],
    drawingBytes: r.drawing_bytes,
    drawingWidth: r.drawing_width,
    drawingHeight: r.drawing_height,
    clientPrediction: r.client_prediction,
    clientConfidence: r.client_confidence,
    userAgent: r.user_agent,
    client: r.client,
  };
}
