// GET /api/misreads: everyone's recent drawings the model read wrong, for the app's gallery. Only
// what the model saw (the 28x28 pixels), the label, the reading and its confidence: no stored PNG,
// user agent or client facts, so it needs no admin token.
import { Hono } from 'hono';
import { ApiError } from '../errors.js';
import type { AppDeps } from './deps.js';

/** One misread drawing in GET /api/misreads. */
export interface Misread {
  id: number;
  createdAt: string;
  /** What the user said it is. */
  label: number;
  /** What the model read, and its probability. */
  prediction: number;
  confidence: number;
  /** The 28x28 image the model saw, row-major, 0–255. */
  pixels: number[];
}

/** Most misreads one request returns; the default is 12. */
export const MISREADS_MAX = 48;

/** The misreads route. */
export function misreadRoutes({ db }: AppDeps) {
  return new Hono().get('/misreads', async (c) => {
    const given = c.req.query('limit');
    const limit = given === undefined ? 12 : Number(given);
    if (!Number.isInteger(limit) || limit < 1 || limit > MISREADS_MAX) {
      throw new ApiError(400, `limit must be an integer from 1 to ${MISREADS_MAX}, got ${given}`);
    }
    const rows = await db<
      {
        id: string;
        createdAt: Date;
        label: number;
        prediction: number;
        confidence: number;
        pixels: Buffer;
      }[]
    >`
      select id, created_at as "createdAt", label, prediction, confidence, pixels
      from submissions where prediction <> label
      order by id desc limit ${limit}`;
    const misreads: Misread[] = rows.map((r) => ({
      id: Number(r.id),
      createdAt: r.createdAt.toISOString(),
      label: r.label,
      prediction: r.prediction,
      confidence: r.confidence,
      pixels: [...r.pixels],
    }));
    return c.json({ misreads });
  });
}
