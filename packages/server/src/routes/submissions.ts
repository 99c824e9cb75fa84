// Labelled drawings: POST /api/submissions (anyone), the export and stored PNGs (admin).
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { exportSubmissions } from '../db/export.js';
import { listSubmissions, storeSubmission, submissionDrawing } from '../db/submissions.js';
import { ApiError } from '../errors.js';
import { decodeDrawing, storablePng } from '../images.js';
import { requireAdmin } from '../middleware/admin.js';
import { limitBody, requireJson, validationHook } from '../middleware/body.js';
import { writeRateLimit } from '../middleware/rate-limit.js';
import { predictDigit } from '../model/predict.js';
import { type AppDeps, servedModel } from './deps.js';

const DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/]*={0,2})$/;
const EXPECTED =
  '{ "drawing": "data:image/png;base64,…", "label": 0–9, "prediction"?: 0–9, "confidence"?: 0–1, ' +
  '"client"?: { "pointerType"?, "devicePixelRatio"?, "strokes"?, "drawMs"? }, "clientId"?: UUID }';

const digit = (what: string) =>
  z
    .int(`${what} must be an integer digit 0–9`)
    .min(0, `${what} must be a digit 0–9`)
    .max(9, `${what} must be a digit 0–9`);

const submissionBody = z.strictObject({
  drawing: z.string().regex(DATA_URL, 'expected a PNG data URL: "data:image/png;base64,…"'),
  label: digit('label'),
  prediction: digit('prediction').nullish(),
  // Stored as a 32-bit `real`: PostgreSQL refuses a value that underflows it (1e-300).
  confidence: z
    .number()
    .min(0, 'expected 0–1')
    .max(1, 'expected 0–1')
    .refine((v) => v === 0 || v >= 1e-38, 'expected 0 or 1e-38–1 (it is stored as a 32-bit real)')
    .nullish(),
  client: z
    .strictObject({
      pointerType: z.enum(['mouse', 'touch', 'pen']).optional(),
      devicePixelRatio: z.number().positive().max(16).optional(),
      strokes: z.int().min(0).max(10_000).optional(),
      drawMs: z.int().min(0).max(3_600_000).optional(),
    })
    .optional(),
  // The client's id for this drawing: sending it again returns the stored row (200), not a copy.
  clientId: z.uuid('clientId must be a UUID such as crypto.randomUUID() makes').optional(),
});

const page = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'expected the nextCursor of the previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const idParam = z.object({
  id: z.string().regex(/^\d{1,15}$/, 'expected a submission id (a positive integer)'),
});

/** The submission routes. */
export function submissionRoutes({ db, model, config }: AppDeps) {
  const admin = requireAdmin(config.adminToken);
  // base64 is 4/3 of the bytes; the other fields fit in a few kilobytes.
  const maxBody = Math.ceil(config.limits.pngBytes / 3) * 4 + 4096;
  return (
    new Hono()
      .post(
        '/submissions',
        writeRateLimit(config.writesPerMinute ?? null, config.trustProxy ?? false),
        limitBody(
          () => maxBody,
          () => 'a submission',
        ),
        requireJson(EXPECTED),
        zValidator('json', submissionBody, validationHook(EXPECTED)),
        async (c) => {
          const body = c.req.valid('json');
          const png = Buffer.from(DATA_URL.exec(body.drawing)?.[1] ?? '', 'base64');
          const drawing = await decodeDrawing(png, config.limits);
          const stored = await storablePng(png, config.limits);
          // The server's own answer on the pixels it computed, so stored rows are consistent
          // whatever the client ran.
          const served = servedModel(model);
          const p = predictDigit(served.model, drawing.pixels, served.notADigit.score);
          const { id, created } = await storeSubmission(db, {
            label: body.label,
            prediction: p.digit,
            confidence: p.confidence,
            probabilities: p.probabilities,
            modelVersion: served.version,
            pixels: drawing.pixels,
            drawing: stored,
            drawingWidth: drawing.width,
            drawingHeight: drawing.height,
            clientPrediction: body.prediction ?? null,
            clientConfidence: body.confidence ?? null,
            userAgent: c.req.header('User-Agent')?.slice(0, 512) ?? null,
            client: body.client ?? null,
            clientId: body.clientId ?? null,
          });
          return c.json({ id }, created ? 201 : 200);
        },
      )
      .get(
        '/submissions',
        admin,
        zValidator('query', page, validationHook('?cursor=<nextCursor>&limit=1–500')),
        async (c) => {
          const { cursor, limit } = c.req.valid('query');
          return c.json(await listSubmissions(db, cursor ? Number(cursor) : 0, limit));
        },
      )
      // The labelled drawings as MNIST IDX files in a tar (`npm run train -- --extra <folder>`).
      .get('/submissions/export', admin, async (c) => {
        const { info, body } = await exportSubmissions(db);
        return c.body(body, 200, {
          'Content-Type': 'application/x-tar',
          'Content-Disposition': `attachment; filename="digitnet-submissions-${info.count}.tar"`,
          'X-Submissions-Count': String(info.count),
          'Cache-Control': 'no-store',
        });
      })
      .get(
        '/submissions/:id/image.png',
        admin,
        zValidator('param', idParam, validationHook('/api/submissions/<id>/image.png')),
        async (c) => {
          const id = Number(c.req.valid('param').id);
          const png = await submissionDrawing(db, id);
          if (!png) throw new ApiError(404, `no submission has id ${id}`);
          return c.body(new Uint8Array(png), 200, {
            'Content-Type': 'image/png',
            // A stored drawing never changes.
            'Cache-Control': 'private, max-age=31536000, immutable',
            'Content-Disposition': `inline; filename="submission-${id}.png"`,
          });
        },
      )
  );
}
