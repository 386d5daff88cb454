import { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ReadCache } from '../../server/src/modules/cache/read-cache';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { client, Client } from '../support/access';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';

const DATA = path.resolve(__dirname, '../../../shared/data');

describe.each(ENGINES)('HTTP API on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Client;
  let dir: string;
  const messages = [...generateSample({ seed: 21, conversations: 120, end: Date.UTC(2024, 6, 1), days: 30 })];

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_UPLOAD_LIMIT_MB: '1' });
    app = await createApp(db.config, false);
    await app.init();
    http = await client(app);
    dir = mkdtempSync(path.join(tmpdir(), 'seam-api-'));
    const file = path.join(dir, 'api.jsonl');
    writers.jsonl(file, messages);
    await app.get(ImportsService).importPath(file, { source: 'api' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('uploads an export and answers with its counts', async () => {
    const res = await http.post('/api/imports?wait=true').attach('file', path.join(DATA, 'twcs/sample.csv'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'completed', format: 'twcs', fileName: 'sample.csv', messagesInserted: 93 });
    const again = await http.post('/api/imports?wait=true').field('format', 'twcs').attach('file', path.join(DATA, 'twcs/sample.csv'));
    expect(again.body).toMatchObject({ messagesInserted: 0, messagesDuplicate: 93 });
  });

  it('starts a long import in the background and reports it by id', async () => {
    const res = await http.post('/api/imports').field('source', 'bg').attach('file', path.join(DATA, 'abcd-sample/abcd_sample.json'));
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('running');
    let run = res.body;
    for (let i = 0; i < 600 && run.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = (await http.get(`/api/imports/${res.body.id}`)).body;
    }
    expect(run).toMatchObject({ status: 'completed', messagesInserted: 72, rejected: { total: 0, rows: [] } });
    const list = await http.get('/api/imports?limit=2');
    expect(list.body.items[0].id).toBe(res.body.id);
  });

  it('refuses bad uploads with clear 4xx errors', async () => {
    const none = await http.post('/api/imports');
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/field named "file"/);

    const big = path.join(dir, 'big.jsonl');
    writeFileSync(big, Buffer.alloc(1024 * 1024 + 10, 'a'));
    const tooBig = await http.post('/api/imports').attach('file', big);
    expect(tooBig.status).toBe(413);

    const format = await http.post('/api/imports').field('format', 'xml').attach('file', path.join(DATA, 'twcs/sample.csv'));
    expect(format.status).toBe(400);
    expect(format.body.message).toMatch(/format must be one of/);

    const noise = path.join(dir, 'noise.bin');
    writeFileSync(noise, 'just some words\n');
    const unknown = await http.post('/api/imports').attach('file', noise);
    expect(unknown.status).toBe(415);
    expect(unknown.body.message).toMatch(/cannot tell the format/);

    const header = path.join(dir, 'header.csv');
    writeFileSync(header, 'a,b,c\n1,2,3\n');
    const badHeader = await http.post('/api/imports?wait=true').attach('file', header);
    expect(badHeader.status).toBe(422);
    expect(badHeader.body).toMatchObject({ file: 'header.csv', line: 1 });
    expect(badHeader.body.message).toMatch(/no column for conversation_id, role, text/);

    expect((await http.get('/api/imports/999999')).status).toBe(404);
    expect((await http.get('/api/imports/abc')).status).toBe(400);
  });

  it('lists conversations newest first with a cursor that walks every page once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await http.get('/api/conversations').query({ source: 'api', limit: 17, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('filters by date range, channel, customer and handoff', async () => {
    const byConversation = new Map<string, typeof messages>();
    for (const m of messages) byConversation.set(m.conversation_id, [...(byConversation.get(m.conversation_id) ?? []), m]);
    const starts = [...byConversation.values()].map((ms) => ({ start: ms[0].timestamp, channel: ms[0].channel, customer: ms[0].customer_id, handoff: ms.some((m) => m.event === 'handoff') }));
    const count = async (query: Record<string, string>) => {
      const res = await http.get('/api/conversations').query({ source: 'api', limit: 500, ...query });
      expect(res.status).toBe(200);
      return res.body.items.length;
    };
    expect(await count({ from: '2024-06-10', to: '2024-06-20' })).toBe(starts.filter((s) => s.start >= '2024-06-10' && s.start < '2024-06-21').length);
    expect(await count({ channel: 'whatsapp' })).toBe(starts.filter((s) => s.channel === 'whatsapp').length);
    expect(await count({ handoff: 'true' })).toBe(starts.filter((s) => s.handoff).length);
    expect(await count({ handoff: 'false' })).toBe(starts.filter((s) => !s.handoff).length);
    const customer = starts[0].customer;
    expect(await count({ customer })).toBe(starts.filter((s) => s.customer === customer).length);
  });

  it.each([
    ['from=yesterday', /from must be a date/],
    ['to=2024-13-45', /to is not a valid date|to must be a date/],
    ['from=2024-06-20&to=2024-06-01', /from must be before to/],
    ['handoff=maybe', /handoff must be true or false/],
    ['limit=100000', /limit/],
    ["channel=web'%20OR%201=1--&limit=5", null],
    ['cursor=bm90LWEtY3Vyc29y', /cursor is not one this API returned/],
    ['unknown=1', /should not exist/],
  ])('answers %s with a 4xx naming the problem, never a 500', async (query, message) => {
    const res = await http.get(`/api/conversations?${query}`);
    if (message === null) {
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    } else {
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
  });

  it('serves a transcript in order and 404s for an unknown conversation', async () => {
    const list = await http.get('/api/conversations?source=api&limit=1');
    const conv = await http.get(`/api/conversations/${list.body.items[0].id}`);
    expect(conv.status).toBe(200);
    const times = conv.body.messages.map((m: { sentAt: string }) => m.sentAt);
    expect([...times].sort()).toEqual(times);
    expect(conv.body.messages).toHaveLength(conv.body.messageCount);
    expect((await http.get('/api/conversations/0123456789abcdef0123456789abcdef')).status).toBe(404);
    expect((await http.get('/api/conversations/..%2F..%2Fetc')).status).toBe(404);
    expect((await http.get('/api/health')).body).toEqual({ status: 'ok', database: engine, sources: { total: 0, failingCount: 0, failing: [] }, alertChannels: { total: 0, failingCount: 0, failing: [] } });
  });

  it('answers a repeated aggregate read from the cache, and afresh once the data changed', async () => {
    const cache = app.get(ReadCache);
    await app.get(AnalysisService).schedule();
    const first = await http.get('/api/metrics/overview?source=api&channel=web');
    const hits = cache.hits;
    const again = await http.get('/api/metrics/overview?channel=web&source=api');
    expect(cache.hits).toBe(hits + 1);
    expect(again.body).toEqual(first.body);
    const [intent] = (await http.get('/api/intents')).body.items;
    await http.patch(`/api/intents/${intent.id}`).send({ label: 'renamed through the API' });
    expect((await http.get('/api/intents')).body.items.find((i: { id: number }) => i.id === intent.id).label).toBe('renamed through the API');
    const file = path.join(dir, 'more.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 22, conversations: 30, end: Date.UTC(2024, 6, 1), days: 30 })].map((m) => ({ ...m, conversation_id: `more-${m.conversation_id}`, message_id: `more-${m.message_id}` })));
    await app.get(ImportsService).importPath(file, { source: 'api', analyse: false });
    await app.get(AnalysisService).schedule();
    const after = await http.get('/api/metrics/overview?source=api&channel=web');
    expect(after.body.conversations).toBeGreaterThan(first.body.conversations);
  });
});
