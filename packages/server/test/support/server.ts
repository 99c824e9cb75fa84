// The real server (startServer: HTTP on a free port) on a fresh database of the shared test cluster.
import { loadConfig, type ServerConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { ADMIN_TOKEN } from './app.js';
import { writeModel } from './model.js';
import { freshDatabase } from './postgres.js';
import { tempDir } from './temp.js';

/** A started server, its log lines and its folder. */
export interface TestServer extends RunningServer {
  /** Every line the server logged, as written. */
  lines: string[];
  dir: string;
  config: ServerConfig;
  /** fetch() on the server's URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Starts the server on a fresh migrated database, with a test model and the admin token on. */
export async function testServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dir = tempDir('srv');
  const modelPath = await writeModel(dir);
  const database = await freshDatabase({ migrate: false });
  await database.close();
  const lines: string[] = [];
  const log: Logger = createLogger('info', (line) => lines.push(line));
  const config: ServerConfig = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: database.url,
    dataDir: `${dir}/data`,
    modelPath,
    adminToken: ADMIN_TOKEN,
    uiDir: `${dir}/no-ui`,
    ...overrides,
  };
  const server = await startServer(config, log);
  return {
    ...server,
    close: server.close,
    lines,
    dir,
    config,
    fetch: (path, init) => fetch(`${server.url}${path}`, init),
  };
}
