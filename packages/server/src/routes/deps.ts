import { basename } from 'node:path';
import type { AppConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { EmbeddedState } from '../db/embedded.js';
import { ApiError } from '../errors.js';
import type { Logger } from '../log.js';
import type { LoadedModel } from '../model/load.js';
import type { ModelStore } from '../model/store.js';
import type { ModelSync } from '../model/sync.js';

/** What the routes are built from: createApp's argument. */
export interface AppDeps {
  db: Db;
  model: ModelStore;
  config: AppConfig;
  /** Request lines and errors (silent when omitted). */
  log?: Logger;
  /** The embedded database this process supervises, if any: /healthz reports it failed. */
  embedded?: { readonly state: EmbeddedState; readonly failure: string | null } | null;
  /** Announces reloads to the other servers on the database (startServer makes one); none: local only. */
  sync?: ModelSync | null;
}

/** The model to answer with now; 503 when none is loaded. */
export function servedModel(store: ModelStore): LoadedModel {
  const loaded = store.current;
  if (!loaded) {
    throw new ApiError(
      503,
      `no model is loaded${store.lastError ? ` (${store.lastError})` : ''}: ` +
        `expected the model file ${basename(store.path)} at MODEL_PATH (set it, then POST ` +
        '/api/model/reload)',
    );
  }
  return loaded;
}
