// GET /api/model (what is served), GET /api/model/weights (its safetensors bytes, for the page's
// own inference) and POST /api/model/reload (admin: hot-swap from MODEL_PATH).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Hono } from 'hono';
import { ApiError } from '../errors.js';
import { reason } from '../log.js';
import { requireAdmin } from '../middleware/admin.js';
import type { LoadedModel } from '../model/load.js';
import { type AppDeps, servedModel } from './deps.js';

// The bytes of each served model, read once from its file and checked against the sha256 it was
// loaded with, so the weights sent are exactly the weights that answer /api/predict.
const weightBytes = new WeakMap<LoadedModel, Promise<Uint8Array<ArrayBuffer>>>();

function servedWeights(m: LoadedModel): Promise<Uint8Array<ArrayBuffer>> {
  let bytes = weightBytes.get(m);
  if (!bytes) {
    bytes = readFile(m.path).then((b) => {
      if (createHash('sha256').update(b).digest('hex') !== m.sha256) {
        throw new ApiError(
          409,
          `the model file ${basename(m.path)} changed since ${m.version} was loaded: ` +
            'POST /api/model/reload serves (and sends) the new one',
        );
      }
      return new Uint8Array(b);
    });
    // A failed read is tried again on the next request rather than remembered.
    bytes.catch(() => weightBytes.delete(m));
    weightBytes.set(m, bytes);
  }
  return bytes;
}

/** The model routes. */
export function modelRoutes({ model, config }: AppDeps) {
  return new Hono()
    .get('/model', (c) => {
      const m = servedModel(model);
      const accuracy = m.card?.test?.accuracy;
      return c.json({
        version: m.version,
        file: basename(m.path),
        sha256: m.sha256,
        loadedAt: m.loadedAt,
        parameters: m.architecture.parameters,
        // From the model card: null when there is no card or it says nothing.
        testAccuracy: typeof accuracy === 'number' ? accuracy : null,
        trainedAt: typeof m.card?.createdAt === 'string' ? m.card.createdAt : null,
        hyperparameters: m.card?.hyperparameters ?? null,
        architecture: m.architecture,
      });
    })
    .get('/model/weights', async (c) => {
      // The served weights (safetensors). The ETag is the file's sha256 and no-cache makes browsers
      // revalidate, so a page downloads them again only after a reload changed the model.
      const m = servedModel(model);
      const etag = `"${m.sha256}"`;
      const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'X-Model-Version': m.version };
      const match = c.req.header('If-None-Match');
      if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        return c.body(null, 304, headers);
      }
      return c.body(await servedWeights(m), 200, {
        ...headers,
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `inline; filename="${basename(m.path)}"`,
      });
    })
    .post('/model/reload', requireAdmin(config.adminToken), async (c) => {
      const start = performance.now();
      try {
        const { current, previous } = await model.reload();
        return c.json({
          version: current.version,
          previousVersion: previous?.version ?? null,
          changed: current.sha256 !== previous?.sha256,
          ms: Math.round(performance.now() - start),
        });
      } catch (err) {
        const still = model.current ? `; still serving ${model.current.version}` : '';
        throw new ApiError(422, `could not load the model from MODEL_PATH: ${reason(err)}${still}`);
      }
    });
}
