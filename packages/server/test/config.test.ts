import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_LIMITS, loadConfig, REPO_ROOT } from '../src/config.js';

test('defaults: port 3000, embedded database under .data, the bundled model, admin off', () => {
  const c = loadConfig({}, '/somewhere');
  assert.is(c.port, 3000);
  assert.is(c.host, undefined);
  assert.is(c.databaseUrl, null);
  assert.is(c.dataDir, join(REPO_ROOT, '.data'));
  assert.is(c.modelPath, join(REPO_ROOT, 'models/mnist-cnn-f16.safetensors'));
  assert.is(c.migrationsDir, join(REPO_ROOT, 'db'));
  assert.is(c.uiDir, join(REPO_ROOT, 'packages/ui/dist'));
  assert.is(c.adminToken, null);
  assert.is(c.logLevel, 'info');
  assert.equal(c.limits, DEFAULT_LIMITS);
});

test('relative paths are taken from where the command was typed (INIT_CWD under npm)', () => {
  const c = loadConfig({
    MODEL_PATH: 'm/x.safetensors',
    DATA_DIR: '/abs/data',
    INIT_CWD: '/home/u',
  });
  assert.is(c.modelPath, '/home/u/m/x.safetensors');
  assert.is(c.dataDir, '/abs/data');
});

test('values are parsed, and empty ones count as unset', () => {
  const c = loadConfig({
    PORT: '8080',
    DATABASE_URL: 'postgres://u:p@db:5432/digitnet',
    ADMIN_TOKEN: 'x'.repeat(32),
    LOG_LEVEL: 'warn',
    HOST: '',
  });
  assert.is(c.port, 8080);
  assert.is(c.databaseUrl, 'postgres://u:p@db:5432/digitnet');
  assert.is(c.adminToken, 'x'.repeat(32));
  assert.is(c.logLevel, 'warn');
  assert.is(c.host, undefined);
});

test('bad values throw one error naming every variable and what was expected', () => {
  try {
    loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', EMBEDDED_PG_PORT: '0' });
    assert.unreachable();
  } catch (err) {
    const message = String(err);
    assert.match(message, /PORT="70000": expected a port 0–65535/);
    // It may hold a password: never shown.
    assert.match(message, /DATABASE_URL=\(9 characters, not shown\): expected a postgres:\/\//);
    assert.match(message, /EMBEDDED_PG_PORT="0": expected a port 1–65535/);
  }
});

test.run();
