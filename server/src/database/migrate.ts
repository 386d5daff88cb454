import Database from 'better-sqlite3';
import { chmodSync } from 'node:fs';
import { DataSource, Migration } from 'typeorm';
import type { SeamConfig } from '../config/seam.config';

/** Seam's advisory lock key for migrations on PostgreSQL (any constant no other lock of this database uses). */
const PG_MIGRATION_LOCK = 735_200_001;

/** How long a SQLite process waits for another one's migrations (PostgreSQL's wait as long as they last). */
const WAIT_MS = 10 * 60_000;

/** The file whose exclusive lock says one process is migrating a SQLite database (beside the database). */
export function sqliteMigrationLock(sqlitePath: string): string {
  return `${sqlitePath}-migrate.lock`;
}

/**
 * Applies the pending migrations, one process at a time: a server, its workers and a cron `seam import` may start
 * together on one database. The first takes the lock (PostgreSQL: an advisory lock; SQLite: an exclusive lock on a
 * file beside the database, as the migrations' own transaction cannot hold the database's write lock before it has
 * read which migrations ran) and migrates; the others wait, then find nothing left to apply.
 */
export async function migrate(ds: DataSource, config: SeamConfig): Promise<Migration[]> {
  if (config.dbType === 'postgres') {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
      try {
        return await ds.runMigrations();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
  const file = sqliteMigrationLock(config.sqlitePath);
  const lock = new Database(file);
  try {
    chmodSync(file, 0o600);
    lock.pragma(`busy_timeout = ${WAIT_MS}`);
    lock.exec('BEGIN EXCLUSIVE');
    try {
      return await ds.runMigrations();
    } finally {
      lock.exec('COMMIT');
    }
  } finally {
    lock.close();
  }
}
