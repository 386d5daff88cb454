import { INestApplication } from '@nestjs/common';
import { tableFromIPC } from 'apache-arrow';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { client, Client } from '../support/access';
import { analysedApp } from '../support/app';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';

const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');

/** supertest's parser for a binary body (an Arrow file) as a Buffer. */
const binary = (res: request.Response, done: (err: Error | null, body: unknown) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe.each(ENGINES)('conversation export on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Client;
  let ds: DataSource;
  const count = async (sql: string) => Number((await ds.query(sql))[0].n);

  beforeAll(async () => {
    ({ db, app } = await analysedApp(engine, { seed: 9, conversations: 120, days: 10 }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-export-')), 'formula.jsonl');
    writers.jsonl(file, [
      { conversation_id: 'f-1', message_id: 'f-1-1', timestamp: '2024-06-30T10:00:00Z', role: 'customer', text: '=HYPERLINK("http://evil.example","refund")', customer_id: 'fx', channel: 'web' },
      { conversation_id: 'f-1', message_id: 'f-1-2', timestamp: '2024-06-30T10:00:05Z', role: 'bot', text: 'Line one\nline "two", with a comma', customer_id: 'fx', channel: 'web' },
    ]);
    await app.get(ImportsService).importPath(file, { source: 'sample' });
    http = await client(app, 'manager');
    ds = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** The export imported into an empty database: Seam's own readers take it back, every message. */
  const reimport = async (name: string, body: Buffer) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-reimport-'));
    writeFileSync(path.join(dir, name), body);
    const fresh = await freshDatabase('sqlite', { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    const other = await createApp(fresh.config, false);
    await other.init();
    try {
      const [run] = await other.get(ImportsService).importPath(path.join(dir, name), { source: 'sample' });
      return run;
    } finally {
      await other.close();
      await fresh.drop();
    }
  };

  it('exports a filtered set as CSV, every message with its analysis, and Seam imports it back', async () => {
    const res = await http.get('/api/conversations/export?format=csv&channel=web').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="seam-conversations-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = (res.body as Buffer).toString('utf8');
    const header = text.slice(0, text.indexOf('\r\n')).split(',');
    expect(header.slice(0, 5)).toEqual(['conversation_id', 'message_id', 'timestamp', 'role', 'text']);
    expect(header).toEqual(expect.arrayContaining(['sentiment', 'message_intent', 'conversation_intent', 'outcome', 'deflected', 'flags']));
    const web = await count(`SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.channel = 'web'`);
    expect(web).toBeGreaterThan(100);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""refund"")"`);
    expect(text).toContain('"Line one\nline ""two"", with a comma"');
    const run = await reimport('export.csv', res.body);
    expect(run).toMatchObject({ status: 'completed', rejectedCount: 0, messagesInserted: web });
  });

  it('exports the same set as an Arrow file with typed columns, matching the database', async () => {
    const res = await http.get('/api/conversations/export?format=arrow&channel=web').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.file');
    const table = tableFromIPC(res.body as Buffer);
    const web = await count(`SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.channel = 'web'`);
    expect(table.numRows).toBe(web);
    expect(String(table.schema.fields.find((f) => f.name === 'timestamp')?.type)).toMatch(/Timestamp/);
    expect(String(table.schema.fields.find((f) => f.name === 'sentiment')?.type)).toBe('Float64');
    const rows = table.toArray().map((r) => r.toJSON());
    const analysed = rows.find((r) => r.role === 'customer' && r.sentiment !== null)!;
    const [stored] = await ds.query(
      engine === 'postgres'
        ? `SELECT a.sentiment FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE m.external_id = $1`
        : `SELECT a.sentiment FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE m.external_id = ?`,
      [analysed.message_id],
    );
    expect(analysed.sentiment).toBeCloseTo(Number(stored.sentiment), 5);
    expect(rows.every((r) => r.channel === 'web')).toBe(true);
    const run = await reimport('export.arrow', res.body);
    expect(run).toMatchObject({ status: 'completed', rejectedCount: 0, messagesInserted: web });
  });

  it('writes the same export from the command line', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'seam-cli-export-')), 'web.csv');
    const cli = spawnSync(process.execPath, [CLI, 'export', '--format', 'csv', '--out', out, '--channel', 'web'], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/^\d+ conversations, \d+ messages → /);
    const api = await http.get('/api/conversations/export?format=csv&channel=web');
    expect(readFileSync(out, 'utf8')).toBe(api.text);
    const bad = spawnSync(process.execPath, [CLI, 'export', '--format', 'xlsx', '--out', out], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/format must be csv or arrow/);
  });

  it('narrows to an intent, answers an empty set with a header only, and refuses a bad format or an agent', async () => {
    const [{ id: intent }] = await ds.query('SELECT intent_id AS id FROM conversation_metrics WHERE intent_id IS NOT NULL GROUP BY intent_id ORDER BY COUNT(*) DESC LIMIT 1');
    const inIntent = await count(`SELECT COUNT(*) AS n FROM messages m JOIN conversation_metrics cm ON cm.conversation_id = m.conversation_id WHERE cm.intent_id = ${Number(intent)}`);
    const res = await http.get(`/api/conversations/export?format=arrow&intent=${intent}`).buffer(true).parse(binary);
    expect(tableFromIPC(res.body as Buffer).numRows).toBe(inIntent);
    const empty = await http.get('/api/conversations/export?format=csv&from=2001-01-01&to=2001-01-02');
    expect(empty.text.split('\r\n').filter(Boolean)).toHaveLength(1);
    const emptyArrow = await http.get('/api/conversations/export?format=arrow&from=2001-01-01&to=2001-01-02').buffer(true).parse(binary);
    expect(tableFromIPC(emptyArrow.body as Buffer).numRows).toBe(0);
    expect((await http.get('/api/conversations/export?format=xlsx')).status).toBe(400);
    expect((await http.get('/api/conversations/export')).status).toBe(400);
    expect((await http.get('/api/conversations/export?format=csv&from=2024-06-02&to=2024-06-01')).status).toBe(400);
    expect((await (await client(app, 'agent')).get('/api/conversations/export?format=csv')).status).toBe(403);
  });
});
