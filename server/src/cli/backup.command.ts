import * as path from 'node:path';
import { loadConfig } from '../config/seam.config';
import { backup, inspectBackup, restore, schemaCheck } from '../database/backup';
import { openDataSource } from '../database/data-source';
import { migrate } from '../database/migrate';
import { Command, options, UsageError } from './common';

function where(config: ReturnType<typeof loadConfig>): string {
  return config.dbType === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : config.sqlitePath;
}

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

async function runBackup(args: string[]): Promise<number> {
  const { positionals } = options('backup', args, {});
  if (positionals.length !== 1) throw new UsageError('backup', 'name the one file to write the backup to');
  const config = loadConfig();
  const file = path.resolve(positionals[0]);
  const info = await backup(config, file);
  console.log(`${where(config)} backed up to ${file} (${size(info.bytes)}, ${info.engine === 'sqlite' ? "SQLite's online backup" : 'pg_dump'}), schema version ${info.migrations.at(-1) ?? '(none)'}`);
  return 0;
}

async function runRestore(args: string[]): Promise<number> {
  const { values, positionals } = options('restore', args, { migrate: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('restore', 'name the backup file to restore');
  const config = loadConfig();
  const file = path.resolve(positionals[0]);
  const info = await inspectBackup(file);
  schemaCheck(info, !!values.migrate);
  await restore(config, file, info);
  console.log(`${file} (schema version ${info.migrations.at(-1) ?? '(none)'}) restored into ${where(config)}`);
  if (values.migrate) {
    const ds = await openDataSource(config);
    try {
      const applied = await migrate(ds, config);
      console.log(applied.length ? `then migrated: ${applied.map((m) => m.name).join(', ')}` : 'the schema was already up to date');
    } finally {
      await ds.destroy();
    }
  }
  return 0;
}

export const backupCommand: Command = {
  help: `backup FILE
      Write a backup of the database to FILE while Seam runs (SQLite: its online backup; PostgreSQL: pg_dump).
      The archive holds the schema version; docs/operations.md says what else to keep (models, configuration).`,
  run: runBackup,
};

export const restoreCommand: Command = {
  help: `restore FILE [--migrate]
      Replace the database by a backup (stop Seam first). A backup of an older schema version is restored only
      with --migrate, which then applies the newer migrations; one of a newer version needs the newer Seam.`,
  run: runRestore,
};
