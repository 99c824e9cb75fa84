// POST /api/predict: a PNG of the canvas, or 784 pixels as JSON, classified by the served model.
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { decodeDrawing, pixelsInput } from '../images.js';
import { describeIssues, limitBody, mediaType, parseJson } from '../middleware/body.js';
import { predictDigit } from '../model/predict.js';
import { type AppDeps, servedModel } from './deps.js';

const EXPECTED_JSON = '{ "pixels": [784 integers 0–255, row-major 28x28, ink bright] }';

const pixelsBody = z.strictObject({
  pixels: z
    .array(z.int('expected an integer').min(0, 'expected 0–255').max(255, 'expected 0–255'))
    .length(784, 'expected exactly 784 values (28x28)'),
});

/** The prediction route. */
export function predictRoutes({ model, config }: AppDeps) {
  const { limits } = config;
  return new Hono().post(
    '/predict',
    limitBody(
      (c) => (mediaType(c) === 'image/png' ? limits.pngBytes : limits.jsonBytes),
      (c) => (mediaType(c) === 'image/png' ? 'a PNG' : 'a JSON body'),
    ),
    async (c) => {
      const start = performance.now();
      const type = mediaType(c);
      let pixels: Uint8Array;
      if (type === 'image/png') {
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        pixels = (await decodeDrawing(bytes, limits)).pixels;
      } else if (type === 'application/json') {
        const parsed = pixelsBody.safeParse(await parseJson(c, EXPECTED_JSON));
        if (!parsed.success) throw new ApiError(400, describeIssues(parsed.error, EXPECTED_JSON));
        pixels = pixelsInput(parsed.data.pixels);
      } else {
        throw new ApiError(
          415,
          `expected Content-Type image/png (a PNG of the canvas) or application/json ` +
            `(${EXPECTED_JSON}), got ${type || 'none'}`,
        );
      }
      const served = servedModel(model);
      const { digit, confidence, probabilities, likelyDigit, notADigitScore } = predictDigit(
        served.model,
        pixels,
        served.notADigit.score,
      );
      return c.json({
        digit,
        confidence,
        probabilities,
        likelyDigit,
        notADigitScore,
        pixels: Array.from(pixels),
        modelVersion: served.version,
        ms: Math.round((performance.now() - start) * 100) / 100,
      });
    },
  );
}
