import { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { MetricsService } from '../../server/src/modules/metrics/metrics.service';
import { RetentionService } from '../../server/src/modules/retention/retention.service';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { client, Client } from '../support/access';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';

const END = Date.UTC(2024, 6, 1);
const DAY = 86_400_000;

describe.each(ENGINES)('retention on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Client;
  let ds: DataSource;
  const count = async (sql: string) => Number((await ds.query(sql))[0].n);
  /** What managers read: the numbers must not move when text is deleted. */
  // Sums of PostgreSQL REAL values (single precision) may differ in the last digits with the order rows are read in: 6 digits are compared.
  const rounded = (value: unknown): unknown =>
    typeof value === 'number' ? Number(value.toPrecision(6)) : Array.isArray(value) ? value.map(rounded) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) : value;
  const numbers = async () => ({
    overview: rounded((await http.get('/api/metrics/overview')).body),
    breakdowns: rounded((await http.get('/api/breakdowns')).body),
    flags: await count('SELECT COUNT(*) AS n FROM flags WHERE active = 1'),
    analysed: await count('SELECT COUNT(*) AS n FROM message_analysis WHERE sentiment IS NOT NULL AND (intent_id IS NOT NULL OR act IS NOT NULL)'),
  });

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_RETENTION_DAYS: '10' });
    app = await createApp(db.config, false);
    await app.init();
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-retention-'));
    const file = path.join(dir, 'sample.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 21, conversations: 200, end: END, days: 20 })].map((m) => ({ ...m, metadata: { crm_note: 'call back' } })));
    await app.get(ImportsService).importPath(file, { source: 'sample' });
    writeFileSync(path.join(dir, 'bad.jsonl'), '{"conversation_id": "x", "role": "robot", "text": "my card is 4111"}\n');
    await app.get(ImportsService).importPath(path.join(dir, 'bad.jsonl'), { source: 'sample' }).catch(() => undefined);
    await app.get(AnalysisService).schedule();
    http = await client(app, 'manager');
    ds = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('deletes the text of conversations past the period, keeps what was computed from it, and the numbers', async () => {
    const before = await numbers();
    const total = await count('SELECT COUNT(*) AS n FROM conversations');
    const recentTexts = `SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.ended_at >= ${END - 10 * DAY} AND m.text <> ''`;
    const recent = await count(recentTexts);
    const result = await app.get(RetentionService).apply(END);
    expect(result.cutoff).toBe(END - 10 * DAY);
    const old = await count(`SELECT COUNT(*) AS n FROM conversations WHERE ended_at < ${END - 10 * DAY}`);
    expect(result.conversations).toBe(old);
    expect(old).toBeGreaterThan(0);
    expect(old).toBeLessThan(total);
    expect(await count(`SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.ended_at < ${END - 10 * DAY} AND (m.text <> '' OR m.metadata IS NOT NULL)`)).toBe(0);
    expect(await count(recentTexts)).toBe(recent);
    expect(await numbers()).toEqual(before);

    await app.get(MetricsService).recompute(true);
    expect(await numbers()).toEqual(before);
    const run = await app.get(AnalysisService).schedule({ recluster: true });
    expect(run.status).toBe('completed');
    const examples = (await ds.query('SELECT examples FROM intents')).flatMap((r: { examples: string }) => JSON.parse(r.examples) as string[]);
    expect(examples.length).toBeGreaterThan(0);
    expect(examples).not.toContain('');

    const [{ id }] = await ds.query(`SELECT id FROM conversations WHERE text_purged_at IS NOT NULL ORDER BY id LIMIT 1`);
    const transcript = (await http.get(`/api/conversations/${id}`)).body;
    expect(transcript.textDeletedAt).toEqual(new Date(END).toISOString());
    expect(transcript.messages.every((m: { text: string }) => m.text === '')).toBe(true);
    expect(transcript.messages.some((m: { analysis: { sentiment: number | null } | null }) => m.analysis?.sentiment !== null && m.analysis?.sentiment !== undefined)).toBe(true);
  });

  it('deletes rejected rows of old imports and the intent examples quoting deleted text; a second run finds nothing more', async () => {
    expect(await count('SELECT COUNT(*) AS n FROM rejected_rows')).toBeGreaterThan(0);
    const later = Date.now() + 11 * DAY;
    const result = await app.get(RetentionService).apply(later);
    expect(result.rejectedRows).toBeGreaterThan(0);
    expect(await count('SELECT COUNT(*) AS n FROM rejected_rows')).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM messages WHERE text <> ''`)).toBe(0);
    const examples = (await ds.query('SELECT examples FROM intents')).flatMap((r: { examples: string }) => JSON.parse(r.examples) as string[]);
    expect(examples).toEqual([]);
    expect(await app.get(RetentionService).apply(later)).toMatchObject({ conversations: 0, messages: 0, rejectedRows: 0 });
    const audit = await (await client(app, 'admin')).get('/api/audit?target=messages');
    expect(audit.body.items[0]).toMatchObject({ action: 'retention.apply', actor: 'seam' });
  });
});
