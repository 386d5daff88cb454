import { ChildProcess, spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { loadConfig } from '../../server/src/config/seam.config';
import { inspectBackup, SCHEMA_VERSION } from '../../server/src/database/backup';
import { openDataSource } from '../../server/src/database/data-source';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { MetricsService } from '../../server/src/modules/metrics/metrics.service';
import { generateSample, SampleMessage } from '../../server/src/modules/sample/sample.generator';
import { account } from '../support/access';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';
import { freePort, OwnPostgres, ownPostgres } from '../support/own-postgres';
import { smallDisk } from '../support/small-disk';

const SERVER = path.resolve(__dirname, '../../dist/server/src/main.js');
const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Seam's server as its own process (as in production), with what it logged. */
async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; base: string; log: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await until('the server to serve', async () => log.includes('Seam is serving') || (child.exitCode !== null && Promise.reject(new Error(log))), 60_000);
  return { child, base: `http://127.0.0.1:${port}`, log: () => log };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** Each conversation's messages as the file has them. */
function perConversation(messages: SampleMessage[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of messages) out.set(m.conversation_id, (out.get(m.conversation_id) ?? 0) + 1);
  return out;
}

describe('PostgreSQL stops in the middle of a scheduled import, and comes back', () => {
  let pg: OwnPostgres;
  let dir: string;

  beforeAll(async () => {
    pg = await ownPostgres();
    dir = mkdtempSync(path.join(realpathSync(tmpdir()), 'seam-fault-pg-'));
  });

  afterAll(() => {
    pg?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the import fails cleanly and the source retries it whole; the server answers 503 meanwhile and recovers without a restart', async () => {
    const env = { DATABASE_URL: pg.url, SEAM_DATA_DIR: path.join(dir, 'data'), SEAM_SOURCE_ROOTS: dir, SEAM_SOURCE_BACKOFF_SECONDS: '2', SEAM_ANALYSE_AFTER_IMPORT: 'false' };
    const drop = path.join(dir, 'exports');
    mkdirSync(drop);
    const messages = [...generateSample({ seed: 17, conversations: 4000, end: Date.UTC(2025, 0, 1), days: 20 })];
    writers.jsonl(path.join(drop, 'night.jsonl'), messages);

    // An admin's token, made on the database before the server starts.
    const setup = await createApp(loadConfig(env), false);
    await setup.init();
    const { token } = await account(setup, 'admin');
    await setup.close();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const server = await startServer(env);
    try {
      const api = async (method: string, url: string, body?: unknown) => {
        const res = await fetch(`${server.base}${url}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items?: Record<string, unknown>[] } };
      };
      const created = await api('POST', '/api/sources', { name: 'nightly', kind: 'folder', cron: '0 3 * * *', retries: 5, config: { path: drop, settleSeconds: 0 } });
      expect(created.status).toBe(201);
      expect((await api('POST', `/api/sources/${created.body.id}/run`)).status).toBe(202);

      // PostgreSQL stops once the import is well under way.
      await until('the import to be under way', async () => ((await api('GET', '/api/imports')).body.items ?? []).some((r) => r.status === 'running' && Number(r.recordsRead) > 2000), 60_000);
      pg.stop();

      const health = await fetch(`${server.base}/api/health`);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBe('5');
      expect(await health.json()).toEqual({ code: 'UNAVAILABLE', message: expect.stringMatching(/^the database is unavailable \(.+\); Seam answers again as soon as it is back$/) });
      const overview = await api('GET', '/api/metrics/overview');
      expect(overview).toEqual({ status: 503, body: { code: 'UNAVAILABLE', message: expect.stringContaining('the database is unavailable') } });

      await sleep(3000);
      pg.start();

      // The same server process answers again.
      await until('the server to answer again', async () => (await fetch(`${server.base}/api/health`)).status === 200, 30_000);
      const runs = await until(
        'the source to succeed on a retry',
        async () => {
          const r = (await api('GET', `/api/sources/${created.body.id}/runs`)).body.items ?? [];
          return r.some((a) => a.status === 'completed') && r;
        },
        180_000,
      );
      // The attempts made while PostgreSQL was down could not be recorded; the one that worked was a retry.
      expect(Number(runs.find((a) => a.status === 'completed')!.attempt)).toBeGreaterThan(1);
      expect(server.log()).toMatch(/source "nightly" attempt 1 of 6 failed/);
      expect(server.child.exitCode).toBeNull();

      // Every message once; every visible conversation whole; nothing left half-imported.
      const db = new Client({ connectionString: pg.url });
      await db.connect();
      try {
        const expected = perConversation(messages);
        const stored = (await db.query(`SELECT c.external_id AS id, COUNT(m.id)::int AS n FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.visible = 1 GROUP BY c.external_id`))
          .rows as { id: string; n: number }[];
        expect(stored.length).toBe(expected.size);
        for (const s of stored) expect([s.id, s.n]).toEqual([s.id, expected.get(s.id)]);
        expect((await db.query(`SELECT COUNT(*)::int AS n FROM messages`)).rows[0].n).toBe(messages.length);
        expect((await db.query(`SELECT status FROM import_runs ORDER BY id`)).rows.map((r) => r.status)).toEqual(expect.arrayContaining(['completed']));
        expect((await db.query(`SELECT COUNT(*)::int AS n FROM import_runs WHERE status = 'running'`)).rows[0].n).toBe(0);
        expect((await db.query(`SELECT COUNT(*)::int AS n FROM staged_messages`)).rows[0].n).toBe(0);
      } finally {
        await db.end();
      }
    } finally {
      await stopServer(server.child);
    }
  });
});

describe('SQLite on a full disk', () => {
  it('an import that fills the disk fails with a clear error; the database opens, passes its integrity check and keeps everything stored; with space again the file imports whole', async () => {
    const disk = smallDisk(24);
    const env = { SEAM_DATA_DIR: disk.dir, SEAM_ANALYSE_AFTER_IMPORT: 'false' };
    const setup = await createApp(loadConfig(env), false);
    await setup.init();
    const { token } = await account(setup, 'admin');
    await setup.close();
    const server = await startServer(env);
    const work = mkdtempSync(path.join(tmpdir(), 'seam-full-disk-'));
    try {
      const upload = async (file: string) => {
        const form = new FormData();
        form.append('file', new Blob([readFileSync(file)]), path.basename(file));
        const res = await fetch(`${server.base}/api/imports?wait=true`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const sqlite = path.join(disk.dir, 'seam.sqlite');
      const stored = () => {
        const db = new Database(sqlite, { readonly: true });
        try {
          const hash = createHash('sha256');
          for (const m of db.prepare('SELECT id, text, sent_at FROM messages ORDER BY id').iterate()) hash.update(JSON.stringify(m));
          return { messages: (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n, checksum: hash.digest('hex'), integrity: db.pragma('integrity_check', { simple: true }) };
        } finally {
          db.close();
        }
      };

      const first = path.join(work, 'week.jsonl');
      const week = [...generateSample({ seed: 23, conversations: 200, end: Date.UTC(2025, 0, 1), days: 7 })];
      writers.jsonl(first, week);
      expect(await upload(first)).toMatchObject({ status: 201, body: { status: 'completed', messagesInserted: week.length } });
      const before = stored();

      // The disk is all but full: a filler leaves about 3 MiB, less than the next import needs.
      const free = () => statfsSync(disk.dir).bavail * statfsSync(disk.dir).bsize;
      writeFileSync(path.join(disk.dir, 'filler'), Buffer.alloc(Math.max(0, free() - 3 * 1024 * 1024)));
      const second = path.join(work, 'month.jsonl');
      const month = [...generateSample({ seed: 24, conversations: 1500, end: Date.UTC(2025, 1, 1), days: 30 })].map((m) => ({ ...m, conversation_id: `m-${m.conversation_id}`, message_id: `m-${m.message_id}` }));
      writers.jsonl(second, month);
      const full = await upload(second);
      expect(full.status).toBeGreaterThanOrEqual(400);
      expect(String(full.body.message ?? full.body.error)).toMatch(/disk is full|SQLITE_FULL|no space/i);

      // The server goes on; the database opens, is whole, and holds what it held.
      expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
      expect(stored()).toEqual({ ...before, integrity: 'ok' });

      // Space again: the same file imports whole, once.
      rmSync(path.join(disk.dir, 'filler'));
      expect(await upload(second)).toMatchObject({ status: 201, body: { status: 'completed', messagesInserted: month.length } });
      expect(stored()).toMatchObject({ messages: week.length + month.length, integrity: 'ok' });
    } finally {
      await stopServer(server.child);
      rmSync(work, { recursive: true, force: true });
      disk.remove();
    }
  });
});

describe.each(ENGINES)('a process killed in the middle of its work, on %s', (engine) => {
  let db: TestDatabase;
  let probe: DataSource;
  const count = async (sql: string) => Number((await probe.query(sql))[0].n);

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    const app = await createApp(db.config, false);
    try {
      await app.init();
      const day = (seed: number, prefix: string, conversations: number) => {
        const file = path.join(db.config.dataDir, `${prefix}.jsonl`);
        writers.jsonl(file, [...generateSample({ seed, conversations, end: Date.UTC(2025, 0, 1), days: 20 })].map((m) => ({ ...m, conversation_id: `${prefix}-${m.conversation_id}`, message_id: `${prefix}-${m.message_id}` })));
        return app.get(ImportsService).importPath(file, { source: 'sample', analyse: false });
      };
      await day(31, 'a', 1500);
      await app.get(AnalysisService).schedule();
      // Imported, not analysed: the next `seam analyse` analyses it, then recomputes the metrics of 3,000 conversations.
      await day(32, 'b', 3000);
    } finally {
      await app.close();
    }
    probe = await openDataSource(db.config);
  });

  afterAll(async () => {
    await probe?.destroy();
    await db?.drop();
  });

  it('killed during a metrics recompute: the next start brings every fact and flag up to date', async () => {
    const child = spawn(process.execPath, [CLI, 'analyse'], { env: { ...process.env, ...db.env }, stdio: 'ignore' });
    // The run is marked completed just before its metrics are recomputed.
    await until('the analysis to complete', async () => (await probe.query(`SELECT id FROM analysis_runs WHERE status = 'completed' AND id > 1`)).length > 0, 120_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const conversations = await count('SELECT COUNT(*) AS n FROM conversations WHERE visible = 1');
    expect(await count('SELECT COUNT(*) AS n FROM conversation_metrics')).toBeLessThan(conversations);

    const app = await createApp(loadConfig({ ...db.env, SEAM_ANALYSE_AFTER_IMPORT: 'true' }), false);
    try {
      await app.init();
      const metrics = app.get(MetricsService);
      await until('the metrics to catch up', async () => metrics.lastRecompute !== null, 120_000);
      expect(await count('SELECT COUNT(*) AS n FROM conversation_metrics')).toBe(conversations);
      const state = async () => ({
        facts: ((await probe.query('SELECT * FROM conversation_metrics ORDER BY conversation_id')) as Record<string, unknown>[]).map(({ computed_at: _, ...f }) => f),
        flags: await probe.query('SELECT conversation_id, reason, severity FROM flags WHERE active = 1 ORDER BY conversation_id, reason'),
      });
      const caughtUp = await state();
      await metrics.recompute(true);
      expect(await state()).toEqual(caughtUp);
    } finally {
      await app.close();
    }
  });

  it('killed during a backup: no archive that looks whole, the database intact, the next backup complete', async () => {
    const archive = path.join(db.config.dataDir, 'night.backup');
    const child = spawn(process.execPath, [CLI, 'backup', archive], { env: { ...process.env, ...db.env }, stdio: 'ignore' });
    await until('the backup to begin', async () => existsSync(`${archive}.partial`) || existsSync(archive) || child.exitCode !== null, 60_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    // Cut short, the backup left no archive, or it had finished: then it is whole.
    if (existsSync(archive)) expect((await inspectBackup(archive)).migrations.at(-1)).toBe(SCHEMA_VERSION);
    if (engine === 'sqlite') expect(await probe.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);

    const app = await createApp(db.config, false);
    await app.init();
    await app.close();
    const again = spawn(process.execPath, [CLI, 'backup', archive], { env: { ...process.env, ...db.env }, stdio: 'ignore' });
    expect(await new Promise((resolve) => again.once('exit', resolve))).toBe(0);
    expect((await inspectBackup(archive)).migrations.at(-1)).toBe(SCHEMA_VERSION);
    expect(existsSync(`${archive}.partial`)).toBe(false);
  });
});
