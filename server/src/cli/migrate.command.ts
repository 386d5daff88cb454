import { loadConfig } from '../config/seam.config';
import { openDataSource } from '../database/data-source';
import { migrate } from '../database/migrate';
import { Command, options } from './common';

async function run(args: string[]): Promise<number> {
  const { values } = options('migrate', args, { revert: { type: 'boolean' } });
  const config = loadConfig();
  const ds = await openDataSource(config);
  try {
    if (values.revert) {
      await ds.undoLastMigration();
      console.log('reverted the last migration');
    } else {
      const applied = await migrate(ds, config);
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
