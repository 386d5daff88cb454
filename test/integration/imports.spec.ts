import { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { stableId } from '../../server/src/database/ids';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { generateSample, SampleMessage } from '../../server/src/modules/sample/sample.generator';
import { client, Client } from '../support/access';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';

const DATA = path.resolve(__dirname, '../../../shared/data');
const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');

function sample(prefix: string, conversations: number, seed = 3): SampleMessage[] {
  return [...generateSample({ seed, conversations, end: Date.UTC(2024, 5, 1), days: 20 })].map((m) => ({
    ...m,
    conversation_id: `${prefix}-${m.conversation_id}`,
    message_id: `${prefix}-${m.message_id}`,
  }));
}

/** Text that breaks naive parsers: quotes, separators, line breaks, emoji, markup, Chinese. */
function tricky(prefix: string): SampleMessage[] {
  const base = { conversation_id: `${prefix}-tricky`, customer_id: 'c-1', channel: 'web' };
  const texts = ['He said "hi", then left', 'line one\nline two\r\nline three', '<script>alert(1)</script>', '退款什么时候到账？😡', 'semi;colon|pipe\ttab', 'a path C:\\new\\N and \\. alone'];
  return texts.map((text, i) => ({ ...base, message_id: `${prefix}-t${i}`, timestamp: new Date(Date.UTC(2024, 4, 1, 10, 0, i)).toISOString(), role: i % 2 ? 'bot' : 'customer', text }));
}

describe.each(ENGINES)('imports on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let imports: ImportsService;
  let ds: DataSource;
  let http: Client;
  let dir: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    app = await createApp(db.config, false);
    await app.init();
    imports = app.get(ImportsService);
    ds = app.get(DataSource);
    http = await client(app);
    dir = mkdtempSync(path.join(tmpdir(), 'seam-files-'));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const transcript = async (source: string, conversation: string) => {
    const res = await http.get(`/api/conversations/${stableId(source, conversation)}`);
    return res;
  };

  it.each(['jsonl', 'csv', 'json', 'arrow'] as const)('round-trips %s: every message comes back as written', async (format) => {
    const messages = [...sample(format, 25), ...tricky(format)];
    const file = path.join(dir, `round.${format === 'json' ? 'json' : format}`);
    writers[format](file, messages);
    const [run] = await imports.importPath(file, { source: `rt-${format}` });
    expect(run).toMatchObject({ status: 'completed', format, messagesInserted: messages.length, rejectedCount: 0, messagesDuplicate: 0 });

    const byConversation = new Map<string, SampleMessage[]>();
    for (const m of messages) byConversation.set(m.conversation_id, [...(byConversation.get(m.conversation_id) ?? []), m]);
    for (const [conversation, expected] of byConversation) {
      const res = await transcript(`rt-${format}`, conversation);
      expect(res.status).toBe(200);
      expect(res.body.customer).toBe(expected[0].customer_id);
      expect(res.body.messages.map((m: Record<string, unknown>) => [m.externalId, m.sentAt, m.role, m.text, m.agentId, m.event, m.eventValue])).toEqual(
        expected.map((m) => [m.message_id, m.timestamp, m.role, format === 'csv' ? m.text.replace(/\r\n/g, '\n') : m.text, m.agent_id ?? null, m.event ?? null, m.event_value ?? null]),
      );
    }
  });

  it('rebuilds Customer Support on Twitter threads from the real sample', async () => {
    const [run] = await imports.importPath(path.join(DATA, 'twcs/sample.csv'));
    expect(run).toMatchObject({ status: 'completed', format: 'twcs', source: 'twcs', messagesInserted: 93, rejectedCount: 0 });
    // 119246 (VirginTrains) answers 119247, which is not in the file: it starts the thread
    // 119246 → 119242 → 119240 → 119241 → 119243 → 119244 → 119245.
    const res = await transcript('twcs', 'thread-119246');
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: { externalId: string; role: string }) => `${m.externalId}:${m.role}`)).toEqual([
      '119246:agent',
      '119242:customer',
      '119240:agent',
      '119241:customer',
      '119243:agent',
      '119244:customer',
      '119245:agent',
    ]);
    expect(res.body.customer).toBe('105836');
    expect(res.body.messages[0].agentId).toBe('VirginTrains');
    const all = await http.get('/api/conversations?source=twcs&limit=500');
    const texts = all.body.items.length;
    expect(texts).toBe(run.conversationsTouched);
    const encoded: { text: string }[] = await ds.query("SELECT text FROM messages WHERE text LIKE '%&amp;%'");
    expect(encoded).toEqual([]);
  });

  it('imports Schema-Guided Dialogue files: USER is the customer, SYSTEM the bot, intents kept', async () => {
    const runs = await imports.importPath(path.join(DATA, 'sgd-banking/dialogues_004.json'));
    expect(runs[0]).toMatchObject({ status: 'completed', format: 'sgd', rejectedCount: 0 });
    const res = await transcript('sgd', '4_00108');
    expect(res.body.messages[0]).toMatchObject({ role: 'customer', text: "What's my balance?" });
    expect(res.body.messages[0].metadata).toMatchObject({ intent: 'CheckBalance' });
    expect(res.body.messages[1].role).toBe('bot');
    expect(res.body.botTurns).toBeGreaterThan(0);
    expect(res.body.agentTurns).toBe(0);
  });

  it('imports ABCD chats: agent, customer, and the agent actions as system turns', async () => {
    const [run] = await imports.importPath(path.join(DATA, 'abcd-sample/abcd_sample.json'));
    expect(run).toMatchObject({ status: 'completed', format: 'abcd', conversationsTouched: 3, rejectedCount: 0 });
    const res = await transcript('abcd', '3592');
    const roles = new Set(res.body.messages.map((m: { role: string }) => m.role));
    expect(roles).toEqual(new Set(['agent', 'customer', 'system']));
    expect(res.body.customer).toBe('cminh730');
    expect(res.body.metadata).toMatchObject({ flow: 'product_defect', subflow: 'return_size' });
  });

  it('imports Taskmaster dialogues: USER is the customer, ASSISTANT the bot', async () => {
    const [run] = await imports.importPath(path.join(DATA, 'taskmaster/tm4_coffee_data_07.json'));
    expect(run).toMatchObject({ status: 'completed', format: 'taskmaster', source: 'taskmaster', conversationsTouched: 210, messagesInserted: 786, rejectedCount: 0 });
    const [single] = await imports.importPath(path.join(DATA, 'taskmaster/tm1_sample.json'), { format: 'taskmaster', source: 'tm1' });
    expect(single).toMatchObject({ status: 'completed', messagesInserted: 20 });
  });

  it('imports the good rows of a damaged file and reports each bad one with line, field and reason', async () => {
    const good = (i: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ conversation_id: 'dmg-1', message_id: `m${i}`, timestamp: `2024-03-01T10:00:0${i}Z`, role: 'customer', text: `message ${i}`, ...extra });
    const lines = [
      good(1),
      '{"conversation_id": "dmg-1", "role": ',
      good(2, { role: undefined }),
      good(3, { timestamp: 'yesterday-ish' }),
      good(4, { text: '   ' }),
      good(5),
      good(5, { text: 'same id again' }),
      'INVALID_UTF8_LINE',
      good(7, { text: 'x'.repeat(1024 * 1024) }),
      good(8, { role: 'robot' }),
      good(9),
    ];
    const body = Buffer.concat(
      lines.map((l) => (l === 'INVALID_UTF8_LINE' ? Buffer.concat([Buffer.from(good(6).slice(0, 60)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]) : Buffer.from(l))).flatMap((b) => [b, Buffer.from('\n')]),
    );
    const file = path.join(dir, 'damaged.jsonl');
    writeFileSync(file, body);
    const [run] = await imports.importPath(file, { source: 'damaged' });
    expect(run).toMatchObject({ status: 'completed', messagesInserted: 3, rejectedCount: 8 });
    const res = await http.get(`/api/imports/${run.id}`);
    expect(res.status).toBe(200);
    const rows = res.body.rejected.rows.map((r: Record<string, unknown>) => [r.file, r.line, r.field]);
    expect(rows).toEqual([
      ['damaged.jsonl', 2, null],
      ['damaged.jsonl', 3, 'role'],
      ['damaged.jsonl', 4, 'timestamp'],
      ['damaged.jsonl', 5, 'text'],
      ['damaged.jsonl', 7, 'message_id'],
      ['damaged.jsonl', 8, null],
      ['damaged.jsonl', 9, null],
      ['damaged.jsonl', 10, 'role'],
    ]);
    const reasons = res.body.rejected.rows.map((r: { reason: string }) => r.reason);
    expect(reasons[0]).toMatch(/^malformed JSON/);
    expect(reasons[1]).toBe('missing role');
    expect(reasons[2]).toMatch(/unparseable timestamp "yesterday-ish"/);
    expect(reasons[3]).toBe('empty text');
    expect(reasons[4]).toMatch(/duplicate message id "m5".*first seen at line 6/);
    expect(reasons[5]).toBe('invalid UTF-8');
    expect(reasons[6]).toMatch(/over the limit/);
    expect(reasons[7]).toMatch(/unknown role "robot"/);
    expect(res.body.rejected.rows[1].raw).toContain('"message_id":"m2"');
    const conv = await transcript('damaged', 'dmg-1');
    expect(conv.body.messages.map((m: { text: string }) => m.text)).toEqual(['message 1', 'message 5', 'message 9']);
  });

  it('reports bad CSV rows at the line they start on, quoted line breaks included', async () => {
    const file = path.join(dir, 'damaged.csv');
    writeFileSync(
      file,
      [
        'conversation_id,timestamp,role,text,csat_score,event',
        'c1,2024-03-01 10:00:00,customer,"two\nlines",,',
        'c1,2024-03-01 10:00:05,bot,answer,,bot_fallback',
        'c1,not-a-time,customer,hello,,',
        'c1,2024-03-01 10:00:09,system,,,csat',
        'c1,2024-03-01 10:00:10,system,,4,csat',
        'c1,2024-03-01 10:00:11,customer,too,many,fields,here',
      ].join('\n'),
    );
    const [run] = await imports.importPath(file, { source: 'csvdmg' });
    expect(run).toMatchObject({ messagesInserted: 3, rejectedCount: 3, format: 'csv' });
    const res = await http.get(`/api/imports/${run.id}`);
    expect(res.body.rejected.rows.map((r: Record<string, unknown>) => [r.line, r.field])).toEqual([
      [5, 'timestamp'],
      [6, 'event_value'],
      [8, null],
    ]);
    const conv = await transcript('csvdmg', 'c1');
    expect(conv.body).toMatchObject({ botFallbacks: 1, csat: 4, startedAt: '2024-03-01T10:00:00.000Z' });
    expect(conv.body.messages[0].text).toBe('two\nlines');
  });

  it('replaces personal data before it is stored, counts it, and keeps it out of rejected rows too', async () => {
    const file = path.join(dir, 'pii.jsonl');
    const row = (i: number, text: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ conversation_id: 'pii-1', message_id: `p${i}`, timestamp: `2024-03-02T10:00:0${i}Z`, role: 'customer', text, ...extra });
    writeFileSync(
      file,
      [
        row(1, 'my email is jane.doe@example.com and my phone +44 20 7946 0958'),
        row(2, 'card 4111 1111 1111 1111 please refund €49.99 from order 300912'),
        row(3, '身份证号11010519491231002X，手机13812345678'),
        row(4, 'mail me at bad@example.com', { role: 'robot' }),
      ].join('\n'),
    );
    const [run] = await imports.importPath(file, { source: 'pii' });
    expect(run).toMatchObject({ messagesInserted: 3, rejectedCount: 1, redactions: { EMAIL: 1, PHONE: 2, CARD: 1, ID_NUMBER: 1 } });
    const conv = await transcript('pii', 'pii-1');
    expect(conv.body.messages.map((m: { text: string }) => m.text)).toEqual([
      'my email is <EMAIL> and my phone <PHONE>',
      'card <CARD> please refund €49.99 from order 300912',
      '身份证号<ID_NUMBER>，手机<PHONE>',
    ]);
    const report = await http.get(`/api/imports/${run.id}`);
    expect(report.body.redactions).toEqual({ EMAIL: 1, PHONE: 2, CARD: 1, ID_NUMBER: 1 });
    expect(report.body.rejected.rows[0].raw).toContain('<EMAIL>');
    expect(report.body.rejected.rows[0].raw).not.toContain('bad@example.com');
    const stored: { text: string }[] = await ds.query("SELECT text FROM messages WHERE text LIKE '%example.com%' OR text LIKE '%4111%'");
    expect(stored).toEqual([]);
  });

  it('redacts metadata value by value: a phone number in it, as text or as a number, but not a score', async () => {
    const file = path.join(dir, 'pii-meta.jsonl');
    const metadata = { score: -0.23456789012345678, callback: '+44 20 7946 0958', phone: 4915112345678, nested: { note: 'write to jane@example.com' }, tags: ['vip', 'x@example.com'] };
    writeFileSync(file, JSON.stringify({ conversation_id: 'pii-2', message_id: 'q1', timestamp: '2024-03-03T10:00:00Z', role: 'customer', text: 'hello', metadata }));
    const [run] = await imports.importPath(file, { source: 'pii' });
    expect(run).toMatchObject({ status: 'completed', messagesInserted: 1 });
    const conv = await transcript('pii', 'pii-2');
    expect(conv.body.messages[0].metadata).toEqual({ score: -0.23456789012345678, callback: '<PHONE>', phone: expect.stringMatching(/^<(PHONE|CARD)>$/), nested: { note: 'write to <EMAIL>' }, tags: ['vip', '<EMAIL>'] });
  });

  it('works across batches: a conversation split over batches is whole, a row repeating an earlier batch is rejected', async () => {
    const small = await createApp({ ...db.config, batchSize: 3 }, false);
    await small.init();
    try {
      const at = (s: number) => new Date(Date.UTC(2024, 4, 2, 9, 0, s)).toISOString();
      const rows = [
        { conversation_id: 'sp-1', message_id: 'a', timestamp: at(0), role: 'bot', text: 'Hi, how can I help?' },
        { conversation_id: 'sp-2', message_id: 'x', timestamp: at(1), role: 'customer', text: 'where is my parcel', customer_id: 'c-2', channel: 'web' },
        { conversation_id: 'sp-2', message_id: 'y', timestamp: at(2), role: 'bot', text: 'let me check' },
        // Second batch: sp-1's customer and channel appear only now; "a" repeats the first batch.
        { conversation_id: 'sp-1', message_id: 'b', timestamp: at(3), role: 'customer', text: 'my card is blocked', customer_id: 'c-1', channel: 'app' },
        { conversation_id: 'sp-1', message_id: 'a', timestamp: at(0), role: 'bot', text: 'Hi, how can I help?' },
        { conversation_id: 'sp-2', timestamp: at(4), role: 'customer', text: 'thanks' },
        // Third batch: the same row as line 6, without an id (content hash), and sp-1's agent.
        { conversation_id: 'sp-2', timestamp: at(4), role: 'customer', text: 'thanks' },
        { conversation_id: 'sp-1', message_id: 'c', timestamp: at(5), role: 'agent', text: 'I unblocked it', agent_id: 'ag-1', channel: 'email' },
      ];
      const file = path.join(dir, 'span.jsonl');
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
      const [run] = await small.get(ImportsService).importPath(file, { source: 'span' });
      expect(run).toMatchObject({ status: 'completed', messagesInserted: 6, messagesDuplicate: 0, rejectedCount: 2, conversationsTouched: 2 });
      const report = await http.get(`/api/imports/${run.id}`);
      expect(report.body.rejected.rows.map((r: Record<string, unknown>) => [r.line, r.field])).toEqual([
        [5, 'message_id'],
        [7, null],
      ]);
      expect(report.body.rejected.rows[0].reason).toBe('duplicate message id "a" in conversation "sp-1"; first seen earlier in this file');
      expect(report.body.rejected.rows[1].reason).toMatch(/^the same message as an earlier row \(conversation "sp-2"/);
      const one = await transcript('span', 'sp-1');
      expect(one.body).toMatchObject({ customer: 'c-1', channel: 'app', messageCount: 3, botTurns: 1, agentTurns: 1, hadHandoff: true });
      expect(one.body.messages.map((m: { text: string }) => m.text)).toEqual(['Hi, how can I help?', 'my card is blocked', 'I unblocked it']);
      const two = await transcript('span', 'sp-2');
      expect(two.body).toMatchObject({ customer: 'c-2', channel: 'web', messageCount: 3 });
    } finally {
      await small.close();
    }
  });

  it('runs two imports at once: each completes whole, and neither empties the staged rows of the other', async () => {
    const small = await createApp({ ...db.config, batchSize: 50 }, false);
    await small.init();
    try {
      const service = small.get(ImportsService);
      const [one, two] = [sample('both-a', 40, 21), sample('both-b', 60, 22)];
      writers.jsonl(path.join(dir, 'both-a.jsonl'), one);
      writers.jsonl(path.join(dir, 'both-b.jsonl'), two);
      const runs = await Promise.all([service.importPath(path.join(dir, 'both-a.jsonl'), { source: 'both-a' }), service.importPath(path.join(dir, 'both-b.jsonl'), { source: 'both-b' })]);
      expect(runs.map(([r]) => [r.status, r.messagesInserted, r.rejectedCount])).toEqual([
        ['completed', one.length, 0],
        ['completed', two.length, 0],
      ]);
      for (const [source, expected] of [['both-a', one.length], ['both-b', two.length]] as const) {
        const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.source = '${source}'`);
        expect(Number(n)).toBe(expected);
      }
      const [{ n: left }] = await ds.query('SELECT COUNT(*) AS n FROM staged_messages');
      expect(Number(left)).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('rolls back an import still running when Seam stops, and the file imports whole afterwards', async () => {
    const messages = sample('stop', 3000, 23);
    const file = path.join(dir, 'stop.jsonl');
    writers.jsonl(file, messages);
    const stopping = await createApp({ ...db.config, batchSize: 50 }, false);
    await stopping.init();
    const { run, done } = await stopping.get(ImportsService).start(file, { source: 'stop' });
    const failed = done.then(
      () => null,
      (err: Error) => err,
    );
    for (let i = 0; i < 2400; i++) {
      const [{ n }] = await ds.query('SELECT records_read AS n FROM import_runs WHERE id = ' + run.id);
      if (Number(n) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await stopping.close();
    const reason = 'Seam stopped during the import; rolled back, import the file again';
    expect((await failed)?.message).toBe(reason);
    const [stopped] = await ds.query('SELECT status, error FROM import_runs WHERE id = ' + run.id);
    expect(stopped).toEqual({ status: 'failed', error: reason });
    const [{ n: staged }] = await ds.query('SELECT COUNT(*) AS n FROM staged_messages WHERE import_run_id = ' + run.id);
    expect(Number(staged)).toBe(0);
    const [{ n: written }] = await ds.query('SELECT COUNT(*) AS n FROM messages WHERE import_run_id = ' + run.id);
    expect(Number(written)).toBe(0);

    const [again] = await imports.importPath(file, { source: 'stop' });
    expect(again).toMatchObject({ status: 'completed', messagesInserted: messages.length, messagesDuplicate: 0, rejectedCount: 0 });
  });

  it('adds nothing when the same file, or an overlapping later export, comes again', async () => {
    const first = sample('idem', 30, 11);
    const file = path.join(dir, 'idem.jsonl');
    writers.jsonl(file, first);
    const [a] = await imports.importPath(file, { source: 'idem' });
    const [b] = await imports.importPath(file, { source: 'idem' });
    expect(a.messagesInserted).toBe(first.length);
    expect(b).toMatchObject({ messagesInserted: 0, messagesDuplicate: first.length, rejectedCount: 0 });

    // A later export: the last 10 conversations again, 5 new ones, no message ids (content hashes).
    const later = [...first.filter((m) => Number(m.conversation_id.split('-').pop()) > 20), ...sample('idem', 5, 12).map((m) => ({ ...m, conversation_id: `${m.conversation_id}-new` }))].map(({ message_id: _id, ...m }) => m as SampleMessage);
    const file2 = path.join(dir, 'idem2.jsonl');
    writers.jsonl(file2, later);
    const [c] = await imports.importPath(file2, { source: 'idem2' });
    const [d] = await imports.importPath(file2, { source: 'idem2' });
    expect(c.messagesInserted).toBe(later.length);
    expect(d.messagesInserted).toBe(0);
    const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.source = 'idem'");
    expect(Number(n)).toBe(first.length);
  });

  it('leaves no half conversation visible when the importing process is killed, and the next run completes it', async () => {
    const messages = sample('kill', 6000, 5);
    const head = messages.filter((_, i) => i % 3 === 0);
    const file = path.join(dir, 'kill.jsonl');
    const headFile = path.join(dir, 'kill-head.jsonl');
    writers.jsonl(file, messages);
    writers.jsonl(headFile, head);
    await imports.importPath(headFile, { source: 'kill' });
    const visibleBefore = await http.get('/api/conversations?source=kill&limit=500');

    const child = spawn(process.execPath, [CLI, 'import', file, '--source', 'kill'], { env: { ...process.env, ...db.env, SEAM_BATCH_SIZE: '100' }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let read = 0;
    for (let i = 0; i < 2400 && read === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const rows: { n: string | number }[] = await ds.query("SELECT records_read AS n FROM import_runs WHERE source = 'kill' AND status = 'running'");
      read = rows.length ? Number(rows[0].n) : 0;
    }
    child.kill('SIGKILL');
    await exited;
    expect(read).toBeGreaterThan(0);
    // Killed half-way: part of the file is staged, nothing of it has reached the messages.
    const [{ n: staged }] = await ds.query("SELECT COUNT(*) AS n FROM staged_messages s JOIN import_runs r ON r.id = s.import_run_id WHERE r.status = 'running'");
    expect(Number(staged)).toBeGreaterThan(0);
    expect(Number(staged)).toBeLessThan(messages.length);
    const [{ n: written }] = await ds.query("SELECT COUNT(*) AS n FROM messages m JOIN import_runs r ON r.id = m.import_run_id WHERE r.status = 'running'");
    expect(Number(written)).toBe(0);

    // What a user sees is what the first, complete import brought: nothing of the killed run.
    const visibleAfter = await http.get('/api/conversations?source=kill&limit=500');
    expect(visibleAfter.body.items.map((c: { id: string; messageCount: number }) => [c.id, c.messageCount])).toEqual(
      visibleBefore.body.items.map((c: { id: string; messageCount: number }) => [c.id, c.messageCount]),
    );
    const one = visibleBefore.body.items[0];
    const shown = await http.get(`/api/conversations/${one.id}`);
    expect(shown.body.messages).toHaveLength(one.messageCount);

    const [again] = await imports.importPath(file, { source: 'kill' });
    expect(again).toMatchObject({ status: 'completed', messagesInserted: messages.length - head.length, messagesDuplicate: head.length, rejectedCount: 0 });
    const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.source = 'kill'");
    expect(Number(n)).toBe(messages.length);
    const runs: { status: string }[] = await ds.query("SELECT status FROM import_runs WHERE source = 'kill' ORDER BY id");
    expect(runs.map((r) => r.status)).toEqual(['completed', 'rolled_back', 'completed']);
    const [{ n: left }] = await ds.query('SELECT COUNT(*) AS n FROM staged_messages');
    expect(Number(left)).toBe(0);
  });
});
