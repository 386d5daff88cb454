import { INestApplication } from '@nestjs/common';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import type { UserRole } from '#contracts';
import { account, Client, PASSWORD, session } from '../support/access';
import { analysedApp } from '../support/app';
import { ENGINES, TestDatabase } from '../support/engines';

const DATA = path.resolve(__dirname, '../../../shared/data');
type Who = 'anonymous' | UserRole;
const WHO: Who[] = ['anonymous', 'agent', 'manager', 'admin'];

describe.each(ENGINES)('access control on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let clients: Record<Who, Client>;
  let flagged: string;
  let unflagged: string;
  let flagId: number;
  let intentId: number;

  beforeAll(async () => {
    ({ db, app } = await analysedApp(engine, { seed: 5, conversations: 150, days: 20 }));
    const ds = app.get(DataSource);
    [{ conversation_id: flagged, id: flagId }] = await ds.query('SELECT conversation_id, id FROM flags WHERE active = 1 ORDER BY id LIMIT 1');
    flagId = Number(flagId);
    [{ id: unflagged }] = await ds.query('SELECT id FROM conversations WHERE id NOT IN (SELECT conversation_id FROM flags) ORDER BY id LIMIT 1');
    [{ id: intentId }] = await ds.query('SELECT id FROM intents ORDER BY id LIMIT 1');
    intentId = Number(intentId);
    // Signed in as a person is (a session cookie); what API tokens may do is checked on its own below.
    clients = {
      anonymous: request.agent(app.getHttpServer()),
      agent: await session(app, 'agent'),
      manager: await session(app, 'manager'),
      admin: await session(app, 'admin'),
    };
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  // Every endpoint, and who may call it. Writes that would change what later rows check send a body the
  // endpoint refuses (400/404) once past the guard: what is tested here is the guard's answer.
  const table: [string, string, () => object | undefined, Who[]][] = [
    ['GET', '/api/health', () => undefined, WHO],
    ['GET', '/api/auth/me', () => undefined, ['agent', 'manager', 'admin']],
    ['GET', '/api/tokens', () => undefined, ['agent', 'manager', 'admin']],
    ['GET', '/api/metrics/overview', () => undefined, ['manager', 'admin']],
    ['GET', '/api/metrics/timeseries', () => undefined, ['manager', 'admin']],
    ['GET', '/api/metrics/by-intent', () => undefined, ['manager', 'admin']],
    ['GET', '/api/metrics/segments?by=customers', () => undefined, ['manager', 'admin']],
    ['GET', '/api/metrics/compare?version=999999', () => undefined, ['manager', 'admin']],
    ['GET', '/api/breakdowns', () => undefined, ['manager', 'admin']],
    ['GET', '/api/behaviour/journeys', () => undefined, ['manager', 'admin']],
    ['GET', '/api/behaviour/journeys/next?of=none', () => undefined, ['manager', 'admin']],
    ['GET', '/api/behaviour/when', () => undefined, ['manager', 'admin']],
    ['GET', '/api/behaviour/effort', () => undefined, ['manager', 'admin']],
    ['GET', '/api/flows', () => undefined, ['manager', 'admin']],
    ['GET', '/api/flags', () => undefined, ['agent', 'manager', 'admin']],
    ['PATCH', '/api/flags/:flag', () => ({ note: 'looked at it' }), ['agent', 'manager', 'admin']],
    ['GET', '/api/flags/assignees', () => undefined, ['agent', 'manager', 'admin']],
    ['GET', '/api/conversations', () => undefined, ['manager', 'admin']],
    ['GET', '/api/conversations/export?format=csv&from=2001-01-01&to=2001-01-02', () => undefined, ['manager', 'admin']],
    ['GET', '/api/conversations/:flagged', () => undefined, ['agent', 'manager', 'admin']],
    ['GET', '/api/conversations/:unflagged', () => undefined, ['manager', 'admin']],
    ['GET', '/api/intents', () => undefined, ['agent', 'manager', 'admin']],
    ['GET', '/api/intents/map', () => undefined, ['manager', 'admin']],
    ['GET', '/api/intents/bot-readings', () => undefined, ['manager', 'admin']],
    ['GET', '/api/intents/:intent', () => undefined, ['manager', 'admin']],
    ['PATCH', '/api/intents/:intent', () => ({ label: 'x'.repeat(500) }), ['manager', 'admin']],
    ['POST', '/api/intents/:intent/merge', () => ({ into: 'not a number' }), ['manager', 'admin']],
    ['POST', '/api/intents/999999/split', () => ({}), ['manager', 'admin']],
    ['GET', '/api/analysis', () => undefined, ['manager', 'admin']],
    ['POST', '/api/analysis', () => ({ recluster: 'sometimes' }), ['admin']],
    ['GET', '/api/imports', () => undefined, ['manager', 'admin']],
    ['GET', '/api/imports/1', () => undefined, ['manager', 'admin']],
    ['POST', '/api/imports', () => ({}), ['admin']],
    ['GET', '/api/users', () => undefined, ['admin']],
    ['POST', '/api/users', () => ({ username: '', password: '', role: 'nobody' }), ['admin']],
    ['PATCH', '/api/users/999999', () => ({ role: 'agent' }), ['admin']],
    ['GET', '/api/audit', () => undefined, ['admin']],
    ['GET', '/api/sources', () => undefined, ['manager', 'admin']],
    ['GET', '/api/sources/999999', () => undefined, ['manager', 'admin']],
    ['GET', '/api/sources/999999/runs', () => undefined, ['manager', 'admin']],
    ['POST', '/api/sources', () => ({ name: 'x', kind: 'ftp' }), ['admin']],
    ['PATCH', '/api/sources/999999', () => ({ cron: '0 2 * * *' }), ['admin']],
    ['DELETE', '/api/sources/999999', () => undefined, ['admin']],
    // Open to the platform: its token, not a session, admits it (a wrong one is 404 for everyone).
    ['POST', '/api/hooks/chatwoot/999999?token=x', () => ({ event: 'message_created' }), WHO],
    ['POST', '/api/sources/999999/run', () => ({}), ['admin']],
    ['GET', '/api/gaps', () => undefined, ['manager', 'admin']],
    ['GET', '/api/gaps/export?format=csv&ids=999999', () => undefined, ['manager', 'admin']],
    ['POST', '/api/gaps/999999/accept', () => ({ label: '' }), ['manager', 'admin']],
    ['POST', '/api/gaps/999999/dismiss', () => ({}), ['manager', 'admin']],
    ['GET', '/api/bot/versions', () => undefined, ['manager', 'admin']],
    ['GET', '/api/bot/versions/999999', () => undefined, ['manager', 'admin']],
    ['POST', '/api/bot/versions', () => ({}), ['admin']],
    ['GET', '/api/alerts', () => undefined, ['manager', 'admin']],
    ['POST', '/api/alerts/999999/acknowledge', () => ({}), ['manager', 'admin']],
    ['POST', '/api/alerts/999999/mute', () => ({ days: 7 }), ['manager', 'admin']],
    ['GET', '/api/alert-channels', () => undefined, ['admin']],
    ['POST', '/api/alert-channels', () => ({ name: 'x', type: 'pager' }), ['admin']],
    ['PATCH', '/api/alert-channels/999999', () => ({ enabled: false }), ['admin']],
    ['DELETE', '/api/alert-channels/999999', () => undefined, ['admin']],
    ['POST', '/api/alert-channels/999999/test', () => ({}), ['admin']],
    ['GET', '/api/alert-channels/999999/deliveries', () => undefined, ['admin']],
    ['GET', '/api/openapi.json', () => undefined, ['agent', 'manager', 'admin']],
    ['GET', '/api/docs', () => undefined, ['agent', 'manager', 'admin']],
    ['GET', '/api/docs/start.js', () => undefined, ['agent', 'manager', 'admin']],
  ];

  it.each(table)('%s %s admits exactly its roles', async (method, template, body, allowed) => {
    const url = template.replace(':flagged', flagged).replace(':unflagged', unflagged).replace(':flag', String(flagId)).replace(':intent', String(intentId));
    for (const who of WHO) {
      const req = clients[who][method.toLowerCase() as 'get'](url);
      const res = await (body() ? req.send(body()) : req);
      const refused = who === 'anonymous' ? 401 : 403;
      if (allowed.includes(who)) {
        expect({ who, refused: [401, 403].includes(res.status), serverError: res.status >= 500 }).toEqual({ who, refused: false, serverError: false });
      } else {
        expect({ who, status: res.status }).toEqual({ who, status: refused });
        expect(res.body.code).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
    }
  });

  it('signs in with a password, keeps the session in an HttpOnly cookie, and signs out', async () => {
    const { username } = await account(app, 'manager');
    const browser = request.agent(app.getHttpServer());
    const wrong = await browser.post('/api/auth/login').send({ username, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect((await browser.post('/api/auth/login').send({ username: 'nobody', password: PASSWORD })).status).toBe(401);
    const ok = await browser.post('/api/auth/login').send({ username, password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.headers['set-cookie'][0]).toMatch(/^seam_session=seam_[\w-]+;.*HttpOnly.*SameSite=Strict/);
    expect((await browser.get('/api/auth/me')).body).toMatchObject({ username, role: 'manager', via: 'session', demo: false });
    expect((await browser.get('/api/metrics/overview')).status).toBe(200);
    expect((await browser.post('/api/auth/logout')).status).toBe(204);
    expect((await browser.get('/api/auth/me')).status).toBe(401);
  });

  it('holds an account back after five failed sign-ins', async () => {
    const { username } = await account(app, 'agent');
    const http = request(app.getHttpServer());
    for (let i = 0; i < 5; i++) await http.post('/api/auth/login').send({ username, password: `guess ${i}` });
    const res = await http.post('/api/auth/login').send({ username, password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/too many failed sign-ins/);
  });

  it('ends the sessions and tokens of a disabled account, and keeps the last admin', async () => {
    const admin = clients.admin;
    const { username, token } = await account(app, 'manager');
    const browser = request.agent(app.getHttpServer());
    await browser.post('/api/auth/login').send({ username, password: PASSWORD });
    const users = (await admin.get('/api/users')).body as { id: number; username: string; role: string }[];
    const id = users.find((u) => u.username === username)!.id;
    expect((await admin.patch(`/api/users/${id}`).send({ disabled: true })).status).toBe(200);
    expect((await browser.get('/api/auth/me')).status).toBe(401);
    expect((await request(app.getHttpServer()).get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const admins = users.filter((u) => u.role === 'admin');
    for (const a of admins.slice(1)) await admin.patch(`/api/users/${a.id}`).send({ role: 'manager' });
    const last = await admin.patch(`/api/users/${admins[0].id}`).send({ role: 'agent' });
    expect(last.status).toBe(400);
    expect(last.body.message).toMatch(/last active admin/);
  });

  it('limits API tokens to their scope and refuses revoked ones', async () => {
    const { token: read } = await account(app, 'admin', 'read');
    const { token: imports } = await account(app, 'admin', 'import');
    const as = (token: string) => request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
    expect((await as(read).get('/api/users')).status).toBe(200);
    expect((await as(read).patch(`/api/flags/${flagId}`).send({ note: 'x' })).status).toBe(403);
    expect((await as(read).post('/api/imports?wait=true').attach('file', path.join(DATA, 'twcs/sample.csv'))).status).toBe(403);
    expect((await as(imports).post('/api/imports?wait=true').attach('file', path.join(DATA, 'twcs/sample.csv'))).status).toBe(201);
    expect((await as(imports).patch(`/api/flags/${flagId}`).send({ note: 'x' })).status).toBe(403);
    // Tokens are made and revoked by a signed-in user, not by a token; nor does a token manage accounts.
    expect((await as(imports).post('/api/tokens').send({ name: 'more', scope: 'full' })).status).toBe(403);
    const { token: full } = await account(app, 'admin', 'full');
    expect((await as(full).post('/api/users').send({ username: 'made-by-token', password: PASSWORD, role: 'admin' })).status).toBe(403);
    expect((await as(full).patch('/api/users/1').send({ role: 'admin' })).status).toBe(403);
    const { username } = await account(app, 'agent');
    const browser = request.agent(app.getHttpServer());
    await browser.post('/api/auth/login').send({ username, password: PASSWORD });
    const made = await browser.post('/api/tokens').send({ name: 'nightly', scope: 'read' });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^seam_/);
    expect((await browser.get('/api/tokens')).body.map((t: { name: string }) => t.name)).toContain('nightly');
    expect(JSON.stringify((await browser.get('/api/tokens')).body)).not.toContain(made.body.token);
    expect((await as(made.body.token).get('/api/flags')).status).toBe(200);
    expect((await browser.delete(`/api/tokens/${made.body.id}`)).status).toBe(204);
    expect((await as(made.body.token).get('/api/flags')).status).toBe(401);
  });

  it('answers a refused upload once its body has arrived, so a client still sending reads the refusal', async () => {
    const { token } = await account(app, 'admin', 'read');
    const server = http.createServer(app.getHttpAdapter().getInstance());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const chunks = 8;
    try {
      const order: string[] = [];
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({
          port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST', path: '/api/imports',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': chunk.length * chunks },
        }, (res) => {
          order.push('answer');
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        let sent = 0;
        const next = () => {
          if (++sent === chunks) {
            order.push('last chunk sent');
            return req.end(chunk);
          }
          req.write(chunk, () => setTimeout(next, 30));
        };
        next();
      });
      expect(status).toBe(403);
      expect(order).toEqual(['last chunk sent', 'answer']);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  it('lets an agent open a conversation assigned to them once its flag has left the queue', async () => {
    const { username, token } = await account(app, 'agent');
    const agent = request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
    const ds = app.get(DataSource);
    const [{ id }] = await ds.query('SELECT id FROM conversations WHERE id NOT IN (SELECT conversation_id FROM flags) ORDER BY id DESC LIMIT 1');
    expect((await agent.get(`/api/conversations/${id}`)).status).toBe(403);
    await ds.query(
      engine === 'postgres'
        ? `INSERT INTO flags (conversation_id, reason, severity, severity_rank, evidence, detail, active, status, assignee, created_at, updated_at) VALUES ($1, 'test', 'low', 1, '[]', '', 0, 'resolved', $2, 0, 0)`
        : `INSERT INTO flags (conversation_id, reason, severity, severity_rank, evidence, detail, active, status, assignee, created_at, updated_at) VALUES (?, 'test', 'low', 1, '[]', '', 0, 'resolved', ?, 0, 0)`,
      [id, username],
    );
    expect((await agent.get(`/api/conversations/${id}`)).status).toBe(200);
  });

  it('writes review actions and intent changes to the audit log: who, what, when', async () => {
    const { username, token } = await account(app, 'agent');
    const agent = request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
    const before = Date.now();
    expect((await agent.patch(`/api/flags/${flagId}`).send({ status: 'reviewed', note: 'bot missed the refund wording' })).status).toBe(200);
    expect((await clients.manager.patch(`/api/intents/${intentId}`).send({ label: 'refund status' })).status).toBe(200);
    const log = await clients.admin.get(`/api/audit?target=flag:${flagId}&limit=5`);
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({ actor: `${username} (API token)`, action: 'flag.update', target: `flag:${flagId}`, detail: { status: 'reviewed', note: 'bot missed the refund wording' } });
    expect(log.body.items[0].at).toBeGreaterThanOrEqual(before);
    const intent = await clients.admin.get(`/api/audit?target=intent:${intentId}`);
    expect(intent.body.items[0]).toMatchObject({ action: 'intent.rename', detail: { label: 'refund status' } });
  });

  it('signs a visitor in as the demo admin in sample mode only', async () => {
    expect((await clients.anonymous.get('/api/auth/me')).status).toBe(401);
    const demo = await createApp({ ...db.config, demo: true }, false);
    await demo.init();
    try {
      const me = await request(demo.getHttpServer()).get('/api/auth/me');
      expect(me.body).toMatchObject({ username: 'demo', role: 'admin', demo: true, via: 'demo' });
      // No password signs in to the demo account.
      expect((await request(demo.getHttpServer()).post('/api/auth/login').send({ username: 'demo', password: 'anything at all' })).status).toBe(401);
    } finally {
      await demo.close();
    }
  });
});
