// GET /api/model (what is served), GET /api/model/weights (its safetensors bytes, for the page's
// own inference) and POST /api/model/reload (admin: hot-swap from MODEL_PATH or a file under its
// folder, announced to every server on the database).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { data } from '@digitnet/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { reason } from '../log.js';
import { requireAdmin } from '../middleware/admin.js';
import { describeIssues } from '../middleware/body.js';
import type { LoadedModel, ModelCard } from '../model/load.js';
import { ModelPathError, modelsDir, resolveModelFile } from '../model/versions.js';
import { type AppDeps, servedModel } from './deps.js';

const RELOAD_EXPECTED =
  'no body (MODEL_PATH), or { "path": "<a .safetensors file under the models folder>" }';
const reloadBody = z.strictObject({
  path: z
    .string()
    .trim()
    .min(1, 'expected a file name')
    .max(1000, 'expected at most 1000 characters'),
});

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
export function modelRoutes({ model, config, sync }: AppDeps) {
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
        // A fine-tuned model's card names the version it started from.
        parent: parentVersion(m.card),
        // What judges "not a digit": the score fitted for these weights and stored in their file,
        // or core's constant (fitted for the bundled model) when the file has none.
        notADigit: {
          source: m.notADigit.source,
          features: data.notADigitFeatureNames(m.notADigit.score),
          threshold: m.notADigit.score.threshold,
        },
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
      const text = await c.req.text();
      let requested: string | undefined;
      if (text.trim() !== '') {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new ApiError(400, `the body is not valid JSON: expected ${RELOAD_EXPECTED}`);
        }
        const parsed = reloadBody.safeParse(json);
        if (!parsed.success) throw new ApiError(400, describeIssues(parsed.error, RELOAD_EXPECTED));
        requested = parsed.data.path;
      }
      const dir = modelsDir(config.modelPath);
      let target: { path: string; file: string };
      try {
        target = await resolveModelFile(dir, requested ?? basename(config.modelPath));
      } catch (err) {
        if (!(err instanceof ModelPathError)) throw err;
        // MODEL_PATH itself missing is the load's error below (422), as before versions existed.
        if (requested !== undefined) throw new ApiError(400, err.message);
        target = { path: config.modelPath, file: basename(config.modelPath) };
      }
      let loaded: Awaited<ReturnType<typeof model.reload>>;
      try {
        loaded = await model.reload({ path: target.path });
      } catch (err) {
        const still = model.current ? `; still serving ${model.current.version}` : '';
        const from = requested === undefined ? 'MODEL_PATH' : target.file;
        throw new ApiError(422, `could not load the model from ${from}: ${reason(err)}${still}`);
      }
      const { current, previous } = loaded;
      let announced: number | null = null;
      if (sync) {
        try {
          announced = (await sync.announce(current, target.file)).id;
        } catch (err) {
          throw new ApiError(
            503,
            `this server now serves ${current.version}, but it could not be announced to the other ` +
              `servers (${reason(err)}): retry the reload`,
          );
        }
      }
      return c.json({
        version: current.version,
        file: target.file,
        sha256: current.sha256,
        previousVersion: previous?.version ?? null,
        changed: current.sha256 !== previous?.sha256,
        // The model_versions row the other servers follow; null without a database to announce on.
        announced,
        ms: Math.round(performance.now() - start),
      });
    });
}

function parentVersion(card: ModelCard | null): string | null {
  const parent = card?.parent;
  if (typeof parent !== 'object' || parent === null) return null;
  const version = (parent as { version?: unknown }).version;
  return typeof version === 'string' ? version : null;
}
