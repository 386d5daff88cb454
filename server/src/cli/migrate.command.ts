import { loadConfig } from '../config/seam.config';
import { openDataSource } from '../database/data-source';
import { Command, options } from './common';

async function run(args: string[]): Promise<number> {
  const { values } = options('migrate', args, { revert: { type: 'boolean' } });
  const ds = await openDataSource(loadConfig());
  try {
    if (values.revert) {
      await ds.undoLastMigration();
      console.log('reverted the last migration');
    } else {
      const applied = await ds.runMigrations();
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'the database is up to date');
    }
  } finally {
    await ds.destroy();
  }
  return 0;
}

export const migrateCommand: Command = {
  help: `migrate [--revert]
      Apply the pending migrations (or revert the last one).`,
  run,
};
