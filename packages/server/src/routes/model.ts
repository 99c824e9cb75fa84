// GET /api/model (what is served) and POST /api/model/reload (admin: hot-swap from MODEL_PATH).
import { basename } from 'node:path';
import { Hono } from 'hono';
import { ApiError } from '../errors.js';
import { reason } from '../log.js';
import { requireAdmin } from '../middleware/admin.js';
import { type AppDeps, servedModel } from './deps.js';

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
