// Model versions shared by the servers on one database: the models folder every replica has, the
// model_versions table (db/003_model_versions.sql) and the NOTIFY that announces a new row.
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { bounded, type Db } from '../db/database.js';
import type { LoadedModel } from './load.js';

/** The PostgreSQL channel a reload is announced on. */
export const MODEL_CHANNEL = 'digitnet_model';

/** An announced model version: a row of model_versions, and the NOTIFY payload. */
export interface ModelVersion {
  id: number;
  version: string;
  /** The file, relative to the models folder (forward slashes). */
  file: string;
  sha256: string;
  parent: string | null;
  announcedAt: string;
}

/** The models folder: MODEL_PATH's folder. A reload may load any .safetensors file under it. */
export function modelsDir(modelPath: string): string {
  return dirname(resolve(modelPath));
}

/** A path a client asked for that is not a model file under the models folder. */
export class ModelPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelPathError';
  }
}

/**
 * Resolves `requested` (relative to the models folder, or absolute) to a .safetensors file inside
 * `dir`, following symbolic links, and returns its absolute path and its path relative to `dir`.
 * Throws ModelPathError for anything outside the folder, another extension, or a missing file.
 */
export async function resolveModelFile(
  dir: string,
  requested: string,
): Promise<{ path: string; file: string }> {
  if (requested.includes('\0')) throw new ModelPathError('the path contains a NUL character');
  if (!requested.endsWith('.safetensors')) {
    throw new ModelPathError(
      `expected a .safetensors file under the models folder, got ${requested}`,
    );
  }
  const root = await realpath(dir);
  const candidate = isAbsolute(requested) ? requested : resolve(root, requested);
  const inside = (p: string) => {
    const rel = relative(root, p);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
  };
  // Checked before touching the file (no probing outside the folder), and again after following links.
  if (!inside(resolve(candidate))) {
    throw new ModelPathError(`${requested} is outside the models folder: expected a file under it`);
  }
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new ModelPathError(`${requested}: no such file in the models folder`);
  }
  if (!inside(real)) {
    throw new ModelPathError(
      `${requested} links outside the models folder: expected a file under it`,
    );
  }
  return { path: real, file: relative(root, real).split(sep).join('/') };
}

/**
 * Records `loaded` (at `file` under the models folder) as the newest version and notifies every
 * server listening on MODEL_CHANNEL, in one transaction: the NOTIFY goes out when the row is there.
 */
export async function announceVersion(
  db: Db,
  loaded: LoadedModel,
  file: string,
): Promise<ModelVersion> {
  const parent =
    typeof loaded.card?.parent === 'object' && loaded.card.parent !== null
      ? (loaded.card.parent as { version?: unknown }).version
      : undefined;
  const run = db.begin(async (tx) => {
    const [row] = await tx<RawVersion[]>`
      insert into model_versions (version, file, sha256, parent)
      values (${loaded.version}, ${file}, ${loaded.sha256}, ${typeof parent === 'string' ? parent : null})
      returning id, version, file, sha256, parent, announced_at`;
    const version = toVersion(row);
    await tx`select pg_notify(${MODEL_CHANNEL}, ${JSON.stringify(version)})`;
    return version;
  });
  return bounded(db, run, 'announcing the model version');
}

/** The newest announced version, or null when none was. */
export async function latestVersion(db: Db): Promise<ModelVersion | null> {
  const [row] = await bounded(
    db,
    db<RawVersion[]>`
      select id, version, file, sha256, parent, announced_at
      from model_versions order by id desc limit 1`,
    'reading the latest model version',
  );
  return row ? toVersion(row) : null;
}

/** Parses a NOTIFY payload; null when it is not an announcement. */
export function parseAnnouncement(payload: string): ModelVersion | null {
  try {
    const v = JSON.parse(payload) as Partial<ModelVersion>;
    if (
      typeof v.id === 'number' &&
      typeof v.version === 'string' &&
      typeof v.file === 'string' &&
      typeof v.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(v.sha256)
    ) {
      return {
        id: v.id,
        version: v.version,
        file: v.file,
        sha256: v.sha256,
        parent: typeof v.parent === 'string' ? v.parent : null,
        announcedAt: typeof v.announcedAt === 'string' ? v.announcedAt : '',
      };
    }
  } catch {}
  return null;
}

interface RawVersion {
  id: string;
  version: string;
  file: string;
  sha256: string;
  parent: string | null;
  announced_at: Date;
}

function toVersion(r: RawVersion): ModelVersion {
  return {
    id: Number(r.id),
    version: r.version,
    file: r.file,
    sha256: r.sha256,
    parent: r.parent,
    announcedAt: r.announced_at.toISOString(),
  };
}
