import { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { client, Client, session } from '../support/access';
import { analysedApp } from '../support/app';
import { ENGINES, TestDatabase } from '../support/engines';

const RANGE = ['from', 'to', 'channel', 'source'];
const METRIC = [...RANGE, 'intent'];
/** Every GET endpoint with the query parameters it filters on. */
const ENDPOINTS: [string, string[]][] = [
  ['/api/metrics/overview', METRIC],
  ['/api/metrics/timeseries', [...METRIC, 'bucket']],
  ['/api/metrics/by-intent', METRIC],
  ['/api/breakdowns', METRIC],
  ['/api/flows', METRIC],
  ['/api/flags', [...METRIC, 'reason', 'severity', 'status', 'assignee', 'conversation', 'limit', 'cursor']],
  ['/api/conversations', [...RANGE, 'customer', 'handoff', 'intent', 'outcome', 'q', 'limit', 'cursor']],
  ['/api/conversations/export', [...RANGE, 'customer', 'handoff', 'intent', 'outcome', 'q', 'format']],
  ['/api/intents', METRIC],
  ['/api/intents/map', ['limit']],
  ['/api/intents/1', METRIC],
  ['/api/imports', ['limit', 'before']],
  ['/api/imports/1', ['rejectedOffset', 'rejectedLimit']],
  ['/api/audit', ['limit', 'before', 'target']],
  ['/api/sources/1/runs', ['limit']],
];
const HOSTILE = [
  "' OR '1'='1",
  "1; DROP TABLE messages; --",
  "1) UNION SELECT password_hash FROM users --",
  '%',
  '\u0000',
  '-1',
  '1e309',
  '9'.repeat(40),
  '2024-02-30',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 中文',
  'x'.repeat(8000),
];

describe.each(ENGINES)('hostile input on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Client;
  let messages: number;

  beforeAll(async () => {
    ({ db, app } = await analysedApp(engine, { seed: 8, conversations: 60, days: 10 }));
    http = await client(app);
    messages = Number((await app.get(DataSource).query('SELECT COUNT(*) AS n FROM messages'))[0].n);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it.each(ENDPOINTS)('%s answers every hostile filter value with a 2xx or a clear 4xx, never a 500', async (endpoint, params) => {
    for (const param of params) {
      for (const value of [...HOSTILE, [HOSTILE[0], HOSTILE[1]]]) {
        const res = await http.get(endpoint).query({ [param]: value });
        const got = { param, value: String(value).slice(0, 40), status: res.status };
        const clear = res.status >= 400 && res.status < 500 && typeof res.body.message === 'string' && res.body.message.length > 0;
        expect({ ...got, answered: res.status < 300 || clear }).toEqual({ ...got, answered: true });
      }
    }
    expect(Number((await app.get(DataSource).query('SELECT COUNT(*) AS n FROM messages'))[0].n)).toBe(messages);
  });

  it('refuses malformed, oversized and wrongly typed bodies with a 4xx', async () => {
    // Accounts are managed by a person signed in (API tokens may not): the /api/users cases go through a session.
    const person = await session(app, 'admin');
    const send = (method: 'post' | 'patch', url: string, body: string) => (url === '/api/users' ? person : http)[method](url).set('content-type', 'application/json').send(body);
    const cases: [ReturnType<typeof send>, number][] = [
      [send('patch', '/api/flags/1', '{"status": '), 400],
      [send('patch', '/api/flags/1', JSON.stringify({ status: "reviewed'; DROP TABLE flags; --" })), 400],
      [send('patch', '/api/flags/1', JSON.stringify({ note: 'x'.repeat(2_000_000) })), 413],
      [send('patch', '/api/flags/abc', '{}'), 400],
      [send('patch', '/api/intents/1', JSON.stringify({ label: { $ne: 1 } })), 400],
      [send('post', '/api/intents/1/merge', JSON.stringify({ into: '1 OR 1=1' })), 400],
      [send('post', '/api/users', JSON.stringify({ username: "a' OR 1=1 --", password: 'long enough password', role: 'admin' })), 400],
      [send('post', '/api/users', JSON.stringify({ username: 'eve', password: 'long enough password', role: 'root' })), 400],
      [send('post', '/api/auth/login', JSON.stringify({ username: ["admin"], password: 'x' })), 400],
      [send('post', '/api/tokens', JSON.stringify({ name: 'n', scope: 'everything' })), 400],
      [send('post', '/api/sources', JSON.stringify({ name: "s'; DROP TABLE sources; --", kind: 'folder', cron: '0 2 * * *', config: { path: '../../etc' } })), 400],
      [send('post', '/api/sources', JSON.stringify({ name: 'pg', kind: 'postgres', cron: '0 2 * * *', config: { url: 'postgres://x/y', query: 'DELETE FROM messages', cursor: 'id' } })), 400],
      [send('post', '/api/sources', JSON.stringify({ name: 'pg', kind: 'postgres', cron: '0 2 * * *', config: { url: 'postgres://x/y', query: 'SELECT 1', cursor: 'id; DROP TABLE x' } })), 400],
      [send('post', '/api/sources', JSON.stringify({ name: 'h', kind: 'http', cron: '0 2 * * *', config: { url: 'file:///etc/passwd' } })), 400],
      [send('post', '/api/sources', JSON.stringify({ name: 'h', kind: 'http', cron: '99 99 * * *', config: { url: 'https://x' } })), 400],
      [send('post', '/api/sources', JSON.stringify(['not', 'an', 'object'])), 400],
      [send('patch', '/api/sources/1', '{"cron": '), 400],
      [send('post', '/api/sources', JSON.stringify({ name: 'etc', kind: 'folder', cron: '0 2 * * *', config: { path: '/etc' } })), 400],
      [send('post', '/api/sources', JSON.stringify({ name: 'climb', kind: 'folder', cron: '0 2 * * *', config: { path: `${tmpdir()}/../etc` } })), 400],
      [send('post', '/api/users', JSON.stringify({ username: 'weak', password: '1234567890', role: 'agent' })), 400],
      [send('post', '/api/users', JSON.stringify({ username: 'same', password: 'same-same-same', role: 'agent' })), 400],
      [send('patch', '/api/flags/1', JSON.stringify({ assignee: "x' OR '1'='1" })), 400],
    ];
    for (const [req, status] of cases) {
      const res = await req;
      expect({ url: res.request.url, status: res.status, hasMessage: !!res.body.message }).toEqual({ url: res.request.url, status, hasMessage: true });
    }
  });

  it('refuses uploads that are empty, oversized, of an unknown format or not multipart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-hostile-up-'));
    const big = path.join(dir, 'big.jsonl');
    writeFileSync(big, Buffer.alloc(1024 * 1024 + 10, 'a'));
    const garbage = path.join(dir, 'garbage.bin');
    writeFileSync(garbage, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]));
    const attempts = [
      http.post('/api/imports?wait=true'),
      http.post('/api/imports?wait=true').attach('file', big),
      http.post('/api/imports?wait=true').attach('file', garbage),
      http.post('/api/imports?wait=true').field('format', "jsonl'; --").attach('file', garbage),
      http.post('/api/imports?wait=maybe').attach('file', garbage),
      http.post('/api/imports').set('content-type', 'application/json').send('{"file": "/etc/passwd"}'),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect({ status: res.status >= 400 && res.status < 500, message: typeof res.body.message }).toEqual({ status: true, message: 'string' });
    }
    expect(Number((await app.get(DataSource).query('SELECT COUNT(*) AS n FROM messages'))[0].n)).toBe(messages);
  });
});
