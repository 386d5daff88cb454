import type { DataSource, EntityManager } from 'typeorm';
import { engineOf } from './dialect';

let sqliteQueue: Promise<unknown> = Promise.resolve();

/**
 * A transaction that never interleaves with another on SQLite. The SQLite driver has one connection, so two
 * transactions awaiting in turn (an analysis write and a flag update) would otherwise nest into one another;
 * on PostgreSQL each transaction has its own pooled connection and runs as it is.
 * On SQLite the transaction takes the write lock first (a write that matches no row): another connection (an
 * import's worker thread) may commit between a transaction's first read and its first write, and SQLite
 * refuses that write (SQLITE_BUSY_SNAPSHOT) where it would have waited for the lock at the start.
 */
export function transaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (engineOf(ds) !== 'sqlite') return ds.transaction(work);
  const run = sqliteQueue.then(() =>
    ds.transaction(async (em) => {
      await em.query('DELETE FROM data_version WHERE 0');
      return work(em);
    }),
  );
  sqliteQueue = run.catch(() => undefined);
  return run;
}
