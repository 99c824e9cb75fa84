// Settings: what createApp needs (AppConfig) and what the process reads from its environment
// (ServerConfig), validated once at start-up so a typo fails loudly instead of at the first request.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './log.js';

/** The repository root (defaults for the model, migrations, UI and data folders live under it). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Size caps on what clients send. */
export interface Limits {
  /** Largest PNG accepted, in bytes (a 280x280 canvas is typically 5–20 KB). */
  pngBytes: number;
  /** Largest JSON body of /api/predict, in bytes (784 pixel values fit in 4 KB). */
  jsonBytes: number;
  /** Most pixels (width x height) a PNG may decode to, against decompression bombs. */
  imagePixels: number;
  /**
   * Longest side a PNG may have, in pixels: the area cap alone lets a 4,000,000x1 image through,
   * and the database refuses sides over 16384.
   */
  imageSide: number;
}

/** The caps used unless a test or deployment sets others. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  pngBytes: 1024 * 1024,
  jsonBytes: 64 * 1024,
  imagePixels: 2048 * 2048,
  imageSide: 4096,
});

/** What createApp needs besides the database and the model. */
export interface AppConfig {
  /** Bearer token of the admin routes; null disables them. */
  adminToken: string | null;
  /** The built UI (served at /) when the folder exists. */
  uiDir: string;
  /** The built API reference (served at /docs); docs/api in the repository when omitted. */
  docsDir?: string;
  /** Where POST /api/model/reload loads from. */
  modelPath: string;
  limits: Limits;
  /** Submissions a client (IP address) may send per minute; null or omitted: no limit. */
  writesPerMinute?: number | null;
  /**
   * Behind one reverse proxy (Caddy in deploy/): the client is the last X-Forwarded-For entry (the
   * one the proxy added), not the connection's address, which is the proxy's for everyone.
   */
  trustProxy?: boolean;
}

/** Everything the server process is configured with. */
export interface ServerConfig extends AppConfig {
  port: number;
  /** Interface to listen on; undefined: all of them. */
  host: string | undefined;
  /** An existing PostgreSQL server; null starts an embedded one under dataDir. */
  databaseUrl: string | null;
  /** Folder of the embedded PostgreSQL's data (dataDir/postgres). */
  dataDir: string;
  /** Port of the embedded PostgreSQL; null picks a free one at each start. */
  embeddedPostgresPort: number | null;
  /** The folder of SQL migrations. */
  migrationsDir: string;
  logLevel: LogLevel;
  /** How long shutdown waits for requests in flight before closing their connections, in ms. */
  shutdownTimeoutMs: number;
  /** How long a database query may take before the request answers 503, in ms. */
  databaseTimeoutMs: number;
}

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole port number')
  .min(0, 'expected a port 0–65535')
  .max(65535, 'expected a port 0–65535');
const text = z.string().trim().min(1, 'expected a non-empty value');

/** Variables whose values are never echoed in an error. */
const SECRETS = new Set(['ADMIN_TOKEN', 'DATABASE_URL']);

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: text.optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: text.optional(),
  EMBEDDED_PG_PORT: port.min(1, 'expected a port 1–65535').optional(),
  MODEL_PATH: text.optional(),
  // The Authorization header carries it as one word of printable ASCII: anything else never matches.
  ADMIN_TOKEN: z
    .string()
    .min(16, 'expected at least 16 characters (e.g. `openssl rand -hex 32`)')
    .regex(
      /^[\x21-\x7e]*$/,
      'expected printable ASCII without spaces (e.g. `openssl rand -hex 32`): a token with ' +
        'whitespace or other characters could never match a request',
    )
    .optional(),
  UI_DIR: text.optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  WRITE_RATE_LIMIT: z.coerce.number().int().min(0, 'expected 0 (off) or more').default(60),
  TRUST_PROXY: z.enum(['0', '1', 'false', 'true'], { error: 'expected 1 or 0' }).default('0'),
  DB_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100, 'expected at least 100 ms')
    .max(600_000, 'expected at most 600000 ms')
    .default(5000),
});

/**
 * Reads the server's settings from environment variables; relative paths are taken from `cwd`
 * (where the user typed the command). Throws one error listing every bad variable.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd = env.INIT_CWD ?? process.cwd(),
): ServerConfig {
  // An empty variable (FOO= in a .env file) means unset.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      // A secret is never printed, not even a wrong one (it may be a real token mistyped).
      const shown = SECRETS.has(name)
        ? `(${present[name]?.length ?? 0} characters, not shown)`
        : JSON.stringify(present[name]);
      return `  ${name}=${shown}: ${i.message}`;
    });
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const path = (value: string | undefined, fallback: string) =>
    value === undefined ? fallback : isAbsolute(value) ? value : resolve(cwd, value);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: path(e.DATA_DIR, defaultDataDir()),
    embeddedPostgresPort: e.EMBEDDED_PG_PORT ?? null,
    migrationsDir: resolve(REPO_ROOT, 'db'),
    modelPath: path(e.MODEL_PATH, resolve(REPO_ROOT, 'models/mnist-cnn-f16.safetensors')),
    adminToken: e.ADMIN_TOKEN ?? null,
    uiDir: path(e.UI_DIR, resolve(REPO_ROOT, 'packages/ui/dist')),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    databaseTimeoutMs: e.DB_TIMEOUT_MS,
    limits: { ...DEFAULT_LIMITS },
    writesPerMinute: e.WRITE_RATE_LIMIT === 0 ? null : e.WRITE_RATE_LIMIT,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
  };
}

/**
 * `.data/` in the checkout — unless we run as root in a checkout other users cannot enter (under
 * /root, say): the embedded PostgreSQL runs as the `postgres` user, so its data then goes to
 * /var/lib/digitnet/<checkout hash>, and the quick start still works on a fresh machine.
 */
function defaultDataDir(): string {
  const inCheckout = resolve(REPO_ROOT, '.data');
  if (process.getuid?.() !== 0 || othersCanEnter(REPO_ROOT)) return inCheckout;
  const id = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
  return `/var/lib/digitnet/${id}`;
}

function othersCanEnter(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if ((statSync(d).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dirname(d) === d) return true;
  }
}
