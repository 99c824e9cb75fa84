// The connection pool (postgres.js) and a time-bounded liveness check.
import postgres from 'postgres';
import { DatabaseTimeout } from '../errors.js';

/** The database handle the app is given: a postgres.js pool. */
export type Db = postgres.Sql;

/** Options of connect. */
export interface ConnectOptions {
  /** Most connections in the pool (10). */
  max?: number;
  /** Seconds to wait for a connection before a query fails (5). */
  connectTimeout?: number;
}

/** A pool of connections to `url`; connections open on first use and reopen after an outage. */
export function connect(url: string, opts: ConnectOptions = {}): Db {
  return postgres(url, {
    max: opts.max ?? 10,
    connect_timeout: opts.connectTimeout ?? 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'digitnet-server' },
  });
}

/** Resolves when the database answers `select 1` within `ms`; rejects otherwise. */
export async function ping(db: Db, ms = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeout('select 1', ms)), ms);
  });
  const query = db`select 1`;
  try {
    await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
    // A query that lost the race would otherwise reject later with nobody listening.
    query.catch(() => {});
  }
}
