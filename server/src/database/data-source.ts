import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import type { SeamConfig } from '../config/seam.config';
import { ConversationEntity } from '../modules/conversations/conversation.entity';
import { CustomerEntity } from '../modules/conversations/customer.entity';
import { MessageEntity } from '../modules/conversations/message.entity';
import { ImportRunEntity } from '../modules/imports/import-run.entity';
import { RejectedRowEntity } from '../modules/imports/rejected-row.entity';

export const ENTITIES = [CustomerEntity, ConversationEntity, MessageEntity, ImportRunEntity, RejectedRowEntity];

/**
 * One definition for the app, the CLI and the tests: SQLite file by default, PostgreSQL with DATABASE_URL
 * (a pool of `poolSize` connections).
 */
export function dataSourceOptions(config: SeamConfig, poolSize = 10): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: ['error' as const] };
  if (config.dbType === 'postgres') {
    // PostgreSQL's default working memory (4 MB) sends the behaviour views' groupings of a million conversations to disk
    // sorts, twice as slow; 32 MB per sort or hash keeps them in memory. A URL that sets its own `options` keeps them.
    const own = config.databaseUrl && new URL(config.databaseUrl).searchParams.has('options');
    return { type: 'postgres', url: config.databaseUrl, extra: { max: poolSize, ...(own ? {} : { options: '-c work_mem=32MB' }) }, ...common };
  }
  mkdirSync(path.dirname(config.sqlitePath), { recursive: true, mode: 0o700 });
  return {
    type: 'better-sqlite3',
    database: config.sqlitePath,
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // A write waits for another connection's transaction; the longest is an import's final one (about 8 s for
      // a million messages here).
      db.pragma('busy_timeout = 60000');
      db.pragma('cache_size = -16384');
      // ANALYZE samples (about 1,000 rows an index) instead of reading whole tables.
      db.pragma('analysis_limit = 1000');
      // The database holds customers' messages: readable by Seam's own user only, whatever the umask made it.
      for (const file of [config.sqlitePath, `${config.sqlitePath}-wal`, `${config.sqlitePath}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
    },
    ...common,
  };
}

export async function openDataSource(config: SeamConfig, poolSize?: number): Promise<DataSource> {
  return new DataSource(dataSourceOptions(config, poolSize)).initialize();
}
