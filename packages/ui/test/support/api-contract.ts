// Compile-time guard: what the server's routes answer (as Hono infers it from the routes
// themselves) still fits the types the app reads, so a change to the API fails the typecheck
// instead of the page.
import type { AppType } from '@digitnet/server';
import type { ClientResponse, hc } from 'hono/client';
import type { Created, Misread, ModelInfo, Prediction, Stats } from '../../src/api/types.js';

type Api = ReturnType<typeof hc<AppType>>['api'];
/** The JSON body of a route's successful answer. */
type Answer<R> = R extends (...args: never[]) => Promise<infer T>
  ? T extends ClientResponse<infer Body, infer Status, 'json'>
    ? Status extends 200 | 201
      ? Body
      : never
    : never
  : never;

type Fits<Server, App> = [Server] extends [App] ? true : never;

/** Each is `true` only while the server's answer is assignable to the app's type. */
export const contract: {
  predict: Fits<Answer<Api['predict']['$post']>, Prediction>;
  submit: Fits<Answer<Api['submissions']['$post']>, Created>;
  stats: Fits<Answer<Api['stats']['$get']>, Stats>;
  model: Fits<Answer<Api['model']['$get']>, ModelInfo>;
  misreads: Fits<Answer<Api['misreads']['$get']>, { misreads: Misread[] }>;
} = { predict: true, submit: true, stats: true, model: true, misreads: true };
