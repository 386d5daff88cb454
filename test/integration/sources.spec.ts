import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { SourcesScheduler } from '../../server/src/modules/sources/sources.scheduler';
import { SourcesService } from '../../server/src/modules/sources/sources.service';
import { client, Client } from '../support/access';
import { ENGINES, freshDatabase, PG_ADMIN_URL, TestDatabase } from '../support/engines';

const line = (conversation: string, n: number, role = 'customer', text = `message ${n} of ${conversation}`) =>
  JSON.stringify({ conversation_id: conversation, message_id: `${conversation}-${n}`, timestamp: new Date(Date.UTC(2024, 4, 1, 9, 0, n)).toISOString(), role, text, customer_id: `u-${conversation}` }) + '\n';

const lines = (conversation: string, count: number) => Array.from({ length: count }, (_, i) => line(conversation, i + 1)).join('');

/** A local HTTP server whose answers the test sets: a body (with an ETag), or a status. */
class FakeExport {
  body = '';
  failures = 0;
  requests: { etag?: string }[] = [];
  delayMs = 0;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      this.requests.push({ etag: req.headers['if-none-match'] as string | undefined });
      setTimeout(() => {
        if (this.failures > 0) {
          this.failures--;
          res.statusCode = 503;
          return res.end('busy');
        }
        const etag = `"${createHash('sha1').update(this.body).digest('hex')}"`;
        if (req.headers['if-none-match'] === etag) {
          res.statusCode = 304;
          return res.end();
        }
        res.setHeader('etag', etag);
        res.end(this.body);
      }, this.delayMs);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/export/chats.jsonl`;
  }

  stop(): void {
    this.server.close();
  }
}

describe.each(ENGINES)('scheduled sources on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Client;
  let ds: DataSource;
  const count = async (sql: string) => Number((await ds.query(sql))[0].n);

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_SOURCE_BACKOFF_SECONDS: '0.01' });
    app = await createApp(db.config, false);
    await app.init();
    http = await client(app, 'admin');
    ds = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await http.post('/api/sources').send(body);
    expect(res.status).toBe(201);
    return res.body as { id: number; name: string };
  };
  const run = async (id: number) => {
    const res = await http.post(`/api/sources/${id}/run?wait=true`);
    expect(res.status).toBe(201);
    return res.body as { ran: boolean; attempts: { status: string; items: number; messagesImported: number; error: string | null; attempt: number }[]; source: { status: string } };
  };

  it('imports the new files of a folder only: new names, and a file that grew; not a file still being written', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'seam-drop-'));
    writeFileSync(path.join(folder, '2024-05-01.jsonl'), lines('f1', 3));
    const source = await create({ name: 'nightly-folder', kind: 'folder', cron: '0 2 * * *', config: { path: folder, settleSeconds: 0 } });
    let result = await run(source.id);
    expect(result.attempts).toEqual([expect.objectContaining({ status: 'completed', items: 1, messagesImported: 3 })]);

    writeFileSync(path.join(folder, '2024-05-02.jsonl'), lines('f2', 2));
    writeFileSync(path.join(folder, '2024-05-03.jsonl.part'), lines('f3', 5));
    result = await run(source.id);
    expect(result.attempts[0]).toMatchObject({ items: 1, messagesImported: 2 });

    expect((await run(source.id)).attempts[0]).toMatchObject({ status: 'completed', items: 0, messagesImported: 0 });

    appendFileSync(path.join(folder, '2024-05-01.jsonl'), line('f1', 4));
    result = await run(source.id);
    expect(result.attempts[0]).toMatchObject({ items: 1, messagesImported: 1 });
    expect(await count(`SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.source = 'nightly-folder'`)).toBe(3 + 2 + 1);
    expect(result.source.status).toBe('ok');
  });

  it('imports an HTTP export when it changed: not again on 304 or on the same bytes', async () => {
    const server = new FakeExport();
    await server.start();
    try {
      server.body = lines('h1', 4);
      const source = await create({ name: 'platform-export', kind: 'http', cron: '*/30 * * * *', config: { url: server.url, headers: { Authorization: 'Bearer secret-key' } } });
      expect((await run(source.id)).attempts[0]).toMatchObject({ status: 'completed', items: 1, messagesImported: 4 });
      expect((await run(source.id)).attempts[0]).toMatchObject({ items: 0 });
      expect(server.requests[1].etag).toMatch(/^"/);
      server.body += line('h1', 5);
      expect((await run(source.id)).attempts[0]).toMatchObject({ items: 1, messagesImported: 1 });
      const listed = await http.get(`/api/sources/${source.id}`);
      expect(listed.body.config.headers).toEqual({ Authorization: '***' });
    } finally {
      server.stop();
    }
  });

  it('retries a failing source with backoff, reports it failing (dashboard and health) until a run succeeds', async () => {
    const server = new FakeExport();
    await server.start();
    try {
      server.body = lines('r1', 2);
      server.failures = 2;
      const source = await create({ name: 'flaky', kind: 'http', cron: '0 * * * *', retries: 2, config: { url: server.url } });
      let result = await run(source.id);
      expect(result.attempts.map((a) => [a.attempt, a.status])).toEqual([
        [1, 'failed'],
        [2, 'failed'],
        [3, 'completed'],
      ]);
      expect(result.attempts[0].error).toMatch(/HTTP 503/);
      expect(result.source.status).toBe('ok');

      server.failures = 10;
      result = await run(source.id);
      expect(result.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'failed']);
      expect(result.source.status).toBe('failing');
      const health = await http.get('/api/health');
      expect(health.body).toMatchObject({ status: 'degraded', sources: { failing: [expect.objectContaining({ name: 'flaky', consecutiveFailures: 1 })] } });
      const listed = (await http.get('/api/sources')).body.items.find((s: { name: string }) => s.name === 'flaky');
      expect(listed).toMatchObject({ status: 'failing', lastError: expect.stringMatching(/503/) });

      server.failures = 0;
      expect((await run(source.id)).source.status).toBe('ok');
      expect((await http.get('/api/health')).body.status).toBe('ok');
    } finally {
      server.stop();
    }
  });

  it('reads a chat platform\'s PostgreSQL table past the last cursor value, read-only', async () => {
    const name = `platform_${process.pid}_${engine}`;
    const admin = new PgClient({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    const platform = new PgClient({ connectionString: url.toString() });
    await platform.connect();
    try {
      await platform.query(`CREATE TABLE chat_messages (seq bigserial PRIMARY KEY, chat text, sent timestamptz, who text, body text)`);
      const insert = (chat: string, n: number, who: string) =>
        platform.query(`INSERT INTO chat_messages (chat, sent, who, body) VALUES ($1, $2, $3, $4)`, [chat, new Date(Date.UTC(2024, 4, 1, 9, n)), who, `${who} says ${n}`]);
      for (let n = 0; n < 3; n++) await insert('p1', n, n % 2 ? 'bot' : 'customer');
      const query = `SELECT seq, 'pg-' || seq AS message_id, chat AS conversation_id, sent AS timestamp, who AS role, body AS text FROM chat_messages`;
      const source = await create({ name: 'chat-db', kind: 'postgres', cron: '0 3 * * *', config: { url: url.toString(), query, cursor: 'seq' } });
      expect((await run(source.id)).attempts[0]).toMatchObject({ status: 'completed', messagesImported: 3 });
      expect((await run(source.id)).attempts[0]).toMatchObject({ items: 0, messagesImported: 0 });
      await insert('p1', 3, 'customer');
      await insert('p2', 4, 'customer');
      expect((await run(source.id)).attempts[0]).toMatchObject({ items: 1, messagesImported: 2 });

      const writer = await create({ name: 'chat-db-writes', kind: 'postgres', cron: '0 3 * * *', retries: 0, config: { url: url.toString(), query: 'SELECT seq, nextval(\'chat_messages_seq_seq\') AS x FROM chat_messages', cursor: 'seq' } });
      expect((await run(writer.id)).attempts[0].error).toMatch(/read-only/);
    } finally {
      await platform.end();
      const drop = new PgClient({ connectionString: PG_ADMIN_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    }
  });

  it('refuses a bad source with the field named, and keeps sources to admins', async () => {
    const bad = await http.post('/api/sources').send({ name: 'x', kind: 'folder', cron: 'every night', config: { path: '/tmp' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/cron/);
    const relative = await http.post('/api/sources').send({ name: 'x', kind: 'folder', cron: '0 2 * * *', config: { path: 'exports' } });
    expect(relative.body.message).toMatch(/config\.path: must be an absolute path/);
    const manager = await client(app, 'manager');
    expect((await manager.get('/api/sources')).status).toBe(200);
    expect((await manager.post('/api/sources').send({ name: 'm', kind: 'folder', cron: '0 2 * * *', config: { path: '/tmp' } })).status).toBe(403);
    expect((await (await client(app, 'agent')).get('/api/sources')).status).toBe(403);
  });
});

describe('two Seam apps on one PostgreSQL database', () => {
  let db: TestDatabase;
  let apps: INestApplication[] = [];
  const server = new FakeExport();

  beforeAll(async () => {
    await server.start();
    db = await freshDatabase('postgres', { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_SOURCE_SYNC_SECONDS: '0.2' });
    apps = [];
    for (let i = 0; i < 2; i++) {
      const app = await createApp(db.config, false);
      await app.init();
      apps.push(app);
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
    server.stop();
  });

  it('never run a source twice at once, when both are asked together or both schedulers tick', async () => {
    server.body = lines('t1', 5);
    server.delayMs = 300;
    const admin = await client(apps[0], 'admin');
    const created = await admin.post('/api/sources').send({ name: 'shared', kind: 'http', cron: '0 0 1 1 *', config: { url: server.url } });
    const id = created.body.id as number;
    const outcomes = await Promise.all(apps.map((app) => app.get(SourcesService).run(id, 'manual')));
    expect(outcomes.map((o) => o.ran).sort()).toEqual([false, true]);

    server.body += line('t1', 6);
    await admin.patch(`/api/sources/${id}`).send({ cron: '* * * * * *' });
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(apps.map((app) => app.get(SourcesScheduler).nextRun(id))).toEqual([expect.any(Number), expect.any(Number)]);
    await admin.patch(`/api/sources/${id}`).send({ enabled: false });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(apps.map((app) => app.get(SourcesScheduler).nextRun(id))).toEqual([null, null]);
    const ds = apps[0].get(DataSource);
    const runs = (await ds.query(`SELECT owner, started_at, finished_at FROM source_runs WHERE source_id = $1 ORDER BY started_at`, [id])) as { owner: string; started_at: string; finished_at: string }[];
    expect(runs.length).toBeGreaterThan(2);
    for (let i = 1; i < runs.length; i++) expect(Number(runs[i].started_at)).toBeGreaterThanOrEqual(Number(runs[i - 1].finished_at));
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM messages`))[0].n)).toBe(6);
  });
});
