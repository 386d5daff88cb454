import { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { client, Client, session } from '../support/access';
import { analysedApp } from '../support/app';
import { TestDatabase } from '../support/engines';

/** What a newcomer's walkthrough of the README and docs found broken (issue 13), each kept fixed. */
const DATA = path.resolve(__dirname, '../../../shared/data');
const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');

describe('a newcomer following the README', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let admin: Client;
  let ds: DataSource;
  let dir: string;

  beforeAll(async () => {
    ({ db, app } = await analysedApp('sqlite', { seed: 21, conversations: 150, days: 14 }, { SEAM_SOURCE_BACKOFF_SECONDS: '30' }));
    admin = await client(app, 'admin');
    ds = app.get(DataSource);
    dir = mkdtempSync(path.join(tmpdir(), 'seam-walkthrough-'));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...db.env } });

  it('gets intents with trends over a bounded range, and no invented timestamp in the future, after importing Taskmaster', async () => {
    const [run] = await app.get(ImportsService).importPath(path.join(DATA, 'taskmaster/tm4_coffee_data_07.json'));
    expect(run.status).toBe('completed');
    const [{ latest }] = await ds.query(`SELECT MAX(m.sent_at) AS latest FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.source = 'taskmaster'`);
    expect(Number(latest)).toBeLessThanOrEqual(Date.now());
    await app.get(AnalysisService).schedule();
    const res = await admin.get('/api/intents');
    expect(res.status).toBe(200);
    expect(res.body.trend).toMatchObject({ bucket: 'day' });
    expect(res.body.items.length).toBeGreaterThan(5);
    for (const intent of res.body.items) expect(intent.trend.length).toBeLessThanOrEqual(92);
    expect(JSON.stringify(res.body).length).toBeLessThan(400_000);
    const ranged = await admin.get('/api/intents?from=2024-01-01&to=2024-12-31');
    expect(ranged.body.trend).toMatchObject({ bucket: 'week', from: '2024-01-01', to: '2024-12-31' });
    expect(ranged.body.items[0].trend.length).toBe(53);
  });

  it('never uses an ABCD customer\'s name or e-mail address as their id', async () => {
    const chats = JSON.parse(readFileSync(path.join(DATA, 'abcd-sample/abcd_sample.json'), 'utf8')) as { convo_id: number; scenario: { personal: Record<string, string> } }[];
    const [run] = await app.get(ImportsService).importPath(path.join(DATA, 'abcd-sample/abcd_sample.json'));
    expect(run.status).toBe('completed');
    const stored: { conversation: string; customer: string | null }[] = await ds.query(
      `SELECT c.external_id AS conversation, cu.external_id AS customer FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.source = 'abcd'`,
    );
    for (const chat of chats) {
      const row = stored.find((s) => s.conversation === String(chat.convo_id))!;
      expect(row.customer).toBe(chat.scenario.personal.username ?? null);
    }
    expect(stored.some((s) => s.customer === null)).toBe(true);
  });

  it('fails a file with no conversation message in it, such as a data set\'s schema.json', async () => {
    const out = cli('import', path.join(DATA, 'sgd-banking/schema.json'), '--format', 'sgd', '--no-analyse');
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/schema\.json: no row is a conversation message: all \d+ were rejected \(line 1, field dialogue_id: missing dialogue_id\)/);
  });

  it('says which files of a folder it skipped, and why', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'seam-folder-'));
    writeFileSync(path.join(folder, 'README.md'), '# notes\n');
    writeFileSync(path.join(folder, 'chats.jsonl'), JSON.stringify({ conversation_id: 'fold-1', timestamp: '2024-06-01T10:00:00Z', role: 'customer', text: 'hello there' }) + '\n');
    const out = cli('import', folder, '--no-analyse');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/README\.md: skipped, a note/);
    expect(out.stdout).toMatch(/chats\.jsonl \(jsonl, source default\): completed/);
  });

  it('keeps a repeated row as the file has it, and names the documented column a CSV header lacks', async () => {
    const line = '{"conversation_id":"dup-1",  "message_id":"m1","timestamp":"2024-06-01T10:00:00Z","role":"customer","text":"same twice"}';
    const file = path.join(dir, 'dup.jsonl');
    writeFileSync(file, `${line}\n${line}\n`);
    const [run] = await app.get(ImportsService).importPath(file);
    const detail = await admin.get(`/api/imports/${run.id}`);
    expect(detail.body.rejected.rows[0]).toMatchObject({ line: 2, raw: line, reason: expect.stringMatching(/duplicate message id "m1"/) });
    const csv = path.join(dir, 'noid.csv');
    writeFileSync(csv, 'ts,role,text\n2024-06-01,customer,hi\n');
    await expect(app.get(ImportsService).importPath(csv)).rejects.toThrow(/the header has no column for conversation_id \(found: ts, role, text\)/);
  });

  it('names the uploaded file and the format field in upload errors, and the limit when one is too large', async () => {
    const unknown = await admin.post('/api/imports?wait=true').attach('file', Buffer.from('\u0001\u0002 binary'), 'notes.bin');
    expect(unknown.status).toBe(415);
    expect(unknown.body.message).toMatch(/^notes\.bin: cannot tell the format .* name it with the "format" form field/);
    expect(unknown.body.message).not.toMatch(/[0-9a-f]{32}/);
    const large = await admin.post('/api/imports').attach('file', Buffer.alloc(1_100_000, 'a'), 'big.jsonl');
    expect(large.status).toBe(413);
    expect(large.body.message).toMatch(/larger than the upload limit of 1 MB \(SEAM_UPLOAD_LIMIT_MB\)/);
  });

  it('answers a short password as an invalid value, and takes only an active account as a flag\'s assignee', async () => {
    const person = await session(app, 'admin');
    const short = await person.post('/api/users').send({ username: 'shorty', password: 'short', role: 'agent' });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('INVALID');
    expect(short.body.message).toMatch(/password: 10 to 1000 characters/);
    const [{ id }] = await ds.query('SELECT id FROM flags WHERE active = 1 ORDER BY id LIMIT 1');
    const ghost = await admin.patch(`/api/flags/${id}`).send({ assignee: 'ghost' });
    expect(ghost.status).toBe(400);
    expect(ghost.body.message).toMatch(/assignee must name an active account/);
    await person.post('/api/users').send({ username: 'mei', password: 'a long enough password', role: 'agent' });
    expect((await admin.patch(`/api/flags/${id}`).send({ assignee: 'mei' })).body).toMatchObject({ assignee: 'mei' });
    expect((await admin.get('/api/flags/assignees')).body.items).toEqual(expect.arrayContaining([{ username: 'mei', role: 'agent' }]));
    expect((await admin.patch(`/api/flags/${id}`).send({ assignee: '' })).body).toMatchObject({ assignee: null });
  });

  it('runs a source now without holding the request, says which files are settling, and a disabled source retries no more', async () => {
    // A port nothing listens on: every attempt fails at once.
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const http = await admin.post('/api/sources').send({ name: 'down', kind: 'http', cron: '0 3 * * *', retries: 3, config: { url: `http://127.0.0.1:${closed}/export.jsonl` } });
    expect(http.status).toBe(201);
    const started = Date.now();
    const run = await admin.post(`/api/sources/${http.body.id}/run`);
    expect(run.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5_000);
    const runs = async () => (await admin.get(`/api/sources/${http.body.id}/runs`)).body.items as { status: string; error: string | null }[];
    for (let i = 0; i < 100 && (await runs())[0]?.status !== 'failed'; i++) await sleep(100);
    expect((await runs())[0]).toMatchObject({ status: 'failed' });
    // It now waits 30 s before its second attempt: disabling the source ends the wait, and no attempt follows.
    expect((await admin.patch(`/api/sources/${http.body.id}`).send({ enabled: false })).status).toBe(200);
    let source = (await admin.get(`/api/sources/${http.body.id}`)).body;
    for (let i = 0; i < 100 && !/disabled before retrying/.test(source.lastError ?? ''); i++) {
      await sleep(100);
      source = (await admin.get(`/api/sources/${http.body.id}`)).body;
    }
    expect(source.lastError).toMatch(/the source was disabled before retrying/);
    expect(await runs()).toHaveLength(1);

    const folder = mkdtempSync(path.join(tmpdir(), 'seam-settle-'));
    writeFileSync(path.join(folder, 'old.jsonl'), JSON.stringify({ conversation_id: 'settle-1', timestamp: '2024-06-01T10:00:00Z', role: 'customer', text: 'an old file' }) + '\n');
    utimesSync(path.join(folder, 'old.jsonl'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    writeFileSync(path.join(folder, 'new.jsonl'), JSON.stringify({ conversation_id: 'settle-2', timestamp: '2024-06-01T10:00:00Z', role: 'customer', text: 'just written' }) + '\n');
    const drop = await admin.post('/api/sources').send({ name: 'drop', kind: 'folder', cron: '0 3 * * *', config: { path: folder, settleSeconds: 600 } });
    const done = await admin.post(`/api/sources/${drop.body.id}/run?wait=true`);
    expect(done.status).toBe(201);
    expect(done.body.attempts[0]).toMatchObject({ status: 'completed', items: 1, note: expect.stringMatching(/1 file changed less than 600 s ago \(settleSeconds\), left for the next run: new\.jsonl/) });
  });
});
