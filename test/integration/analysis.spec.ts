import { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { asksForHuman } from '../../analytics/src';
import { scriptOf } from '../../analytics/src/text/tokenize';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { ModelsService } from '../../server/src/modules/models/models.service';
import { generateSample, SampleMessage } from '../../server/src/modules/sample/sample.generator';
import { client, Client } from '../support/access';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';
import { writeTinyBert } from '../support/tiny-bert';

const END = Date.UTC(2024, 6, 1);

function sample(seed: number, conversations: number, prefix: string): SampleMessage[] {
  return [...generateSample({ seed, conversations, end: END, days: 20 })].map((m) => ({ ...m, conversation_id: `${prefix}-${m.conversation_id}`, message_id: `${prefix}-${m.message_id}` }));
}

describe.each(ENGINES)('analysis on %s (lexical engine)', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Client;
  let analysis: AnalysisService;
  let imports: ImportsService;
  let ds: DataSource;
  let dir: string;

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
    http = await client(app);
    analysis = app.get(AnalysisService);
    imports = app.get(ImportsService);
    ds = app.get(DataSource);
    dir = mkdtempSync(path.join(tmpdir(), 'seam-analysis-'));
    const file = path.join(dir, 'first.jsonl');
    writers.jsonl(file, sample(31, 400, 'a'));
    await imports.importPath(file, { source: 'web' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const count = async (sql: string) => Number((await ds.query(sql))[0].n);

  it('gives every customer message a sentiment and an intent, and says which engines did it', async () => {
    const run = await analysis.schedule();
    expect(run).toMatchObject({ status: 'completed', embeddingEngine: 'lexical', sentimentEngine: 'lexicon', reclustered: true });
    const customers = await count("SELECT COUNT(*) AS n FROM messages WHERE role = 'customer'");
    expect(run.messagesAnalysed).toBe(customers);
    // Every customer message has a sentiment and either an intent or, when it is small talk, a conversation act.
    expect(await count('SELECT COUNT(*) AS n FROM message_analysis WHERE (intent_id IS NOT NULL OR act IS NOT NULL) AND sentiment BETWEEN -1 AND 1')).toBe(customers);
    expect(await count('SELECT COUNT(*) AS n FROM message_analysis WHERE intent_id IS NOT NULL AND act IS NOT NULL')).toBe(0);
    const acts: { text: string; act: string }[] = await ds.query('SELECT m.text, a.act FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE a.act IS NOT NULL');
    expect(acts.length).toBeGreaterThan(0);
    expect(acts.length).toBeLessThan(customers / 2);
    for (const a of acts) expect(a.text.split(/\s+/).length).toBeLessThan(15);
    expect(run.intents).toBeGreaterThan(4);
    // Semantic signals come only from a transformer model; the detectors use phrase lists and word overlap here.
    expect(await count('SELECT COUNT(*) AS n FROM message_analysis WHERE human_similarity IS NOT NULL OR semantic_space_id IS NOT NULL')).toBe(0);

    const res = await http.get('/api/intents');
    expect(res.status).toBe(200);
    expect(res.body.engine).toMatchObject({ embedding: 'lexical', sentiment: 'lexicon' });
    const items = res.body.items;
    expect(items.reduce((s: number, i: { share: number }) => s + i.share, 0)).toBeCloseTo(1, 5);
    for (const i of items) {
      expect(i.keywords.length).toBeGreaterThan(0);
      expect(i.examples.length).toBeGreaterThan(0);
      expect(i.trend.length).toBeGreaterThan(0);
    }
    const map = await http.get('/api/intents/map?limit=500');
    expect(map.body.points.length).toBeGreaterThan(10);
    expect(map.body.points.every((p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
  });

  it('separates what customers write about: refunds and lost cards do not share an intent', async () => {
    // The sample words each request many ways: the intent most of a request's wordings have.
    const intentOf = async (like: string) =>
      (await ds.query(`SELECT a.intent_id AS i, COUNT(*) AS n FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE LOWER(m.text) LIKE '${like}' AND a.intent_id IS NOT NULL GROUP BY a.intent_id ORDER BY n DESC LIMIT 1`))[0].i;
    expect(await intentOf('%where is my refund%')).not.toBe(await intentOf('%i lost my card%'));
  });

  it('discovers what customers write in Chinese apart from what they write in English', async () => {
    const rows: { i: number; text: string }[] = await ds.query(
      "SELECT a.intent_id AS i, m.text AS text FROM message_analysis a JOIN messages m ON m.id = a.message_id JOIN intents n ON n.id = a.intent_id WHERE n.origin = 'discovered'",
    );
    const scripts = new Map<number, Set<string>>();
    for (const r of rows) if (scriptOf(r.text) !== 'none') scripts.set(Number(r.i), (scripts.get(Number(r.i)) ?? new Set()).add(scriptOf(r.text)));
    const all = new Set([...scripts.values()].flatMap((s) => [...s]));
    expect(all).toEqual(new Set(['latin', 'han']));
    for (const s of scripts.values()) expect(s.size).toBe(1);
  });

  it('shows sentiment per customer message and the mood of the conversation in the transcript', async () => {
    const [{ id }] = await ds.query("SELECT c.id FROM conversations c WHERE c.customer_turns >= 3 ORDER BY c.id LIMIT 1");
    const res = await http.get(`/api/conversations/${id}`);
    const customerMessages = res.body.messages.filter((m: { role: string }) => m.role === 'customer');
    expect(customerMessages.every((m: { analysis: { sentiment: number; engine: string } }) => typeof m.analysis.sentiment === 'number' && m.analysis.engine === 'lexicon')).toBe(true);
    expect(res.body.messages.filter((m: { role: string }) => m.role !== 'customer').every((m: { analysis: unknown }) => m.analysis === null)).toBe(true);
    const scores = customerMessages.map((m: { analysis: { sentiment: number } }) => m.analysis.sentiment);
    expect(res.body.analysis.start).toBeCloseTo(scores[0]);
    expect(res.body.analysis.end).toBeCloseTo(scores[scores.length - 1]);
    expect(res.body.analysis.min).toBeCloseTo(Math.min(...scores));
    expect(res.body.analysis.intentId).toBe(customerMessages[0].analysis.intentId);
  });

  it('embeds nothing twice: a second run finds every vector in the cache', async () => {
    const run = await analysis.schedule();
    expect(run).toMatchObject({ messagesAnalysed: 0, textsEmbedded: 0, reclustered: false });
    expect(run.cacheHits).toBeGreaterThan(0);
  });

  it('adds a later import to the intents there are, keeping every earlier assignment and a renamed label', async () => {
    const before: { message_id: string; intent_id: number }[] = await ds.query('SELECT message_id, intent_id FROM message_analysis ORDER BY message_id');
    const { body } = await http.get('/api/intents');
    const top = body.items[0];
    const renamed = await http.patch(`/api/intents/${top.id}`).send({ label: 'Refund questions' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ label: 'Refund questions', renamed: true });

    const file = path.join(dir, 'second.jsonl');
    writers.jsonl(file, sample(32, 60, 'b'));
    await imports.importPath(file, { source: 'web' });
    const run = await analysis.schedule();
    expect(run.reclustered).toBe(false);
    expect(run.messagesAnalysed).toBeGreaterThan(0);
    expect(run.cacheHits).toBeGreaterThan(0);
    const after: { message_id: string; intent_id: number }[] = await ds.query('SELECT message_id, intent_id FROM message_analysis ORDER BY message_id');
    const afterMap = new Map(after.map((r) => [r.message_id, Number(r.intent_id)]));
    expect(before.filter((r) => afterMap.get(r.message_id) !== Number(r.intent_id)).slice(0, 5)).toEqual([]);
    expect(await count('SELECT COUNT(*) AS n FROM message_analysis WHERE (intent_id IS NULL) = (act IS NULL)')).toBe(0);

    const reclustered = await analysis.schedule({ recluster: true });
    expect(reclustered.reclustered).toBe(true);
    const again = await http.get(`/api/intents/${top.id}`);
    expect(again.body.label).toBe('Refund questions');
  });

  it('merges an intent into another for good, and splits one in two', async () => {
    const { body } = await http.get('/api/intents');
    // Two candidates that open conversations (an intent of later messages only has no conversation metrics; Unclear is not split).
    const [a, b] = (body.items as { id: number; conversations: number; origin: string }[]).filter((i) => i.conversations > 0 && i.origin === 'discovered');
    type IntentMetrics = { intentId: number | null; conversations: number };
    const byIntent = async () => new Map(((await http.get('/api/metrics/by-intent')).body.items as IntentMetrics[]).map((i) => [i.intentId, i.conversations]));
    const before = await byIntent();
    expect(before.get(b.id)).toBeGreaterThan(0);
    const merged = await http.post(`/api/intents/${b.id}/merge`).send({ into: a.id });
    expect(merged.status).toBe(200);
    expect(await count(`SELECT COUNT(*) AS n FROM message_analysis WHERE intent_id = ${b.id}`)).toBe(0);
    // The dashboard's numbers by intent follow at once: b's conversations are a's now.
    const after = await byIntent();
    expect(after.has(b.id)).toBe(false);
    expect(after.get(a.id)).toBe(before.get(a.id)! + before.get(b.id)!);
    await analysis.schedule();
    expect(await count(`SELECT COUNT(*) AS n FROM message_analysis WHERE intent_id = ${b.id}`)).toBe(0);
    expect((await http.get(`/api/intents/${b.id}`)).body).toMatchObject({ status: 'merged', mergedInto: a.id });

    const beforeSplit = await byIntent();
    const split = await http.post(`/api/intents/${a.id}/split`);
    expect(split.status).toBe(200);
    expect(await count(`SELECT COUNT(*) AS n FROM message_analysis WHERE intent_id = ${split.body.created}`)).toBeGreaterThan(0);
    expect(await count(`SELECT COUNT(*) AS n FROM message_analysis WHERE intent_id = ${a.id}`)).toBeGreaterThan(0);
    const afterSplit = await byIntent();
    expect(afterSplit.get(split.body.created)).toBeGreaterThan(0);
    expect(afterSplit.get(a.id)! + afterSplit.get(split.body.created)!).toBe(beforeSplit.get(a.id));

    expect((await http.post(`/api/intents/${a.id}/merge`).send({ into: a.id })).status).toBe(400);
    expect((await http.post('/api/intents/99999/split')).status).toBe(404);
    expect((await http.get('/api/intents?from=2024-06-20&to=2024-06-01')).status).toBe(400);
  });
});

describe.each(ENGINES)('analysis on %s when customers begin writing in a language the lexical space never saw', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('fits the space again, and discovers the new language\'s requests apart, keeping the names given before', async () => {
    const analysis = app.get(AnalysisService);
    const imports = app.get(ImportsService);
    const ds = app.get(DataSource);
    const http = await client(app);
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-languages-'));
    const messages = sample(41, 500, 'l');
    const chinese = new Set(messages.filter((m) => scriptOf(m.text) === 'han').map((m) => m.conversation_id));
    const write = (name: string, zh: boolean) => {
      const file = path.join(dir, name);
      writers.jsonl(file, messages.filter((m) => chinese.has(m.conversation_id) === zh));
      return file;
    };
    await imports.importPath(write('english.jsonl', false), { source: 'web' });
    const first = await analysis.schedule();
    const [{ id: englishSpace }] = await ds.query("SELECT MAX(id) AS id FROM embedding_spaces WHERE engine = 'lexical'");
    const { body } = await http.get('/api/intents');
    const named = body.items.find((i: { origin: string }) => i.origin === 'discovered');
    expect((await http.patch(`/api/intents/${named.id}`).send({ label: 'Asked in English' })).status).toBe(200);

    await imports.importPath(write('chinese.jsonl', true), { source: 'web' });
    const second = await analysis.schedule();
    const [{ id: space }] = await ds.query("SELECT MAX(id) AS id FROM embedding_spaces WHERE engine = 'lexical'");
    expect(Number(space)).toBeGreaterThan(Number(englishSpace));
    expect(second.textsEmbedded).toBeGreaterThan(first.textsEmbedded);
    const rows: { i: number; text: string }[] = await ds.query(
      "SELECT a.intent_id AS i, m.text AS text FROM message_analysis a JOIN messages m ON m.id = a.message_id JOIN intents n ON n.id = a.intent_id WHERE n.origin = 'discovered'",
    );
    const han = new Set(rows.filter((r) => scriptOf(r.text) === 'han').map((r) => Number(r.i)));
    const latin = new Set(rows.filter((r) => scriptOf(r.text) === 'latin').map((r) => Number(r.i)));
    expect(han.size).toBeGreaterThanOrEqual(2);
    expect([...han].filter((i) => latin.has(i))).toEqual([]);
    expect((await http.get(`/api/intents/${named.id}`)).body.label).toBe('Asked in English');
  });
});

describe.each(ENGINES)('analysis on %s of dialogues: what conversations open with decides the intents', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('discovers the requests conversations open with; the answers inside them go where their conversations do', async () => {
    // Sixty dialogues of two requests, each worded many ways, the customer then answering the bot's question
    // ("Savings.", "In Seattle."): answers alike each other and like no request, which clustered with the openers
    // made candidates of their own.
    const balance = ['check my balance', 'what is my account balance', 'how much money is in my account', 'show my balance please', 'balance of my account', 'i want to know my balance'];
    const events = ['find me something fun to do', 'any concerts this weekend', 'looking for events near me', 'find sports events to go to', 'something interesting to do tonight', 'find me a music event'];
    const answers = { balance: ['Savings.', 'Checking.', 'My savings one.', 'The checking one'], events: ['In Seattle.', 'Around New York.', 'In Chicago', 'Near Boston.'] };
    const at = Date.UTC(2024, 5, 1);
    const lines = Array.from({ length: 60 }, (_, c) => {
      const topic = c % 2 === 0 ? 'balance' : 'events';
      const opener = (topic === 'balance' ? balance : events)[Math.floor(c / 2) % 6];
      const turns: [SampleMessage['role'], string][] = [['customer', 'hi'], ['customer', `${opener} ${['', 'please', 'now', 'today'][c % 4]}`.trim()], ['bot', 'Which one?'], ['customer', answers[topic][c % 4]], ['customer', 'thanks']];
      return turns.map(([role, text], i) => ({ conversation_id: `d${c}`, message_id: `d${c}-${i}`, timestamp: new Date(at + c * 3_600_000 + i * 60_000).toISOString(), role, text, customer_id: `u${c}`, channel: 'web' }));
    }).flat();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-dialogues-')), 'dialogues.jsonl');
    writers.jsonl(file, lines as SampleMessage[]);
    await app.get(ImportsService).importPath(file, { source: 'web' });
    await app.get(AnalysisService).schedule();
    const ds = app.get(DataSource);
    const rows: { conversation: string; text: string; intent: number | null; origin: string | null; label: string | null }[] = await ds.query(
      `SELECT c.external_id AS "conversation", m.text AS "text", a.intent_id AS "intent", n.origin AS "origin", n.label AS "label"
       FROM message_analysis a JOIN messages m ON m.id = a.message_id JOIN conversations c ON c.id = m.conversation_id LEFT JOIN intents n ON n.id = a.intent_id`,
    );
    const intentOf = (texts: string[]) => new Set(rows.filter((r) => texts.some((t) => r.text.startsWith(t))).map((r) => r.intent));
    const [balanceIntents, eventIntents] = [intentOf(balance), intentOf(events)];
    expect([...balanceIntents].filter((i) => eventIntents.has(i))).toEqual([]);
    // Every answer is in an intent its conversation's request is in, none in Unclear, none an intent of answers only.
    for (const [topic, own] of [['balance', balanceIntents], ['events', eventIntents]] as const) {
      for (const r of rows.filter((x) => answers[topic].includes(x.text))) {
        expect(r.origin).toBe('discovered');
        expect(own.has(r.intent)).toBe(true);
      }
    }
    // Their labels and examples are the requests, not the answers.
    const intents: { label: string; examples: string }[] = await ds.query(`SELECT label, examples FROM intents WHERE origin = 'discovered' AND status = 'active'`);
    for (const i of intents) for (const e of [i.label, ...JSON.parse(i.examples)]) expect([...answers.balance, ...answers.events]).not.toContain(e);
  });
});

describe.each(ENGINES)('analysis on %s with local transformer models (tiny ONNX models made by the test)', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let modelsDir: string;
  let hub: Server;

  beforeAll(async () => {
    const source = mkdtempSync(path.join(tmpdir(), 'seam-hub-'));
    writeTinyBert(path.join(source, 'seam-test', 'tiny-encoder'), { kind: 'encoder' });
    writeTinyBert(path.join(source, 'seam-test', 'tiny-sentiment'), { kind: 'classifier' });
    // A stand-in for the model hub on loopback: /<org>/<name>/resolve/main/<file>.
    hub = createServer(async (req, res) => {
      const m = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      try {
        if (!m) throw new Error('no');
        res.end(await readFile(path.join(source, m[1], m[2])));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const port = (hub.address() as { port: number }).port;
    modelsDir = mkdtempSync(path.join(tmpdir(), 'seam-models-'));
    db = await freshDatabase(engine, {
      SEAM_ANALYSE_AFTER_IMPORT: 'false',
      SEAM_MODELS_DIR: modelsDir,
      SEAM_EMBEDDING_MODEL: 'seam-test/tiny-encoder',
      SEAM_SENTIMENT_MODEL: 'seam-test/tiny-sentiment',
      SEAM_HUB_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    const models = new ModelsService(db.config);
    expect(await models.list()).toEqual([]);
    await models.pull('seam-test/tiny-encoder');
    await models.importFolder(path.join(source, 'seam-test', 'tiny-sentiment'), 'seam-test/tiny-sentiment');
    app = await createApp(db.config, false);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    hub?.close();
  });

  it('installs models by pull and by folder, and lists them with their task', async () => {
    const list = await new ModelsService(db.config).list();
    expect(list.map((m) => [m.id, m.task, m.dtype])).toEqual([
      ['seam-test/tiny-encoder', 'embedding', 'fp32'],
      ['seam-test/tiny-sentiment', 'sentiment', 'fp32'],
    ]);
    await expect(new ModelsService(db.config).pull('seam-test/not-there')).rejects.toThrow(/404/);
  });

  it('runs the real transformers.js path: vectors of the model, sentiment of the classifier', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-tx-'));
    const file = path.join(dir, 'chat.jsonl');
    const t = (i: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, i)).toISOString();
    const lines = [
      ['c1', 'my card has not arrived'], ['c1', 'this is great thanks'],
      ['c2', 'where is my refund'], ['c2', 'terrible useless bot'],
      ['c3', 'my card delivery is late'], ['c4', 'i want my money back refund'],
      ['c5', 'reset my password please'], ['c6', 'locked out of my account login'],
    ].map(([c, text], i) => ({ conversation_id: c, message_id: `${c}-${i}`, timestamp: t(i), role: 'customer', text, customer_id: c, channel: 'web' }));
    writers.jsonl(file, lines as SampleMessage[]);
    await app.get(ImportsService).importPath(file, { source: 'tx' });
    const run = await app.get(AnalysisService).schedule();
    expect(run).toMatchObject({ status: 'completed', embeddingEngine: 'transformer', embeddingModel: 'seam-test/tiny-encoder', sentimentEngine: 'transformer' });
    const ds = app.get(DataSource);
    const [{ dims }] = await ds.query("SELECT dims FROM embedding_spaces WHERE engine = 'transformer'");
    expect(Number(dims)).toBe(16);
    const sentiment = async (text: string) => (await ds.query(`SELECT a.sentiment AS s FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE m.text = '${text}'`))[0].s;
    expect(await sentiment('this is great thanks')).toBeGreaterThan(0.3);
    expect(await sentiment('terrible useless bot')).toBeLessThan(-0.3);
    const res = await (await client(app)).get('/api/intents');
    expect(res.body.engine).toMatchObject({ embedding: 'transformer', embeddingModel: 'seam-test/tiny-encoder', sentiment: 'transformer' });
  });

  it('hears a request for a person and a question asked again in words no phrase list or word overlap catches', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-tx-'));
    const file = path.join(dir, 'semantic.jsonl');
    const t = (i: number) => new Date(Date.UTC(2024, 4, 2, 10, 0, i)).toISOString();
    const lines = [
      ['s1', 'customer', 'my card has not arrived'], ['s1', 'bot', 'Sorry, I did not get that.'], ['s1', 'customer', 'someone real please'],
      ['s2', 'customer', 'i want my refund back'], ['s2', 'bot', 'Refunds take 5 days.'], ['s2', 'customer', 'where is my money returned'],
    ].map(([c, role, text], i) => ({ conversation_id: c, message_id: `${c}-${i}`, timestamp: t(i), role, text, customer_id: c, channel: 'web' }));
    expect(asksForHuman('someone real please')).toBe(false);
    writers.jsonl(file, lines as SampleMessage[]);
    await app.get(ImportsService).importPath(file, { source: 'semantic' });
    await app.get(AnalysisService).schedule();
    const ds = app.get(DataSource);
    const param = engine === 'postgres' ? '$1' : '?';
    const signal = async (id: string) =>
      (
        await ds.query(
          `SELECT a.human_similarity AS "human", a.repeat_similarity AS "repeat", r.external_id AS "repeatOf", a.semantic_space_id AS "space"
           FROM message_analysis a JOIN messages m ON m.id = a.message_id LEFT JOIN messages r ON r.id = a.repeat_of
           WHERE m.external_id = ${param}`,
          [id],
        )
      )[0];
    const [{ id: space }] = await ds.query("SELECT id FROM embedding_spaces WHERE engine = 'transformer'");
    expect(await signal('s1-2')).toMatchObject({ human: expect.any(Number), space });
    expect((await signal('s1-2')).human).toBeGreaterThanOrEqual(0.75);
    expect((await signal('s1-0')).human).toBeLessThan(0.75);
    expect(await signal('s2-5')).toMatchObject({ repeatOf: 's2-3' });
    expect((await signal('s2-5')).repeat).toBeGreaterThanOrEqual(0.85);
    const reasons = async (conversation: string) =>
      (await ds.query(`SELECT f.reason FROM flags f JOIN conversations c ON c.id = f.conversation_id WHERE c.external_id = ${param} ORDER BY f.reason`, [conversation])).map(
        (r: { reason: string }) => r.reason,
      );
    expect(await reasons('s1')).toContain('asked_for_human');
    expect(await reasons('s2')).toContain('repeated_question');
  });
});
