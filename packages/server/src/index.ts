// The public surface of @digitnet/server.
export { type AppDeps, type AppType, createApp } from './app.js';
export {
  type AppConfig,
  DEFAULT_LIMITS,
  type Limits,
  loadConfig,
  REPO_ROOT,
  type ServerConfig,
} from './config.js';
export { connect, type Db, ping } from './db/database.js';
export { EmbeddedDatabase, type EmbeddedOptions } from './db/embedded.js';
export { freePort } from './db/free-port.js';
export { type MigrateResult, migrate, readMigrations } from './db/migrate.js';
export { type OpenedDatabase, openDatabase } from './db/open.js';
export { type Drawing, decodeDrawing } from './images.js';
export { createLogger, type Logger, type LogLevel, silentLogger } from './log.js';
export { type LoadedModel, loadModel, type ModelCard } from './model/load.js';
export { type Prediction, predictDigit } from './model/predict.js';
export { ModelStore, type ReloadOptions } from './model/store.js';
export { ModelSync } from './model/sync.js';
export {
  announceVersion,
  latestVersion,
  MODEL_CHANNEL,
  type ModelVersion,
  modelsDir,
  resolveModelFile,
} from './model/versions.js';
export type { ModelStats, Stats, StatsByModel } from './routes/stats.js';
export { type RunningServer, startServer } from './server.js';
