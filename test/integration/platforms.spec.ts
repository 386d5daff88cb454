import { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { stableId } from '../../server/src/database/ids';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { HooksService } from '../../server/src/modules/hooks/hooks.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { client, Client } from '../support/access';
import { ENGINES, freshDatabase, PG_ADMIN_URL, TestDatabase } from '../support/engines';

/**
 * Each platform's export, as its documentation describes it (test/fixtures/platforms; the doc or schema each follows
 * is named per case), imported without naming the format.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/platforms');
const DATA = path.resolve(__dirname, '../../../shared/data');
const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');

interface Row {
  external_id: string;
  role: string;
  text: string;
  event: string | null;
  event_value: number | null;
  bot_intent: string | null;
  bot_confidence: number | null;
}

interface Facts {
  had_handoff: number;
  bot_fallbacks: number;
  resolved: number;
  csat: number | null;
}

/** Temporary PostgreSQL database with a platform's own tables, dropped afterwards. */
async function platformDatabase(label: string): Promise<{ url: string; pg: PgClient; drop: () => Promise<void> }> {
  const name = `${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new PgClient({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const pg = new PgClient({ connectionString: url.toString() });
  await pg.connect();
  return {
    url: url.toString(),
    pg,
    drop: async () => {
      await pg.end();
      const a = new PgClient({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Rasa's SQLTrackerStore table (rasa/core/tracker_store.py, SQLEvent) and the row save() writes for an event. */
const RASA_EVENTS_TABLE = `CREATE TABLE events (id INTEGER PRIMARY KEY {auto}, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
  timestamp DOUBLE PRECISION, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)`;
function rasaRows(trackers: { sender_id: string; events: Record<string, unknown>[] }[]) {
  return trackers.flatMap((t) =>
    t.events.map((e) => [t.sender_id, e.event, e.timestamp, (e.parse_data as { intent?: { name?: string } } | undefined)?.intent?.name ?? null, e.event === 'action' ? e.name : null, JSON.stringify(e)]),
  );
}

describe.each(ENGINES)('platform connectors on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let imports: ImportsService;
  let ds: DataSource;
  let http: Client;
  let dir: string;

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
    imports = app.get(ImportsService);
    ds = app.get(DataSource);
    http = await client(app, 'admin');
    dir = mkdtempSync(path.join(tmpdir(), 'seam-platforms-'));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const messages = async (source: string, conversation: string): Promise<Row[]> =>
    (
      await ds.query(
        `SELECT external_id, role, text, event, event_value, bot_intent, bot_confidence FROM messages WHERE conversation_id = ${engine === 'postgres' ? '$1' : '?'} ORDER BY sent_at, seq`,
        [stableId(source, conversation)],
      )
    ).map((r: Row) => ({ ...r, event_value: r.event_value === null ? null : Number(r.event_value), bot_confidence: r.bot_confidence === null ? null : Number(r.bot_confidence) }));
  const facts = async (source: string, conversation: string): Promise<Facts> => {
    const [r] = await ds.query(`SELECT had_handoff, bot_fallbacks, resolved, csat FROM conversations WHERE id = ${engine === 'postgres' ? '$1' : '?'}`, [stableId(source, conversation)]);
    return { had_handoff: Number(r.had_handoff), bot_fallbacks: Number(r.bot_fallbacks), resolved: Number(r.resolved), csat: r.csat === null ? null : Number(r.csat) };
  };
  const importFixture = async (name: string, source: string, format?: string) => {
    const [run] = await imports.importPath(path.join(FIXTURES, name), { source, format });
    return run;
  };

  // Rasa's tracker (GET /conversations/{id}/tracker, rasa/shared/core/trackers.py current_state; events as in rasa/shared/core/events.py).
  it('Rasa trackers: sessions are conversations, the bot\'s intent and confidence per customer message, fallback and handoff', async () => {
    const run = await importFixture('rasa-trackers.json', 'rasa-t');
    expect(run).toMatchObject({ status: 'completed', format: 'rasa', messagesInserted: 16, rejectedCount: 0 });
    const first = await messages('rasa-t', 'c7f1e2a9/2024-03-01T10:00:00.124Z');
    expect(first.filter((m) => m.role === 'customer').map((m) => [m.text, m.bot_intent, m.bot_confidence && Math.round(m.bot_confidence * 1000) / 1000])).toEqual([
      ['hi', 'greet', 0.998],
      ['how much money is left on my card', 'check_balance', 0.934],
      ['the app keeps logging me out since the update', 'nlu_fallback', 0.31],
      ['let me talk to a real person please', 'human_handoff', 0.88],
    ]);
    expect(first.find((m) => m.event === 'bot_fallback')).toMatchObject({ role: 'bot', text: "Sorry, I didn't get that. Could you rephrase?" });
    expect(await facts('rasa-t', 'c7f1e2a9/2024-03-01T10:00:00.124Z')).toMatchObject({ had_handoff: 1, bot_fallbacks: 1 });
    // The second session of the same sender is a conversation of its own, of the same customer.
    expect((await messages('rasa-t', 'c7f1e2a9/2024-03-03T10:00:00.124Z')).map((m) => m.role)).toEqual(['customer', 'bot']);
    expect(await facts('rasa-t', '0b3d55e1/2024-03-01T11:00:00.124Z')).toMatchObject({ had_handoff: 0, bot_fallbacks: 0 });
    // The transcript shows the bot's reading of each customer message.
    const res = await http.get(`/api/conversations/${stableId('rasa-t', '0b3d55e1/2024-03-01T11:00:00.124Z')}`);
    expect(res.body.messages.filter((m: { role: string }) => m.role === 'customer').map((m: { botIntent: string; botConfidence: number }) => [m.botIntent, Math.round(m.botConfidence * 1000) / 1000])).toEqual([
      ['check_balance', 0.972],
      ['order_card', 0.62],
      ['affirm', 1],
    ]);
    expect((await importFixture('rasa-trackers.json', 'rasa-t')).messagesInserted).toBe(0);
  });

  // Dialogflow CX interaction logging to BigQuery (cloud.google.com/dialogflow/cx/docs/concept/export-bq), JSON Lines and CSV.
  it.each(['dialogflow-cx-interactions.jsonl', 'dialogflow-cx-interactions.csv'])('Dialogflow CX BigQuery export (%s): matched intents, NO_MATCH fallbacks, live agent handoff, success', async (file) => {
    const source = `dfcx-${path.extname(file).slice(1)}`;
    expect(await importFixture(file, source)).toMatchObject({ status: 'completed', format: 'dialogflow-cx', messagesInserted: 14, rejectedCount: 0 });
    const turns = await messages(source, '2d3f-77aa');
    expect(turns.filter((m) => m.role === 'customer').map((m) => [m.text, m.bot_intent, m.bot_confidence && Math.round(m.bot_confidence * 100) / 100])).toEqual([
      ['where is my refund for order 4471', 'refund.status', 0.91],
      ['it has been three weeks!!', null, null],
      ['agent please', 'live_agent', 0.87],
    ]);
    expect(await facts(source, '2d3f-77aa')).toMatchObject({ had_handoff: 1, bot_fallbacks: 1 });
    expect(await facts(source, '9c01-bb12')).toMatchObject({ had_handoff: 0, resolved: 1 });
  });

  // Lex V2 conversation logs (docs.aws.amazon.com/lexv2/latest/dg/conversation-logs-cw.html), as JSON Lines and as CloudWatch's export.
  it.each(['lex-conversation-logs.jsonl', 'lex-cloudwatch-export.txt'])('Amazon Lex V2 conversation logs (%s)', async (file) => {
    const source = `lex-${path.extname(file).slice(1)}`;
    expect(await importFixture(file, source)).toMatchObject({ status: 'completed', format: 'lex', messagesInserted: 11, rejectedCount: 0 });
    const turns = await messages(source, '455980081820937');
    expect(turns.filter((m) => m.role === 'customer').map((m) => [m.bot_intent, m.bot_confidence])).toEqual([
      ['ChangeAddress', expect.closeTo(0.93, 5)],
      ['ChangeAddress', 1],
      [null, null],
      ['TransferToAgent', expect.closeTo(0.81, 5)],
    ]);
    expect(await facts(source, '455980081820937')).toMatchObject({ had_handoff: 1, bot_fallbacks: 1 });
  });

  // Contact Lens output files (docs.aws.amazon.com/connect/latest/adminguide/contact-lens-example-output-files.html, …-chat).
  it('Amazon Connect Contact Lens: voice turns timed from the file name, chat with its bot, the agent joining as handoff', async () => {
    const voice = '58805c4e-30c9-416e-b1cd-cb216a5b72d8_analysis_2024-03-04T21_14_16Z.json';
    expect(await importFixture(voice, 'connect')).toMatchObject({ status: 'completed', format: 'connect', messagesInserted: 4, rejectedCount: 0 });
    const call = await messages('connect', '58805c4e-30c9-416e-b1cd-cb216a5b72d8');
    expect(call.map((m) => m.role)).toEqual(['agent', 'customer', 'agent', 'customer']);
    const [started] = await ds.query(`SELECT started_at FROM conversations WHERE id = ${engine === 'postgres' ? '$1' : '?'}`, [stableId('connect', '58805c4e-30c9-416e-b1cd-cb216a5b72d8')]);
    expect(new Date(Number(started.started_at)).toISOString()).toBe('2024-03-04T21:14:17.200Z');
    const chat = 'b49644f6-672f-445c-b209-f76b36482830_analysis_2024-03-05T03_33_40Z.json';
    expect(await importFixture(chat, 'connect')).toMatchObject({ messagesInserted: 6, rejectedCount: 0 });
    expect((await messages('connect', 'b49644f6-672f-445c-b209-f76b36482830')).map((m) => m.role)).toEqual(['bot', 'customer', 'bot', 'system', 'agent', 'customer']);
    expect(await facts('connect', 'b49644f6-672f-445c-b209-f76b36482830')).toMatchObject({ had_handoff: 1 });
  });

  // Intercom's conversation model (intercom/Intercom-OpenAPI, descriptions/2.11: conversation, conversation_part).
  it('Intercom conversations: Fin as the bot, notes never imported, assignment to a teammate, close, rating', async () => {
    expect(await importFixture('intercom-conversations.json', 'intercom')).toMatchObject({ status: 'completed', format: 'intercom', messagesInserted: 12, rejectedCount: 0 });
    const c = await messages('intercom', '1295');
    expect(c.map((m) => m.role)).toEqual(['customer', 'bot', 'customer', 'agent', 'system', 'agent', 'system', 'system']);
    expect(c.some((m) => m.text.includes('legacy plan'))).toBe(false);
    expect(c[1].text).toBe('You can change the VAT number under Settings > Billing.');
    expect(await facts('intercom', '1295')).toEqual({ had_handoff: 1, bot_fallbacks: 0, resolved: 1, csat: 4 });
    expect(await facts('intercom', '1301')).toMatchObject({ had_handoff: 0, resolved: 1 });
  });

  // Zendesk: incremental ticket export with include=users and each ticket's comments; ticket events with comment_events; Sunshine messages.
  it('Zendesk tickets, ticket events and Sunshine Conversations: public comments only, roles from users, bots, solved and CSAT', async () => {
    expect(await importFixture('zendesk-tickets.json', 'zendesk')).toMatchObject({ status: 'completed', format: 'zendesk', messagesInserted: 8, rejectedCount: 0 });
    const t = await messages('zendesk', '35436');
    expect(t.map((m) => m.role)).toEqual(['customer', 'bot', 'customer', 'agent', 'system', 'system']);
    expect(t.some((m) => m.text.includes('Stripe'))).toBe(false);
    expect(await facts('zendesk', '35436')).toEqual({ had_handoff: 1, bot_fallbacks: 0, resolved: 1, csat: 5 });
    expect((await messages('zendesk', '35440')).map((m) => m.role)).toEqual(['customer', 'bot']);
    expect(await importFixture('zendesk-ticket-events.json', 'zendesk')).toMatchObject({ format: 'zendesk', messagesInserted: 3, rejectedCount: 0 });
    expect(await facts('zendesk', '35500')).toMatchObject({ resolved: 1 });
    expect(await importFixture('sunshine-messages.json', 'sunshine')).toMatchObject({ format: 'zendesk', messagesInserted: 4, rejectedCount: 0 });
    expect((await messages('sunshine', '6d4b9c1e2f3a4b5c6d7e8f90')).map((m) => m.role)).toEqual(['customer', 'bot', 'customer', 'agent']);
    expect(await facts('sunshine', '6d4b9c1e2f3a4b5c6d7e8f90')).toMatchObject({ had_handoff: 1 });
  });

  // JDDC's chat log (its readme: session_id, customer_id, waiter_send, is_transfer, is_repeat, sku, content) and the real dev file.
  it('JDDC: the chat log with transfers, and the dev sessions with 用户发起转人工', async () => {
    expect(await importFixture('jddc-chat.txt', 'jddc')).toMatchObject({ status: 'completed', format: 'jddc', messagesInserted: 8, rejectedCount: 0 });
    expect(await facts('jddc', '0004a9ab1fd2d6f0a6ef28a6c3a7e8a1')).toMatchObject({ had_handoff: 1 });
    expect((await messages('jddc', '00029c51f92e8f34250d6af329c9a8df'))[2].text).toBe('[订单x] 这个订单什么时候到');
    const [run] = await imports.importPath(path.join(DATA, 'jddc-dev/dev_question.txt'), { source: 'jddc-dev' });
    expect(run).toMatchObject({ status: 'completed', format: 'jddc', rejectedCount: 0 });
    const sessions = readFileSync(path.join(DATA, 'jddc-dev/dev_question.txt'), 'utf8').split('</session');
    const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM conversations WHERE source = 'jddc-dev' AND had_handoff = 1`);
    expect(Number(n)).toBe(sessions.filter((s) => s.includes('用户发起转人工')).length);
  });

  it.each([
    ['rasa', '{"sender_id":"s1","events":[{"event":"user","timestamp":"yesterday","text":"hi"},{"event":"user","timestamp":1709287200.5,"text":"hello"}]}\n{"events":[]}\n', [['timestamp', /unparseable timestamp/], ['sender_id', /missing sender_id/]]],
    ['dialogflow-cx', '{"turn_position":1,"request_time":"2024-05-01 10:00:00 UTC"}\n{"conversation_name":"projects/p/locations/l/agents/a/sessions/s","turn_position":1,"request_time":"2024-05-01 10:00:00 UTC","response":"{oops"}\n{"conversation_name":"projects/p/locations/l/agents/a/sessions/s","turn_position":2,"request_time":"2024-05-01 10:00:05 UTC","request":{"queryInput":{"text":{"text":"hi"}}}}\n', [['conversation_name', /missing/], ['response', /not valid JSON/]]],
    ['lex', '{"inputTranscript":"hi","timestamp":"2024-04-10T09:00:00Z"}\n{"sessionId":"s","inputTranscript":"hi","timestamp":"2024-04-10T09:00:00Z"}\n', [['sessionId', /missing sessionId/]]],
    ['connect', '{"Participants":[],"Transcript":[{"Id":"x","Content":"hello","AbsoluteTime":"2024-03-05T03:31:50Z","ParticipantId":"ghost","Type":"MESSAGE"},{"Id":"y","Content":"hi","AbsoluteTime":"2024-03-05T03:31:51Z","ParticipantRole":"CUSTOMER","Type":"MESSAGE"}]}', [['ParticipantRole', /unknown participant/]]],
    ['intercom', '{"type":"conversation","id":"9","created_at":1714557600,"conversation_parts":{"conversation_parts":[{"id":"1","part_type":"comment","body":"hi","created_at":1714557601,"author":{"type":"alien"}},{"id":"2","part_type":"comment","body":"hello","created_at":1714557602,"author":{"type":"user"}}]}}', [['author.type', /unknown author type/]]],
    ['zendesk', '{"tickets":[{"id":1,"status":"open"},{"id":2,"comments":[{"id":9,"author_id":5,"body":"hi","public":true,"created_at":"2024-02-12T09:00:00Z"}]}]}', [['comments', /without its comments/]]],
    ['chatwoot', '{"kind":"message","message_id":1,"account_id":1,"display_id":2,"message_type":7,"content":"hi","created_at":"2024-05-01T10:00:00Z"}\n{"kind":"message","message_id":2,"account_id":1,"display_id":2,"message_type":0,"content":"hi","created_at":"2024-05-01T10:00:00Z"}\n', [['message_type', /unknown message_type/]]],
    ['jddc', 's1\tu1\t2\t0\t0\tnan\thello\ns1\tu1\t0\t0\t0\tnan\tfine\n', [['waiter_send', /waiter_send must be 0/]]],
  ] as const)('%s: a malformed record is a rejected row naming its place and field; the rest is imported', async (format, content, expected) => {
    const file = path.join(dir, `bad-${format}.txt`);
    writeFileSync(file, content);
    const [run] = await imports.importPath(file, { source: `bad-${format}`, format });
    expect(run.status).toBe('completed');
    expect(run.rejectedCount).toBe(expected.length);
    const res = await http.get(`/api/imports/${run.id}`);
    expect(res.body.rejected.rows.map((r: { field: string; reason: string }) => [r.field, r.reason])).toEqual(expected.map(([field, reason]) => [field, expect.stringMatching(reason)]));
    for (const r of res.body.rejected.rows) expect(r.line).toBeGreaterThan(0);
  });

  it("Rasa's SQL tracker store on PostgreSQL and SQLite: a scheduled source reads new events by id, a session begun in an earlier run keeps its name", async () => {
    const trackers = JSON.parse(readFileSync(path.join(FIXTURES, 'rasa-trackers.json'), 'utf8'));
    const rows = rasaRows(trackers);
    const cut = rows.findIndex((r) => r[0] === 'c7f1e2a9' && r[1] === 'user' && String(r[5]).includes('logging me out'));
    const pg = await platformDatabase('rasa');
    const file = path.join(dir, 'rasa.db');
    const lite = new Database(file);
    try {
      await pg.pg.query(RASA_EVENTS_TABLE.replace('INTEGER PRIMARY KEY {auto}', 'SERIAL PRIMARY KEY'));
      lite.exec(RASA_EVENTS_TABLE.replace(' {auto}', ' AUTOINCREMENT'));
      const insert = async (part: unknown[][]) => {
        for (const r of part) await pg.pg.query('INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) VALUES ($1,$2,$3,$4,$5,$6)', r);
        const stmt = lite.prepare('INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) VALUES (?,?,?,?,?,?)');
        for (const r of part) stmt.run(...r);
      };
      // Rows of both senders are interleaved as a tracker store receives them: sorted by time.
      const ordered = [...rows.slice(0, cut), ...rows.slice(cut)];
      await insert(ordered.slice(0, cut));
      for (const [kind, config] of [
        ['postgres', { url: pg.url, preset: 'rasa' }],
        ['sqlite', { path: file, preset: 'rasa' }],
      ] as const) {
        const created = await http.post('/api/sources').send({ name: `rasa-${kind}`, kind, cron: '*/5 * * * *', config });
        expect(created.status).toBe(201);
        expect(created.body.format).toBe('rasa');
        const first = await http.post(`/api/sources/${created.body.id}/run?wait=true`);
        expect(first.body.attempts[0]).toMatchObject({ status: 'completed', error: null });
      }
      await insert(ordered.slice(cut));
      for (const kind of ['postgres', 'sqlite']) {
        const [{ id }] = (await http.get('/api/sources')).body.items.filter((s: { name: string }) => s.name === `rasa-${kind}`);
        const second = await http.post(`/api/sources/${id}/run?wait=true`);
        expect(second.body.attempts[0]).toMatchObject({ status: 'completed', items: 1 });
        const conversation = await messages(`rasa-${kind}`, 'c7f1e2a9/2024-03-01T10:00:00.124Z');
        expect(conversation.filter((m) => m.role === 'customer').map((m) => m.bot_intent)).toEqual(['greet', 'check_balance', 'nlu_fallback', 'human_handoff']);
        expect(await facts(`rasa-${kind}`, 'c7f1e2a9/2024-03-01T10:00:00.124Z')).toMatchObject({ had_handoff: 1, bot_fallbacks: 1 });
        const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.source = 'rasa-${kind}'`);
        expect(Number(n)).toBe(16);
        const again = await http.post(`/api/sources/${id}/run?wait=true`);
        expect(again.body.attempts[0]).toMatchObject({ items: 0, messagesImported: 0 });
        // A preset source is paused and resumed like any (its query is the preset's, not stored with it).
        expect((await http.patch(`/api/sources/${id}`).send({ enabled: false })).status).toBe(200);
        expect((await http.patch(`/api/sources/${id}`).send({ enabled: true, cron: '0 * * * *' })).body).toMatchObject({ enabled: true, config: { preset: 'rasa' } });
        // The same events from the tracker endpoint are the same messages.
        expect((await imports.importPath(path.join(FIXTURES, 'rasa-trackers.json'), { source: `rasa-${kind}` }))[0].messagesInserted).toBe(0);
      }
    } finally {
      lite.close();
      await pg.drop();
    }
  });

  it("Chatwoot's database as a source and its webhooks: the same message from both is stored once; notes never; wrong tokens refused", async () => {
    const cw = await platformDatabase('chatwoot');
    try {
      // db/schema.rb (chatwoot/chatwoot): the columns Seam reads, with Chatwoot's names and types.
      await cw.pg.query(`
        CREATE TABLE inboxes (id serial PRIMARY KEY, channel_id integer NOT NULL, account_id integer NOT NULL, name varchar NOT NULL, created_at timestamp NOT NULL, updated_at timestamp NOT NULL, channel_type varchar);
        CREATE TABLE contacts (id serial PRIMARY KEY, name varchar DEFAULT '', email varchar, phone_number varchar, account_id integer NOT NULL, created_at timestamp NOT NULL, updated_at timestamp NOT NULL, identifier varchar);
        CREATE TABLE conversations (id serial PRIMARY KEY, account_id integer NOT NULL, inbox_id integer NOT NULL, status integer DEFAULT 0 NOT NULL, assignee_id integer,
          created_at timestamp NOT NULL, updated_at timestamp NOT NULL, contact_id bigint, display_id integer NOT NULL, uuid uuid DEFAULT gen_random_uuid() NOT NULL);
        CREATE TABLE messages (id serial PRIMARY KEY, content text, account_id integer NOT NULL, inbox_id integer NOT NULL, conversation_id integer NOT NULL, message_type integer NOT NULL,
          created_at timestamp NOT NULL, updated_at timestamp NOT NULL, private boolean DEFAULT false NOT NULL, status integer DEFAULT 0, source_id varchar, content_type integer DEFAULT 0 NOT NULL,
          content_attributes json DEFAULT '{}', sender_type varchar, sender_id bigint, external_source_ids jsonb DEFAULT '{}', additional_attributes jsonb DEFAULT '{}');
        CREATE TABLE csat_survey_responses (id bigserial PRIMARY KEY, account_id bigint NOT NULL, conversation_id bigint NOT NULL, message_id bigint NOT NULL UNIQUE, rating integer NOT NULL,
          feedback_message text, contact_id bigint NOT NULL, assigned_agent_id bigint, created_at timestamp NOT NULL, updated_at timestamp NOT NULL);
        INSERT INTO inboxes VALUES (1, 1, 1, 'Acme Support', now(), now(), 'Channel::WebWidget');
        INSERT INTO contacts (id, name, account_id, created_at, updated_at) VALUES (14, 'little-haze-776', 1, now(), now());
        INSERT INTO conversations (id, account_id, inbox_id, status, created_at, updated_at, contact_id, display_id) VALUES (55, 1, 1, 1, '2024-05-01 10:00:00', '2024-05-01 10:05:00', 14, 10);`);
      const message = (id: number, type: number, sender: string | null, senderId: number | null, content: string, at: string, priv = false) =>
        cw.pg.query(`INSERT INTO messages (id, content, account_id, inbox_id, conversation_id, message_type, created_at, updated_at, private, sender_type, sender_id) VALUES ($1,$2,1,1,55,$3,$4,$4,$5,$6,$7)`, [id, content, type, at, priv, sender, senderId]);
      await message(118, 0, 'Contact', 14, 'hi, I need to change my booking', '2024-05-01 10:00:00');
      await message(119, 1, 'AgentBot', 3, "I can help with bookings. What's your booking reference?", '2024-05-01 10:00:02');
      await message(120, 0, 'Contact', 14, "it won't accept my reference", '2024-05-01 10:00:40');
      await message(125, 2, null, null, 'Assigned to John by Jane', '2024-05-01 10:00:50');
      await message(121, 1, 'User', 1, 'check the reference format with the hotel first', '2024-05-01 10:01:00', true);
      await message(122, 1, 'User', 1, "Hi, John here. I've changed the booking for you.", '2024-05-01 10:02:00');
      await message(126, 2, null, null, 'Conversation was marked resolved by John', '2024-05-01 10:03:20');
      await message(127, 3, null, null, 'Please rate the conversation', '2024-05-01 10:03:21');
      await cw.pg.query(`INSERT INTO csat_survey_responses (account_id, conversation_id, message_id, rating, feedback_message, contact_id, created_at, updated_at) VALUES (1, 55, 127, 5, 'great', 14, '2024-05-01 10:04:00', '2024-05-01 10:04:00')`);

      const secret = 'cw0123456789abcdef0123456789';
      const created = await http.post('/api/sources').send({ name: 'chatwoot', kind: 'postgres', cron: '0 * * * *', config: { url: cw.url, preset: 'chatwoot', webhookSecret: secret } });
      expect(created.status).toBe(201);
      expect(created.body.config.webhookSecret).toBe('***');
      const run = await http.post(`/api/sources/${created.body.id}/run?wait=true`);
      expect(run.body.attempts[0]).toMatchObject({ status: 'completed', messagesImported: 8 });
      const stored = await messages('chatwoot', '1:10');
      expect(stored.map((m) => [m.external_id, m.role, m.event])).toEqual([
        ['118', 'customer', null],
        ['119', 'bot', null],
        ['120', 'customer', null],
        ['125', 'system', 'handoff'],
        ['122', 'agent', null],
        ['126', 'system', 'resolved'],
        ['127', 'bot', null],
        ['csat-1', 'system', 'csat'],
      ]);
      expect(await facts('chatwoot', '1:10')).toEqual({ had_handoff: 1, bot_fallbacks: 0, resolved: 1, csat: 5 });

      // The documented webhook payloads: 118–120 are already stored from the database; 121 is a private note.
      const hooks = readFileSync(path.join(FIXTURES, 'chatwoot-webhooks.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const anonymous = request(app.getHttpServer());
      expect((await anonymous.post(`/api/hooks/chatwoot/${created.body.id}?token=wrong-${secret}`).send(hooks[0])).status).toBe(404);
      expect((await anonymous.post(`/api/hooks/chatwoot/${created.body.id}`).send(hooks[0])).status).toBe(404);
      for (const hook of [...hooks, { ...hooks[0], id: 130, content: 'one more thing: breakfast included?', created_at: '2024-05-01T10:06:00.000Z' }]) {
        expect((await anonymous.post(`/api/hooks/chatwoot/${created.body.id}?token=${secret}`).send(hook)).status).toBe(202);
      }
      await app.get(HooksService).flush(created.body.id);
      const after = await messages('chatwoot', '1:10');
      // A batch with no message in it is set aside; the webhooks after it are imported.
      expect((await anonymous.post(`/api/hooks/chatwoot/${created.body.id}?token=${secret}`).send({ event: 'message_created' })).status).toBe(202);
      await app.get(HooksService).flush(created.body.id);
      expect((await anonymous.post(`/api/hooks/chatwoot/${created.body.id}?token=${secret}`).send({ ...hooks[0], id: 131, content: 'and parking?' })).status).toBe(202);
      await app.get(HooksService).flush(created.body.id);
      expect((await messages('chatwoot', '1:10')).find((m) => m.external_id === '131')).toMatchObject({ text: 'and parking?' });
      for (const id of ['118', '119', '120', '122']) expect(after.filter((m) => m.external_id === id)).toHaveLength(1);
      expect(after.some((m) => m.text.includes('hotel first'))).toBe(false);
      expect(after.find((m) => m.external_id === '130')).toMatchObject({ role: 'customer' });
    } finally {
      await cw.drop();
    }
  });

  it("compares the bot's logged intents with Seam's reading of the same messages", async () => {
    await importFixture('rasa-trackers.json', 'rasa-t');
    await app.get(AnalysisService).schedule();
    const res = await http.get('/api/intents/bot-readings?source=rasa-t');
    expect(res.status).toBe(200);
    const by = new Map(res.body.items.map((r: { botIntent: string }) => [r.botIntent, r]));
    expect(res.body.threshold).toBe(0.5);
    expect(by.get('check_balance')).toMatchObject({ messages: 2, lowConfidenceRate: 0, fallback: false });
    expect(by.get('nlu_fallback')).toMatchObject({ messages: 1, lowConfidenceRate: 1, fallback: true });
    // Small talk the bot names greet / thankyou is what Seam sets apart as acts.
    expect(by.get('greet')).toMatchObject({ agreementRate: 1, seamAct: null, seamIntentId: null });
    expect(by.get('thankyou')).toMatchObject({ agreementRate: 1, seamAct: null });
  });

  it("takes a conversation's intent from the bot's log when it names one of the bot's imported intents", async () => {
    await importFixture('rasa-trackers.json', 'rasa-t');
    const nlu = 'version: "3.1"\nnlu:\n- intent: check_balance\n  examples: |\n    - what is my balance\n    - how much money do I have\n    - show my balance\n- intent: order_card\n  examples: |\n    - I need a new card\n    - order a card\n';
    expect((await http.post('/api/bot/versions').attach('file', Buffer.from(nlu), 'nlu.yml').field('name', 'bank-bot').field('version', '1')).status).toBe(201);
    await app.get(AnalysisService).schedule();
    const res = await http.get(`/api/conversations/${stableId('rasa-t', 'c7f1e2a9/2024-03-01T10:00:00.124Z')}`);
    // "hi" is small talk; the first message with an intent is the one the bot matched as check_balance (93%).
    expect(res.body.analysis.intentLabel).toBe('check_balance');
  });

  it('detects each platform by its shape, without --format; a second import of the same export adds nothing', async () => {
    for (const [file, format] of [
      ['rasa-trackers.json', 'rasa'],
      ['dialogflow-cx-interactions.csv', 'dialogflow-cx'],
      ['lex-cloudwatch-export.txt', 'lex'],
      ['intercom-conversations.json', 'intercom'],
      ['zendesk-ticket-events.json', 'zendesk'],
      ['sunshine-messages.json', 'zendesk'],
      ['chatwoot-webhooks.jsonl', 'chatwoot'],
      ['jddc-chat.txt', 'jddc'],
    ]) {
      const copy = path.join(dir, `detect-${file}`);
      copyFileSync(path.join(FIXTURES, file), copy);
      const [run] = await imports.importPath(copy, { source: `detect-${format}` });
      expect([file, run.format]).toEqual([file, format]);
      // The platform's own ids: importing the same export again adds nothing.
      const [again] = await imports.importPath(copy, { source: `detect-${format}` });
      expect([file, again.messagesInserted, again.messagesDuplicate]).toEqual([file, 0, run.messagesInserted]);
    }
  });

  it('`seam import` names every format in its help and detects each platform from the command line', () => {
    const help = spawnSync(process.execPath, [CLI, 'import', '-h'], { encoding: 'utf8' });
    for (const format of ['rasa', 'chatwoot', 'dialogflow-cx', 'lex', 'connect', 'intercom', 'zendesk', 'jddc']) expect(help.stdout).toContain(`  ${format} `);
    const files = ['rasa-trackers.json', 'intercom-conversations.json', 'lex-cloudwatch-export.txt'].map((f) => {
      const copy = path.join(dir, `cli-${f}`);
      copyFileSync(path.join(FIXTURES, f), copy);
      return copy;
    });
    const run = spawnSync(process.execPath, [CLI, 'import', ...files, '--no-analyse'], { encoding: 'utf8', env: { ...process.env, ...db.env } });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/cli-rasa-trackers\.json \(rasa, source rasa\): completed/);
    expect(run.stdout).toMatch(/cli-intercom-conversations\.json \(intercom, source intercom\): completed/);
    expect(run.stdout).toMatch(/cli-lex-cloudwatch-export\.txt \(lex, source lex\): completed/);
  });
});
