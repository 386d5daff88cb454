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
import { RetentionService } from '../../server/src/modules/retention/retention.service';
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
    ({ db, app } = await analysedApp(engine, { seed: 9, conversations: 120, days: 10 }, { SEAM_RETENTION_DAYS: '8' }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-export-')), 'formula.jsonl');
    const rows: Record<string, unknown>[] = [
      { conversation_id: 'f-1', message_id: 'f-1-1', timestamp: '2024-06-30T10:00:00Z', role: 'customer', text: '=HYPERLINK("http://evil.example","refund")', customer_id: 'fx', channel: 'web' },
      { conversation_id: 'f-1', message_id: 'f-1-2', timestamp: '2024-06-30T10:00:05Z', role: 'bot', text: 'Line one\nline "two", with a comma', customer_id: 'fx', channel: 'web' },
      { conversation_id: 'f-1', timestamp: '2024-06-30T10:00:09Z', role: 'customer', text: "'@ home, card ending 4821", customer_id: 'fx', channel: 'web', metadata: { plan: 'gold', score: 0.1234567890123456 } },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    await app.get(ImportsService).importPath(file, { source: 'sample' });
    // Another source in the same set: an export names each conversation's source.
    const other = path.join(path.dirname(file), 'other.jsonl');
    writers.jsonl(other, [{ conversation_id: 'o-1', message_id: 'o-1-1', timestamp: '2024-06-29T08:00:00Z', role: 'customer', text: 'hello from the shop', customer_id: 'c9', channel: 'web' }]);
    await app.get(ImportsService).importPath(other, { source: 'shop' });
    http = await client(app, 'manager');
    ds = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** What the log holds of a set of conversations, as comparable text: every field an export carries back. */
  const logOf = async (source: DataSource, channel: string) =>
    (
      await source.query(
        `SELECT c.source, c.external_id AS conversation, m.external_id AS message, m.sent_at, m.seq, m.role, m.text, m.event, m.event_value, m.agent_id,
                m.metadata, c.metadata AS conversation_metadata, c.text_purged_at, cu.external_id AS customer, c.channel
         FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN customers cu ON cu.id = c.customer_id
         WHERE c.channel = '${channel}' ORDER BY c.source, c.external_id, m.external_id`,
      )
    ).map((r: Record<string, unknown>) =>
      JSON.stringify({
        ...r,
        seq: undefined,
        sent_at: Number(r.sent_at),
        event_value: r.event_value === null ? null : Number(r.event_value),
        text_purged_at: r.text_purged_at === null ? null : Number(r.text_purged_at),
        metadata: r.metadata === null ? null : JSON.parse(r.metadata as string),
        conversation_metadata: r.conversation_metadata === null ? null : JSON.parse(r.conversation_metadata as string),
      }),
    );

  /** The export imported, as a user would (no source named), into an empty database of the same engine; its log, and the run. */
  const reimport = async (name: string, body: Buffer) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-reimport-'));
    writeFileSync(path.join(dir, name), body);
    const fresh = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    const other = await createApp(fresh.config, false);
    await other.init();
    try {
      const [run] = await other.get(ImportsService).importPath(path.join(dir, name));
      const again = await other.get(ImportsService).importPath(path.join(dir, name));
      return { run, again: again[0], log: await logOf(other.get(DataSource), 'web') };
    } finally {
      await other.close();
      await fresh.drop();
    }
  };

  /** An export of the web channel, imported back: the same log, nothing rejected, nothing redacted again, nothing twice. */
  const roundTrip = async (format: 'csv' | 'arrow') => {
    const res = await http.get(`/api/conversations/export?format=${format}&channel=web`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const { run, again, log } = await reimport(`export.${format}`, res.body);
    const original = await logOf(ds, 'web');
    expect(run).toMatchObject({ status: 'completed', rejectedCount: 0, messagesInserted: original.length, redactions: {} });
    expect(again).toMatchObject({ status: 'completed', messagesInserted: 0, messagesDuplicate: original.length });
    expect(log).toEqual(original);
    return res;
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
    await roundTrip('csv');
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
    await roundTrip('arrow');
  });

  it('writes the same export from the command line', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'seam-cli-export-')), 'web.csv');
    const cli = spawnSync(process.execPath, [CLI, 'export', '--format', 'csv', '--out', out, '--channel', 'web'], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/^\d+ conversations, \d+ messages → /);
    const api = await http.get('/api/conversations/export?format=csv&channel=web');
    expect(readFileSync(out, 'utf8')).toBe(api.text);
    for (const format of ['csv', 'arrow']) {
      // A set of one conversation: the file is on disk, whole, when the command says so.
      const small = path.join(path.dirname(out), `one.${format}`);
      const one = spawnSync(process.execPath, [CLI, 'export', '--format', format, '--out', small, '--q', 'hello from the shop'], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
      expect(one.stdout).toMatch(/^1 conversations, 1 messages → /);
      const body = readFileSync(small);
      if (format === 'csv') expect(body.toString('utf8')).toContain('hello from the shop');
      else expect(tableFromIPC(body).numRows).toBe(1);
    }
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

  it('carries what retention deleted: the rows come back as deleted text, marked when, on both formats', async () => {
    const result = await app.get(RetentionService).apply(Date.UTC(2024, 6, 1));
    expect(result.conversations).toBeGreaterThan(0);
    const deleted = await count(`SELECT COUNT(*) AS n FROM conversations WHERE text_purged_at IS NOT NULL AND channel = 'web'`);
    expect(deleted).toBeGreaterThan(0);
    const res = await roundTrip('csv');
    const text = (res.body as Buffer).toString('utf8');
    expect(text.slice(0, text.indexOf('\r\n')).split(',')).toContain('text_deleted_at');
    await roundTrip('arrow');
  });
});
