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
  /**
   * Milliseconds a query may take (5000): PostgreSQL cancels a slower statement itself
   * (statement_timeout, lock_timeout), and bounded() gives up waiting for an answer that never
   * comes (a frozen server, a dead network path).
   */
  queryTimeoutMs?: number;
}

const timeouts = new WeakMap<Db, number>();

/** A pool of connections to `url`; connections open on first use and reopen after an outage. */
export function connect(url: string, opts: ConnectOptions = {}): Db {
  const ms = opts.queryTimeoutMs ?? 5000;
  const db = postgres(url, {
    max: opts.max ?? 10,
    connect_timeout: opts.connectTimeout ?? 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: {
      application_name: 'digitnet-server',
      statement_timeout: ms,
      lock_timeout: ms,
      idle_in_transaction_session_timeout: 4 * ms,
    },
  });
  timeouts.set(db, ms);
  return db;
}

/** The query timeout `db` was opened with, in ms. */
export function queryTimeout(db: Db): number {
  return timeouts.get(db) ?? 5000;
}

/**
 * Waits for `query` at most `ms` (the pool's query timeout), then rejects with DatabaseTimeout and
 * cancels it: a query still queued for a connection is dropped, one already sent is cancelled
 * when the server reads the cancel request.
 */
export async function bounded<T>(
  db: Db,
  query: Promise<T> & { cancel?: () => unknown },
  what: string,
  ms = queryTimeout(db),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new DatabaseTimeout(what, ms));
      try {
        // The cancel request may itself hang on a frozen server: nobody waits for it.
        Promise.resolve(query.cancel?.()).catch(() => {});
      } catch {}
    }, ms);
  });
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
    // A query that lost the race would otherwise reject later with nobody listening.
    query.catch(() => {});
  }
}

/** Resolves when the database answers `select 1` within `ms`; rejects otherwise. */
export async function ping(db: Db, ms = 2000): Promise<void> {
  await bounded(db, db`select 1`, 'select 1', ms);
}
