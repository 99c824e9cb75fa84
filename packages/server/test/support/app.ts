// A createApp() on a fresh database with a test model, called through app.request().
import { createApp } from '../../src/app.js';
import { type AppConfig, DEFAULT_LIMITS, type Limits } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { ModelStore } from '../../src/model/store.js';
import { writeModel } from './model.js';
import { freshDatabase } from './postgres.js';
import { tempDir } from './temp.js';

/** A test app and what it is made of. */
export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Db;
  model: ModelStore;
  config: AppConfig;
  /** The folder holding the model file. */
  dir: string;
  /** A request to the app; JSON bodies are serialised with their content type. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** Options of testApp. */
export interface TestAppOptions {
  adminToken?: string | null;
  limits?: Partial<Limits>;
  uiDir?: string;
  /** Load the model before answering (true). */
  loadModel?: boolean;
  db?: Db;
}

/** The token tests use when admin routes are on. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Builds an app on a fresh migrated database and a factor-4 model in a temp folder. */
export async function testApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = tempDir('app');
  const modelPath = await writeModel(dir);
  const database = opts.db ? null : await freshDatabase();
  const db = opts.db ?? (database as NonNullable<typeof database>).db;
  const model = new ModelStore(modelPath);
  if (opts.loadModel ?? true) await model.reload();
  const config: AppConfig = {
    adminToken: opts.adminToken === undefined ? ADMIN_TOKEN : opts.adminToken,
    uiDir: opts.uiDir ?? `${dir}/no-ui`,
    modelPath,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
  };
  const app = createApp({ db, model, config });
  const request = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    if (json === undefined) return Promise.resolve(app.request(path, rest));
    const headers = new Headers(rest.headers);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    return Promise.resolve(
      app.request(path, { method: 'POST', ...rest, headers, body: JSON.stringify(json) }),
    );
  };
  return {
    app,
    db,
    model,
    config,
    dir,
    request,
    close: async () => {
      await database?.close();
    },
  };
}

/** The admin Authorization header. */
export const asAdmin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
