import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createApp } from '../../server/src/app.factory';
import { dataSourceOptions } from '../../server/src/database/data-source';
import { SCHEMA_VERSION } from '../../server/src/database/backup';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';

const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');

function seam(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Every table's row count, and a checksum of every message (id, conversation, role, text, time, metadata). */
async function snapshot(ds: DataSource, engine: string): Promise<{ counts: Record<string, number>; messages: string }> {
  const tables = ((await ds.query(
    engine === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  )) as { name: string }[]).map((t) => t.name);
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await ds.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
  const hash = createHash('sha256');
  for (const m of (await ds.query('SELECT id, conversation_id, role, text, sent_at, metadata FROM messages ORDER BY id')) as Record<string, unknown>[]) {
    hash.update(JSON.stringify([m.id, m.conversation_id, m.role, m.text, Number(m.sent_at), m.metadata]));
  }
  return { counts, messages: hash.digest('hex') };
}

async function withDataSource<T>(db: TestDatabase, work: (ds: DataSource) => Promise<T>, migrations = MIGRATIONS): Promise<T> {
  const ds = await new DataSource({ ...dataSourceOptions(db.config), migrations }).initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

const sample = (seed: number, prefix: string) =>
  [...generateSample({ seed, conversations: 120, end: Date.UTC(2025, 0, 1), days: 10 })].map((m) => ({ ...m, conversation_id: `${prefix}-${m.conversation_id}`, message_id: `${prefix}-${m.message_id}` }));

describe.each(ENGINES)('seam backup and seam restore on %s', (engine) => {
  it('round trip: a backup taken while Seam runs restores every table and every message as they were', async () => {
    const db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    const archive = path.join(db.config.dataDir, 'seam.backup');
    try {
      const app = await createApp(db.config, false);
      let before: Awaited<ReturnType<typeof snapshot>>;
      try {
        await app.init();
        const first = path.join(db.config.dataDir, 'first.jsonl');
        writers.jsonl(first, sample(7, 'a'));
        await app.get(ImportsService).importPath(first, { source: 'sample', analyse: false });
        await app.get(AnalysisService).schedule();
        before = await snapshot(app.get(DataSource), engine);
        expect(before.counts.messages).toBeGreaterThan(500);
        expect(before.counts.conversation_metrics).toBe(120);

        // Online: the server is up, its connections open.
        const taken = await seam(['backup', archive], db.env);
        expect(taken).toEqual({ code: 0, output: expect.stringContaining(`schema version ${SCHEMA_VERSION}`) });
        expect(existsSync(`${archive}.partial`)).toBe(false);

        // What happens after the backup is what the restore takes back.
        const second = path.join(db.config.dataDir, 'second.jsonl');
        writers.jsonl(second, sample(8, 'b'));
        await app.get(ImportsService).importPath(second, { source: 'sample', analyse: false });
        expect((await snapshot(app.get(DataSource), engine)).counts.messages).toBeGreaterThan(before.counts.messages);
      } finally {
        await app.close();
      }

      const restored = await seam(['restore', archive], db.env);
      expect(restored).toEqual({ code: 0, output: expect.stringContaining(`(schema version ${SCHEMA_VERSION}) restored into`) });
      expect(await withDataSource(db, (ds) => snapshot(ds, engine))).toEqual(before);
      if (engine === 'sqlite') expect(new Database(db.config.sqlitePath, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok');

      // Seam starts on the restored database and serves its numbers.
      const again = await createApp(db.config, false);
      try {
        await again.init();
        expect(await again.get(DataSource).query('SELECT COUNT(*) AS n FROM conversation_metrics')).toEqual([{ n: engine === 'sqlite' ? 120 : '120' }]);
      } finally {
        await again.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('refuses a backup of an older schema version unless told to migrate it, and one of a newer version', async () => {
    const db = await freshDatabase(engine);
    const archive = path.join(db.config.dataDir, 'old.backup');
    try {
      // A database of the Seam before the last migration, backed up.
      await withDataSource(db, (ds) => ds.runMigrations(), MIGRATIONS.slice(0, -1));
      expect(await seam(['backup', archive], db.env)).toMatchObject({ code: 0, output: expect.stringContaining(`schema version ${MIGRATIONS[MIGRATIONS.length - 2].name}`) });

      const refused = await seam(['restore', archive], db.env);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`older than this Seam's (${SCHEMA_VERSION}: 1 migration more)`);
      expect(refused.output).toContain('seam restore FILE --migrate');

      const migrated = await seam(['restore', archive, '--migrate'], db.env);
      expect(migrated).toEqual({ code: 0, output: expect.stringContaining(`then migrated: ${SCHEMA_VERSION}`) });
      expect(await withDataSource(db, (ds) => ds.showMigrations())).toBe(false);

      if (engine === 'sqlite') {
        // A backup from a newer Seam: a migration this one does not know.
        const newer = path.join(db.config.dataDir, 'newer.backup');
        copyFileSync(archive, newer);
        const file = new Database(newer);
        file.prepare(`INSERT INTO migrations (timestamp, name) VALUES (1899999999999, 'FromTheFuture1899999999999')`).run();
        file.close();
        const future = await seam(['restore', newer, '--migrate'], db.env);
        expect(future.code).toBe(1);
        expect(future.output).toContain('newer than this Seam');
        expect(future.output).toContain('FromTheFuture1899999999999');
      }
    } finally {
      await db.drop();
    }
  });

  it('says which engine a backup is for instead of restoring it into the other', async () => {
    const db = await freshDatabase(engine);
    const other = await freshDatabase(engine === 'sqlite' ? 'postgres' : 'sqlite');
    const archive = path.join(db.config.dataDir, 'this.backup');
    try {
      await withDataSource(db, (ds) => ds.runMigrations());
      expect((await seam(['backup', archive], db.env)).code).toBe(0);
      const wrong = await seam(['restore', archive], other.env);
      expect(wrong.code).toBe(1);
      expect(wrong.output).toMatch(/backup and this Seam uses .*seam export. there and .seam import. here/);
    } finally {
      await other.drop();
      await db.drop();
    }
  });
});
