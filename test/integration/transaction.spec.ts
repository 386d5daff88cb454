import { Worker } from 'node:worker_threads';
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

  it('take the write lock first: another connection (an import thread) committing between a read and a write makes the write wait, not fail', async () => {
    const db = await freshDatabase('sqlite');
    const ds = await openDataSource(db.config);
    try {
      await ds.runMigrations();
      // The other connection, in its own thread as an import's is: it writes as soon as it is told to.
      const other = new Worker(
        `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const { parentPort, workerData } = require('node:worker_threads');
         const db = new Database(workerData);
         db.pragma('busy_timeout = 10000');
         parentPort.on('message', () => {
           db.prepare("INSERT INTO customers (id, source, external_id, first_seen_at) VALUES ('other', 's', 'other', 0)").run();
           db.close();
           parentPort.postMessage('committed');
         });`,
        { eval: true, workerData: db.config.sqlitePath },
      );
      const committed = new Promise((resolve) => other.once('message', resolve));
      const ours = transaction(ds, async (em) => {
        const [{ n }] = await em.query('SELECT COUNT(*) AS n FROM customers');
        other.postMessage('go');
        await new Promise((r) => setTimeout(r, 300));
        await em.query("INSERT INTO customers (id, source, external_id, first_seen_at) VALUES ('ours', 's', 'ours', ?)", [Number(n)]);
      });
      await expect(ours).resolves.toBeUndefined();
      await committed;
      await other.terminate();
      const rows: { id: string; first_seen_at: number }[] = await ds.query('SELECT id, first_seen_at FROM customers ORDER BY id');
      expect(rows.map((r) => [r.id, Number(r.first_seen_at)])).toEqual([['other', 0], ['ours', 0]]);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});

describe('PostgreSQL connections', () => {
  it('sort and hash in 32 MB of working memory, unless the URL sets its own options', async () => {
    const db = await freshDatabase('postgres');
    const own = new URL(db.config.databaseUrl!);
    own.searchParams.set('options', '-c work_mem=8MB');
    const seams = await openDataSource(db.config, 1);
    const theirs = await openDataSource({ ...db.config, databaseUrl: own.toString() }, 1);
    try {
      expect(await seams.query('SHOW work_mem')).toEqual([{ work_mem: '32MB' }]);
      expect(await theirs.query('SHOW work_mem')).toEqual([{ work_mem: '8MB' }]);
    } finally {
      await seams.destroy();
      await theirs.destroy();
      await db.drop();
    }
  });
});
