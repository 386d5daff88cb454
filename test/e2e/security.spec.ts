import { INestApplication } from '@nestjs/common';
import { lutimesSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createServer } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { guardedGet } from '../../server/src/modules/sources/guarded-get';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { account, client, Client, PASSWORD, session } from '../support/access';
import { analysedApp } from '../support/app';
import { TestDatabase } from '../support/engines';

/** What a security probe of a running Seam found (issue 14), each kept fixed. */
describe('a security probe', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let admin: Client;
  let ds: DataSource;
  let dir: string;

  beforeAll(async () => {
    ({ db, app } = await analysedApp('sqlite', { seed: 33, conversations: 120, days: 14 }, { SEAM_SOURCE_ALLOW_PRIVATE: 'false', SEAM_SOURCE_BACKOFF_SECONDS: '0' }));
    admin = await client(app, 'admin');
    ds = app.get(DataSource);
    dir = mkdtempSync(path.join(tmpdir(), 'seam-security-'));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const line = (id: string, text: string) => JSON.stringify({ conversation_id: id, message_id: `${id}-1`, timestamp: '2024-06-30T10:00:00Z', role: 'customer', text });

  it('analyses a 500 KB customer message like any other: its first characters, in bounded time', async () => {
    const long = 'my parcel never arrived and nobody answers ' + 'blah '.repeat(100_000);
    const file = path.join(dir, 'long.jsonl');
    writeFileSync(file, `${line('long-1', long)}\n`);
    const [run] = await app.get(ImportsService).importPath(file);
    expect(run).toMatchObject({ status: 'completed', messagesInserted: 1, rejectedCount: 0 });
    const analysis = await app.get(AnalysisService).schedule();
    expect(analysis.status).toBe('completed');
    const [stored] = await ds.query(`SELECT LENGTH(m.text) AS n, a.sentiment FROM messages m JOIN message_analysis a ON a.message_id = m.id WHERE m.external_id = 'long-1-1'`);
    expect(Number(stored.n)).toBe(long.trim().length);
    expect(stored.sentiment).not.toBeNull();
  });

  it('runs the server\'s analysis in a thread of its own: requests are answered while it works', async () => {
    const threaded = await createApp({ ...db.config, analysisInThread: true }, false);
    await threaded.init();
    try {
      const file = path.join(dir, 'threaded.jsonl');
      writeFileSync(file, Array.from({ length: 300 }, (_, i) => line(`thread-${i}`, `order ${i} never arrived, where is my parcel number ${i}`)).join('\n') + '\n');
      await threaded.get(ImportsService).importPath(file, { analyse: false });
      const http = await client(threaded, 'admin');
      const analysing = http.post('/api/analysis?wait=true').send({ recluster: true });
      const answered: number[] = [];
      let done = false;
      void analysing.then(() => (done = true));
      while (!done) {
        const t = Date.now();
        expect((await request(threaded.getHttpServer()).get('/api/health')).status).toBe(200);
        answered.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      const res = await analysing;
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'completed', reclustered: true });
      expect(answered.length).toBeGreaterThan(1);
      const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE m.external_id LIKE 'thread-%'`);
      expect(Number(n)).toBe(300);
    } finally {
      await threaded.close();
    }
  });

  it('reads a .jsonl file whose first line is longer than any record as JSON Lines: that line is refused, the rest imported', async () => {
    const file = path.join(dir, 'first-long.jsonl');
    writeFileSync(file, `${line('huge-1', 'x'.repeat(5 * 1024 * 1024))}\n${line('after-1', 'the row after')}\n${line('after-2', 'and another')}\n`);
    const [run] = await app.get(ImportsService).importPath(file);
    expect(run).toMatchObject({ status: 'completed', format: 'jsonl', messagesInserted: 2, rejectedCount: 1 });
    const detail = await admin.get(`/api/imports/${run.id}`);
    expect(detail.body.rejected.rows[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/over the limit of 524288 \(SEAM_MAX_RECORD_KB\)/) });
    expect(detail.body.rejected.rows[0].raw.length).toBeLessThan(100_000);
  });

  it('holds every format to the record limit: a message in a nested JSON file longer than it is a bad row', async () => {
    const file = path.join(dir, 'nested.json');
    const text = 'y'.repeat(600 * 1024);
    writeFileSync(file, JSON.stringify([{ id: 'n-1', messages: [{ timestamp: '2024-06-30T10:00:00Z', role: 'customer', text }, { timestamp: '2024-06-30T10:00:01Z', role: 'bot', text: 'hello' }] }]));
    const [run] = await app.get(ImportsService).importPath(file);
    expect(run).toMatchObject({ status: 'completed', format: 'json', messagesInserted: 1, rejectedCount: 1 });
    const detail = await admin.get(`/api/imports/${run.id}`);
    expect(detail.body.rejected.rows[0]).toMatchObject({ field: 'text', reason: 'text longer than 512 KiB (SEAM_MAX_RECORD_KB)' });
  });

  it('confines folder sources to SEAM_SOURCE_ROOTS, with .. and links resolved, and keeps no line of a file that is not a log', async () => {
    const outside = await admin.post('/api/sources').send({ name: 'etc', kind: 'folder', cron: '0 3 * * *', config: { path: '/etc', pattern: '^(passwd|hostname)$' } });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toMatch(/config\.path: \/etc is outside SEAM_SOURCE_ROOTS/);
    const climbing = await admin.post('/api/sources').send({ name: 'climb', kind: 'folder', cron: '0 3 * * *', config: { path: `${dir}/../../../etc` } });
    expect(climbing.status).toBe(400);
    const folder = mkdtempSync(path.join(tmpdir(), 'seam-drop-'));
    symlinkSync('/etc/passwd', path.join(folder, 'passwd.jsonl'));
    writeFileSync(path.join(folder, 'notes.csv'), 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    writeFileSync(path.join(folder, 'config.jsonl'), '{"secret":"hunter2","api_key":"k-123"}\n{"secret":"again"}\n');
    for (const f of ['passwd.jsonl', 'notes.csv', 'config.jsonl']) lutimesSync(path.join(folder, f), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const source = await admin.post('/api/sources').send({ name: 'drop', kind: 'folder', cron: '0 3 * * *', retries: 0, config: { path: folder } });
    expect(source.status).toBe(201);
    const run = await admin.post(`/api/sources/${source.body.id}/run?wait=true`);
    expect(run.body.attempts[0].note).toMatch(/1 link to files outside SEAM_SOURCE_ROOTS, not read: passwd\.jsonl/);
    expect(run.body.attempts[0].error).toMatch(/config\.jsonl: no row is a conversation message/);
    const manager = await client(app, 'manager');
    const imports = (await manager.get('/api/imports?limit=10')).body.items as { id: number }[];
    for (const i of imports) {
      const body = JSON.stringify((await manager.get(`/api/imports/${i.id}`)).body);
      expect(body).not.toMatch(/hunter2|root:x:0|nologin/);
    }
  });

  it('fetches no loopback or private address for an HTTP source, and says so the same way whether a port is open or not', async () => {
    const server = createServer((_req, res) => res.end('internal page'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const errors: string[] = [];
      for (const url of [`http://127.0.0.1:${port}/admin`, 'http://127.0.0.1:1/closed', 'http://[::1]:1/x', 'http://169.254.169.254/latest/meta-data', `http://localhost:${port}/admin`]) {
        const source = await admin.post('/api/sources').send({ name: `probe-${errors.length}`, kind: 'http', cron: '0 3 * * *', retries: 0, config: { url } });
        const run = await admin.post(`/api/sources/${source.body.id}/run?wait=true`);
        expect(run.body.attempts[0]).toMatchObject({ status: 'failed', items: 0 });
        errors.push(run.body.attempts[0].error.replace(url, 'URL'));
      }
      expect(new Set(errors.map((e) => e.replace(/(127\.0\.0\.1|::1|169\.254\.169\.254|localhost)/, 'HOST')))).toEqual(new Set(['URL: HOST is a private or loopback address (SEAM_SOURCE_ALLOW_PRIVATE=true allows it)']));
    } finally {
      server.close();
    }
  });

  it('sends a source\'s headers and credentials to its own origin only, and checks every redirect', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const other = createServer((req, res) => {
      seen.push({ host: 'other', key: req.headers['x-api-key'] as string | undefined, auth: req.headers.authorization });
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPort = (other.address() as { port: number }).port;
    const origin = createServer((req, res) => {
      seen.push({ host: 'origin', key: req.headers['x-api-key'] as string | undefined, auth: req.headers.authorization });
      res.statusCode = 302;
      res.setHeader('location', req.url === '/loop' ? '/loop' : `http://localhost:${otherPort}/export.jsonl`);
      res.end();
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const originPort = (origin.address() as { port: number }).port;
    try {
      const headers = { 'X-Api-Key': 'k-secret', Authorization: 'Bearer t-secret' };
      const res = await guardedGet(`http://127.0.0.1:${originPort}/export.jsonl`, { headers, timeoutMs: 5000, allowPrivate: true });
      res.resume();
      expect(seen).toEqual([
        { host: 'origin', key: 'k-secret', auth: 'Bearer t-secret' },
        { host: 'other', key: undefined, auth: undefined },
      ]);
      await expect(guardedGet(`http://127.0.0.1:${originPort}/loop`, { headers, timeoutMs: 5000, allowPrivate: true })).rejects.toThrow(/more than 5 redirects/);
      await expect(guardedGet(`http://127.0.0.1:${originPort}/export.jsonl`, { headers, timeoutMs: 5000, allowPrivate: false })).rejects.toThrow(/private or loopback/);
    } finally {
      origin.close();
      other.close();
    }
  });

  it('never answers a source\'s secret, in its configuration or in its errors', async () => {
    const secrets = ['pw-s3cret', 'Pa#ss/w0rd', 'hdr-value-9'];
    const made = [
      await admin.post('/api/sources').send({ name: 'secret-http', kind: 'http', cron: '0 3 * * *', retries: 0, config: { url: 'http://user:pw-s3cret@127.0.0.1:1/x', headers: { 'X-Api-Key': 'hdr-value-9' } } }),
      await admin.post('/api/sources').send({ name: 'secret-pg', kind: 'postgres', cron: '0 3 * * *', retries: 0, config: { url: 'postgres://seam:Pa#ss/w0rd@127.0.0.1:99999/db', query: 'SELECT 1 AS id', cursor: 'id' } }),
    ];
    const answers: unknown[] = [];
    for (const m of made) {
      if (m.status !== 201) {
        answers.push(m.body);
        continue;
      }
      answers.push(m.body, (await admin.post(`/api/sources/${m.body.id}/run?wait=true`)).body, (await admin.get(`/api/sources/${m.body.id}`)).body, (await admin.get(`/api/sources/${m.body.id}/runs`)).body);
    }
    answers.push((await admin.get('/api/sources')).body, (await admin.get('/api/health')).body, (await admin.get('/api/audit?limit=50')).body);
    const text = JSON.stringify(answers);
    for (const secret of secrets) expect({ secret, leaked: text.includes(secret) || text.includes(encodeURIComponent(secret)) }).toEqual({ secret, leaked: false });
    expect(text).toMatch(/\*\*\*/);
  });

  it('keeps an agent to the review queue: no inactive flag, no message text in intents', async () => {
    const [inactive] = await ds.query(
      `INSERT INTO flags (conversation_id, reason, severity, severity_rank, evidence, detail, active, status, assignee, created_at, updated_at)
       SELECT id, 'test', 'low', 1, '[]', '', 0, 'reviewed', NULL, 0, 0 FROM conversations WHERE id NOT IN (SELECT conversation_id FROM flags) LIMIT 1 RETURNING id, conversation_id`,
    );
    const { username, token } = await account(app, 'agent');
    const agent = request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
    expect((await agent.get(`/api/conversations/${inactive.conversation_id}`)).status).toBe(403);
    const claim = await agent.patch(`/api/flags/${inactive.id}`).send({ assignee: username });
    expect(claim.status).toBe(404);
    expect((await agent.get(`/api/conversations/${inactive.conversation_id}`)).status).toBe(403);
    const managerView = await admin.get('/api/intents');
    expect(managerView.body.items.some((i: { examples: string[] }) => i.examples.length > 0)).toBe(true);
    const agentView = await agent.get('/api/intents');
    expect(agentView.status).toBe(200);
    expect(agentView.body.items.length).toBe(managerView.body.items.length);
    expect(agentView.body.items.every((i: { examples: string[] }) => i.examples.length === 0)).toBe(true);
  });

  it('shows only counts of failing sources to anonymous health checks', async () => {
    const open = await request(app.getHttpServer()).get('/api/health');
    expect(open.body.sources).toEqual({ total: expect.any(Number), failingCount: expect.any(Number) });
    expect(open.body.sources.failingCount).toBeGreaterThan(0);
    expect(JSON.stringify(open.body)).not.toMatch(/secret-http|probe-/);
    expect((await admin.get('/api/health')).body.sources.failing.length).toBe(open.body.sources.failingCount);
  });

  it('sends security headers on pages, assets and the API, and no-store on the API', async () => {
    const http = request(app.getHttpServer());
    for (const url of ['/', '/intents', '/api/health']) {
      const res = await http.get(url);
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    expect((await admin.get('/api/intents')).headers['cache-control']).toBe('no-store');
  });

  it('refuses a change asked by a page of another origin (another port of the same host too), by cookie or in sample mode', async () => {
    const { username } = await account(app, 'admin');
    const browser = request.agent(app.getHttpServer());
    expect((await browser.post('/api/auth/login').send({ username, password: PASSWORD })).status).toBe(200);
    const host = '127.0.0.1:3000';
    const [{ id: intent }] = await ds.query('SELECT id FROM intents ORDER BY id LIMIT 1');
    const forged = await browser.patch(`/api/intents/${intent}`).set('Host', host).set('Origin', 'http://127.0.0.1:8080').send({ label: 'forged' });
    expect(forged.status).toBe(403);
    expect(forged.body.message).toMatch(/another site/);
    const fetchMeta = await browser.post('/api/tokens').set('Host', host).set('Sec-Fetch-Site', 'cross-site').send({ name: 'x', scope: 'full' });
    expect(fetchMeta.status).toBe(403);
    const upload = await browser.post('/api/imports').set('Host', host).set('Referer', 'http://evil.example/page').attach('file', Buffer.from('{}'), 'x.jsonl');
    expect(upload.status).toBe(403);
    const own = await browser.patch(`/api/intents/${intent}`).set('Host', host).set('Origin', `http://${host}`).send({ label: 'renamed here' });
    expect(own.status).toBe(200);
    // Behind a trusted proxy, the host the browser used is the proxy's; an untrusted X-Forwarded-Host counts for nothing.
    const viaProxy = (r: request.Test) => r.set('Host', '127.0.0.1:3000').set('X-Forwarded-Host', 'seam.example.com').set('Origin', 'https://seam.example.com').send({ label: 'via the proxy' });
    expect((await viaProxy(browser.patch(`/api/intents/${intent}`))).status).toBe(403);
    const proxied = await createApp({ ...db.config, trustProxy: 'loopback' }, false);
    await proxied.init();
    try {
      const cookie = String(browser.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false }).toValueString());
      const res = await viaProxy(request(proxied.getHttpServer()).patch(`/api/intents/${intent}`).set('Cookie', cookie));
      expect(res.status).toBe(200);
    } finally {
      await proxied.close();
    }
    // An API token is not sent by a browser on its own: no origin is asked of it.
    expect((await admin.patch(`/api/intents/${intent}`).set('Origin', 'http://elsewhere.example').send({ label: null })).status).toBe(200);
  });

  it('keeps failed sign-ins in the database, per account with a growing delay and per address, and sets Secure cookies behind a TLS proxy', async () => {
    const { username } = await account(app, 'manager');
    const http = request(app.getHttpServer());
    for (let i = 0; i < 5; i++) expect((await http.post('/api/auth/login').send({ username, password: 'wrong password!' })).status).toBe(401);
    const held = await http.post('/api/auth/login').send({ username, password: PASSWORD });
    expect(held.status).toBe(401);
    expect(held.body.message).toMatch(/too many failed sign-ins for this account; try again in \d+ s/);
    const [row] = await ds.query(`SELECT failures FROM sign_in_attempts WHERE subject = 'account:${username.toLowerCase()}'`);
    expect(Number(row.failures)).toBe(5);
    // Another app on the same database (another process, or after a restart) holds the account back too.
    const other = await createApp(db.config, false);
    await other.init();
    try {
      expect((await request(other.getHttpServer()).post('/api/auth/login').send({ username, password: PASSWORD })).body.message).toMatch(/too many failed sign-ins/);
    } finally {
      await other.close();
    }
    await ds.query(`UPDATE sign_in_attempts SET held_until = 0 WHERE subject = 'account:${username.toLowerCase()}'`);
    expect((await http.post('/api/auth/login').send({ username, password: PASSWORD })).status).toBe(200);
    const [address] = await ds.query(`SELECT failures FROM sign_in_attempts WHERE subject LIKE 'address:%'`);
    expect(Number(address.failures)).toBeGreaterThanOrEqual(5);
    await ds.query(`DELETE FROM sign_in_attempts`);

    const proxied = await createApp({ ...db.config, trustProxy: 'loopback' }, false);
    await proxied.init();
    try {
      const behind = await request(proxied.getHttpServer()).post('/api/auth/login').set('X-Forwarded-Proto', 'https').send({ username, password: PASSWORD });
      expect(behind.status).toBe(200);
      expect(String(behind.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
    const plain = await http.post('/api/auth/login').set('X-Forwarded-Proto', 'https').send({ username, password: PASSWORD });
    expect(String(plain.headers['set-cookie'])).not.toMatch(/; Secure/);
  });

  it('refuses weak passwords, and lets no API token manage accounts', async () => {
    const person = await session(app, 'admin');
    for (const [password, reason] of [
      ['shorty-boss', /user name/],
      ['zzzzzzzzzzzz', /one character repeated/],
      ['1234567890', /common passwords/],
    ] as const) {
      const res = await person.post('/api/users').send({ username: 'shorty', password, role: 'agent' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(reason);
    }
    expect((await person.post('/api/users').send({ username: 'by-person', password: PASSWORD, role: 'agent' })).status).toBe(201);
    const token = await admin.post('/api/users').send({ username: 'by-token', password: PASSWORD, role: 'admin' });
    expect(token.status).toBe(403);
    expect(token.body.message).toMatch(/API tokens do not manage accounts/);
  });

  it('keeps the database and uploads to Seam\'s own user', async () => {
    const mode = (file: string) => statSync(file).mode & 0o777;
    expect(mode(db.config.sqlitePath)).toBe(0o600);
    expect(mode(path.join(db.config.dataDir, 'uploads'))).toBe(0o700);
  });
});
