import type { DataSource, EntityManager } from 'typeorm';
import { engineOf } from './dialect';

let sqliteQueue: Promise<unknown> = Promise.resolve();

/**
 * A transaction that never interleaves with another on SQLite. The SQLite driver has one connection, so two
 * transactions awaiting in turn (an import batch and an analysis write) would otherwise nest into one another;
 * on PostgreSQL each transaction has its own pooled connection and runs as it is.
 */
export function transaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (engineOf(ds) !== 'sqlite') return ds.transaction(work);
  const run = sqliteQueue.then(() => ds.transaction(work));
  sqliteQueue = run.catch(() => undefined);
  return run;
}
