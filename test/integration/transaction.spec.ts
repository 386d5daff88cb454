import { openDataSource } from '../../server/src/database/data-source';
import { transaction } from '../../server/src/database/transaction';
import { freshDatabase } from '../support/engines';

describe('transactions on the single SQLite connection', () => {
  it('run one after another, so an import batch and an analysis write never nest', async () => {
    const db = await freshDatabase('sqlite');
    const ds = await openDataSource(db.config);
    try {
      await ds.runMigrations();
      const log: string[] = [];
      const work = (name: string, fail: boolean) =>
        transaction(ds, async (em) => {
          log.push(`${name} start`);
          await em.query("INSERT INTO customers (id, source, external_id, first_seen_at) VALUES (?, 's', ?, 0)", [name, name]);
          await new Promise((r) => setTimeout(r, 20));
          log.push(`${name} end`);
          if (fail) throw new Error(`${name} fails`);
        });
      const results = await Promise.allSettled([work('a', true), work('b', false), work('c', false)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
      expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
      const rows: { id: string }[] = await ds.query('SELECT id FROM customers ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(['b', 'c']);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
