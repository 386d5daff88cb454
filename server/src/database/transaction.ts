import type { DataSource, EntityManager } from 'typeorm';
import { engineOf } from './dialect';

let sqliteQueue: Promise<unknown> = Promise.resolve();

/**
 * Rows a bulk write (a recompute's facts, flags and journeys, an analysis' new rows) puts in one transaction. Their
 * indexes are keyed at random with respect to each other, so a transaction dirties a page of each index for almost
 * every row: at 2,000 rows a transaction SQLite wrote most of each index to its WAL again every time (1M messages:
 * the facts' upserts 10.1 s in 2,000-row transactions, 2.6 s in one; at this size memory stays bounded).
 */
export const ROWS_PER_TRANSACTION = 20_000;

/**
 * A transaction that never interleaves with another on SQLite. The SQLite driver has one connection, so two
 * transactions awaiting in turn (an analysis write and a flag update) would otherwise nest into one another;
 * on PostgreSQL each transaction has its own pooled connection and runs as it is.
 * On SQLite the transaction takes the write lock at its start (`BEGIN IMMEDIATE`, waiting for it as long as
 * busy_timeout says): with a deferred start, a read on the same connection (any request's, which joins whatever
 * is open there) or the transaction's own first read takes a snapshot, another connection (an import's thread,
 * another process) commits, and SQLite refuses the transaction's first write at once (SQLITE_BUSY_SNAPSHOT,
 * "database is locked") where it would have waited.
 */
export function transaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (engineOf(ds) !== 'sqlite') return ds.transaction(work);
  const run = sqliteQueue.then(async () => {
    const runner = ds.createQueryRunner();
    await runner.query('BEGIN IMMEDIATE');
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      // SQLite has rolled back already after some errors (a full disk): there is then nothing to roll back.
      if ((ds.driver as unknown as { databaseConnection: { inTransaction: boolean } }).databaseConnection.inTransaction) await runner.query('ROLLBACK');
      throw err;
    } finally {
      await runner.release();
    }
  });
  sqliteQueue = run.catch(() => undefined);
  return run;
}
