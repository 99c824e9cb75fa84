// `npm start`: configuration from the environment, then the server until SIGTERM or SIGINT.
import { loadConfig } from './config.js';
import { createLogger, reason } from './log.js';
import { startServer } from './server.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  console.error(reason(err));
  process.exit(2);
}
const log = createLogger(config.logLevel);
const server = await startServer(config, log).catch((err: unknown) => {
  log.error(`could not start: ${reason(err)}`);
  process.exit(1);
});

let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) {
      log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    log.info(`${signal} received`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error(`shutdown failed: ${reason(err)}`);
        process.exit(1);
      },
    );
  });
}
