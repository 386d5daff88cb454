import { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { AlertsService, MAX_ATTEMPTS } from '../../server/src/modules/alerts/alerts.service';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { BotService } from '../../server/src/modules/bot/bot.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import type { SampleMessage } from '../../server/src/modules/sample/sample.generator';
import { client, Client } from '../support/access';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';

const DAY = 86_400_000;
/** The last complete day (UTC) is 2024-06-30: 90 conversations, half of them handed to a person; 30 a day, one in ten handed, the five weeks before. */
const SPIKE = Date.UTC(2024, 5, 30);

function day(at: number, n: number, handoffShare: number, prefix: string): SampleMessage[] {
  const out: SampleMessage[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${at}-${i}`;
    const t = at + 9 * 3_600_000 + i * 60_000;
    const msg = (k: number, role: SampleMessage['role'], text: string, extra: Partial<SampleMessage> = {}): SampleMessage => ({
      conversation_id: id, message_id: `${id}-${k}`, timestamp: new Date(t + k * 10_000).toISOString(), role, text, customer_id: `c-${prefix}-${at}-${i}`, channel: 'web', ...extra,
    });
    out.push(msg(1, 'bot', 'Hi, how can I help?'), msg(2, 'customer', 'where is my refund for order 1234'));
    if (i < n * handoffShare) out.push(msg(3, 'customer', 'let me talk to a person'), msg(4, 'system', '', { event: 'handoff' }), msg(5, 'agent', 'Checking your refund now.'));
    else out.push(msg(3, 'bot', 'Your refund is on its way.'), msg(4, 'system', '', { event: 'resolved' }));
  }
  return out;
}

/** The bot's version 2 went live three weeks before the spike: a third of conversations were handed to a person before it, one in ten since. */
const VERSION_LIVE = SPIKE - 21 * DAY;

/** Five weeks of ordinary days, the spike, and a few conversations of the day after (the period ends before them). */
function log(): SampleMessage[] {
  const out: SampleMessage[] = [];
  for (let d = 35; d >= 1; d--) out.push(...day(SPIKE - d * DAY, 30, SPIKE - d * DAY < VERSION_LIVE ? 1 / 3 : 0.1, 'o'));
  out.push(...day(SPIKE, 90, 0.5, 's'), ...day(SPIKE + DAY, 3, 0.1, 't'));
  return out;
}

interface Received {
  headers: IncomingMessage['headers'];
  body: { kind: string; alerts: { metric: string; summary: string; url: string }[] };
}

describe.each(ENGINES)('alerts on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let admin: Client;
  let manager: Client;
  let alerts: AlertsService;
  let ds: DataSource;
  let hook: Server;
  let hookUrl: string;
  let failing = false;
  const received: Received[] = [];
  let smtp: SMTPServer;
  let smtpPort: number;
  const mails: string[] = [];

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failing) {
          res.statusCode = 500;
          return res.end('receiver down');
        }
        received.push({ headers: req.headers, body: JSON.parse(body) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/seam`;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onAuth: (auth, _session, callback) => (auth.username === 'seam' && auth.password === 'mail-secret' ? callback(null, { user: 'seam' }) : callback(new Error('bad credentials'))),
      onData: (stream, _session, callback) => {
        let text = '';
        stream.on('data', (c) => (text += c));
        stream.on('end', () => {
          mails.push(text);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;

    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_TIME_ZONE: 'UTC', SEAM_ALERT_ALLOW_PRIVATE: 'true', SEAM_ALERT_RETRY_SECONDS: '60', SEAM_SCHEDULER: 'false', SEAM_PUBLIC_URL: 'https://seam.example' });
    app = await createApp(db.config, false);
    await app.init();
    alerts = app.get(AlertsService);
    ds = app.get(DataSource);
    admin = await client(app, 'admin');
    manager = await client(app, 'manager');
    // Channels first: the analysis's alerts go to them.
    const webhook = await admin.post('/api/alert-channels').send({ name: 'ops webhook', type: 'webhook', config: { url: hookUrl, format: 'json', secret: 'hook-secret' } });
    expect(webhook.status).toBe(201);
    const mail = await admin.post('/api/alert-channels').send({
      name: 'managers', type: 'email', config: { host: '127.0.0.1', port: smtpPort, tls: 'none', user: 'seam', password: 'mail-secret', from: 'seam@example.com', to: ['lead@example.com'] },
    });
    expect(mail.status).toBe(201);
    expect((await admin.post('/api/alert-channels').send({ name: 'escalations only', type: 'webhook', config: { url: hookUrl, format: 'slack' }, rules: { metrics: ['fallback'] } })).status).toBe(201);
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-alerts-'));
    const file = path.join(dir, 'log.jsonl');
    writers.jsonl(file, log());
    await app.get(ImportsService).importPath(file, { source: 'web' });
    const nlu = 'version: "3.1"\nnlu:\n- intent: refund_status\n  examples: |\n    - where is my refund\n    - refund status for my order\n';
    await app.get(BotService).import({ fileName: 'nlu.yml', files: [{ path: 'nlu.yml', text: nlu }], bot: 'support-bot', version: '2', date: new Date(VERSION_LIVE).toISOString().slice(0, 10) });
    await app.get(AnalysisService).schedule();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await new Promise((resolve) => hook?.close(resolve));
    await new Promise((resolve) => smtp?.close(() => resolve(undefined)));
  });

  it('finds the day that changed after the analysis, with its size, both sides\' counts and the test', async () => {
    const res = await manager.get('/api/alerts');
    expect(res.status).toBe(200);
    const volume = res.body.items.find((a: { subject: string; metric: string }) => a.subject === 'all' && a.metric === 'volume');
    expect(volume).toMatchObject({ direction: 'up', value: 90, baseline: 30, period: 'day', periodStart: SPIKE, periodEnd: SPIKE + DAY, current: { hits: 90, of: 90 }, before: { hits: 120, of: 120 } });
    expect(volume.summary).toBe('All conversations rose to 90 from a usual 30 on that weekday (×3.0)');
    expect(volume.link).toBe(`/conversations?from=${encodeURIComponent(new Date(SPIKE).toISOString())}&to=${encodeURIComponent(new Date(SPIKE + DAY).toISOString())}`);
    expect(volume.q).toBeLessThan(0.01);
    const escalation = res.body.items.find((a: { subject: string; metric: string }) => a.subject === 'all' && a.metric === 'escalation');
    // The baseline's weeks: three after version 2 (3 of 30 handed), one before it (10 of 30).
    expect(escalation).toMatchObject({ direction: 'up', current: { hits: 45, of: 90 }, before: { hits: 19, of: 120 } });
    expect(escalation.link).toContain('handoff=true');
    expect(res.body.unacknowledged).toBe(res.body.items.length);
    // Version 2's first week against the week before it went live.
    const version = res.body.items.find((a: { subjectKind: string }) => a.subjectKind === 'version');
    expect(version).toMatchObject({ metric: 'escalation', direction: 'down', label: 'support-bot 2', periodStart: VERSION_LIVE, current: { hits: 21, of: 210 }, before: { hits: 70, of: 210 } });
    expect(version.summary).toBe('Escalation rate in the week after bot version “support-bot 2” went live fell from 33% to 10% (21 of 210 conversations; 70 of 210 the week before)');
    // Nothing is told twice: the same period again finds nothing new.
    expect(await alerts.detect()).toEqual([]);
  });

  it('posts them to the webhook with its secret, and mails them through SMTP with its login', async () => {
    const json = received.filter((r) => r.body.kind === 'immediate' && Array.isArray(r.body.alerts));
    expect(json).toHaveLength(1);
    expect(json[0].headers.authorization).toBe('Bearer hook-secret');
    // All conversations, and the one intent they are all about.
    const stored = (await manager.get('/api/alerts')).body.items as { metric: string }[];
    expect(json[0].body.alerts.map((a) => a.metric).sort()).toEqual(stored.map((a) => a.metric).sort());
    expect(new Set(stored.map((a) => a.metric))).toEqual(new Set(['escalation', 'volume']));
    expect(json[0].body.alerts[0].url).toMatch(/^https:\/\/seam\.example\/conversations\?from=/);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain(`Subject: Seam: ${stored.length} changes`);
    expect(mails[0]).toContain('lead@example.com');
    expect(mails[0]).toContain('All conversations rose to 90 from a usual 30');
  });

  it('sends a channel only the kinds its rules name', async () => {
    // "escalations only" names fallbacks, which did not change: Slack's text never arrived.
    expect(received.some((r) => typeof (r.body as unknown as { text?: string }).text === 'string')).toBe(false);
  });

  it('never answers a channel\'s secrets', async () => {
    const list = await admin.get('/api/alert-channels');
    const text = JSON.stringify(list.body);
    expect(text).not.toContain('hook-secret');
    expect(text).not.toContain('mail-secret');
    expect(text).not.toContain('/hooks/seam');
    const hook = list.body.items.find((c: { name: string }) => c.name === 'ops webhook');
    expect(hook.config).toEqual({ url: `${new URL(hookUrl).origin}/••••`, format: 'json', secret: '••••' });
    // Sent back masked, they are kept.
    const patched = await admin.patch(`/api/alert-channels/${hook.id}`).send({ config: hook.config, rules: { minConversations: 5 } });
    expect(patched.status).toBe(200);
    const [{ config }] = await ds.query('SELECT config FROM alert_channels WHERE id = ?'.replace('?', engine === 'postgres' ? '$1' : '?'), [hook.id]);
    expect(JSON.parse(config)).toEqual({ url: hookUrl, format: 'json', secret: 'hook-secret' });
    const bad = await admin.post('/api/alert-channels').send({ name: 'bad', type: 'email', config: { host: 'mail', from: 'x', to: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('config.from');
  });

  it('retries a failing send with backoff, gives up after five attempts, and shows the channel failing', async () => {
    const [hookChannel] = (await admin.get('/api/alert-channels')).body.items.filter((c: { name: string }) => c.name === 'ops webhook');
    failing = true;
    const repo = ds;
    const now = Date.now();
    const insert = engine === 'postgres' ? '$1' : '?';
    const [{ id: alertId }] = await repo.query('SELECT MIN(id) AS id FROM alerts');
    await repo.query(`INSERT INTO alert_deliveries (channel_id, kind, alert_ids, status, attempts, next_attempt_at, created_at) VALUES (${insert}, 'immediate', '[${Number(alertId)}]', 'pending', 0, ${now}, ${now})`.replace(insert, String(hookChannel.id)));
    await alerts.processDue(now);
    const status = async () => (await admin.get(`/api/alert-channels/${hookChannel.id}/deliveries`)).body.items[0];
    expect(await status()).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: now + 60_000, lastError: 'the webhook answered 500: receiver down' });
    // Not before its time; then 60 s, 120 s, 240 s, 480 s after each failure.
    await alerts.processDue(now + 59_000);
    expect((await status()).attempts).toBe(1);
    let at = now;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      at += 60_000 * 2 ** (attempt - 1);
      await alerts.processDue(at);
    }
    expect(await status()).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    const health = await manager.get('/api/health');
    expect(health.body.status).toBe('degraded');
    expect(health.body.alertChannels).toMatchObject({ failingCount: 1, failing: [{ name: 'ops webhook', type: 'webhook', consecutiveFailures: 1, lastError: 'the webhook answered 500: receiver down' }] });
    const tried = await admin.post(`/api/alert-channels/${hookChannel.id}/test`);
    expect(tried.body).toMatchObject({ kind: 'test', status: 'failed', attempts: 1 });
    failing = false;
    const ok = await admin.post(`/api/alert-channels/${hookChannel.id}/test`);
    expect(ok.body).toMatchObject({ kind: 'test', status: 'sent' });
    expect((await manager.get('/api/health')).body.status).toBe('ok');
  });

  it('sends a digest of what changed since the last one, once a day at its hour', async () => {
    const digest = await admin.post('/api/alert-channels').send({ name: 'morning digest', type: 'webhook', config: { url: hookUrl, format: 'teams' }, rules: { mode: 'digest', digestHour: 7 } });
    expect(digest.status).toBe(201);
    const dry = await alerts.digest(Date.now(), { force: true, dryRun: true });
    expect(new Set(dry.find((d) => d.channel === 'morning digest')!.alerts.map((a) => a.metric))).toEqual(new Set(['escalation', 'volume']));
    const before = received.length;
    await alerts.digest(Date.now(), { force: true });
    const card = received.slice(before).map((r) => r.body as unknown as { '@type'?: string; text?: string });
    expect(card).toHaveLength(1);
    expect(card[0]['@type']).toBe('MessageCard');
    expect(card[0].text).toContain('All conversations rose to 90');
    // Its hour: due at 07:30 (nothing changed since: nothing sent), not again at 08:00 the same day.
    expect((await alerts.digest(Date.UTC(2030, 0, 1, 7, 30))).map((d) => [d.channel, d.alerts.length])).toEqual([['morning digest', 0]]);
    expect(await alerts.digest(Date.UTC(2030, 0, 1, 8))).toEqual([]);
    expect(await alerts.digest(Date.UTC(2030, 0, 2, 6))).toEqual([]);
    expect((await alerts.digest(Date.UTC(2030, 0, 2, 7))).map((d) => d.channel)).toEqual(['morning digest']);
    expect(received.length).toBe(before + 1);
  });

  it('acknowledges and mutes: a muted change is not told again while muted', async () => {
    const list = (await manager.get('/api/alerts')).body;
    const volume = list.items.find((a: { metric: string }) => a.metric === 'volume');
    const acked = await manager.post(`/api/alerts/${volume.id}/acknowledge`);
    expect(acked.body).toMatchObject({ acknowledgedBy: expect.any(String) });
    expect((await manager.get('/api/alerts')).body.unacknowledged).toBe(list.unacknowledged - 1);
    const escalation = list.items.find((a: { metric: string }) => a.metric === 'escalation');
    expect((await manager.post(`/api/alerts/${escalation.id}/mute`).send({ days: 7 })).status).toBe(200);
    expect((await manager.post(`/api/alerts/${escalation.id}/mute`).send({ days: 0 })).status).toBe(400);
    // Forgotten (deleted), the escalation would be found again; muted, it is not.
    const p = engine === 'postgres' ? '$1' : '?';
    await ds.query(`DELETE FROM alerts WHERE id = ${p}`, [escalation.id]);
    expect((await alerts.detect()).map((a) => a.metric)).toEqual([]);
    await ds.query('DELETE FROM alert_mutes');
    expect((await alerts.detect()).map((a) => a.metric)).toEqual(['escalation']);
  });
});
