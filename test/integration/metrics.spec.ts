import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { MetricsService } from '../../server/src/modules/metrics/metrics.service';
import { AccessService } from '../../server/src/modules/access/access.service';
import { client, Client, PASSWORD } from '../support/access';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';

const MIN = 60_000;
const T0 = Date.UTC(2024, 4, 1, 10);

type Row = [string, string, string, number, string, string, string?, number?];

/**
 * Five conversations whose numbers are worked out by hand (docs/metrics.md):
 * A  u1 day 0: bot answers, customer thanks — contained; u1 comes back on day 2 about the same thing (D): not deflected.
 * B  u2 day 0: bot falls back, the customer leaves — abandoned after fallback (and ends negative).
 * C  u3 day 1, whatsapp: fallback, "agent please", handoff at +3 min, agent at +13 min asks for the order number again.
 * D  u1 day 2: bot answers; the window closes (E is 10 days later) without a return — deflected.
 * E  u4 day 12: the newest; its window is open — pending.
 */
const ROWS: Row[] = [
  ['A', 'u1', 'web', 0, 'bot', 'Hi! How can I help?'],
  ['A', 'u1', 'web', 1, 'customer', 'where is my refund'],
  ['A', 'u1', 'web', 2, 'bot', 'Refunds take 5 days'],
  ['A', 'u1', 'web', 3, 'customer', 'thanks'],
  ['B', 'u2', 'web', 60, 'bot', 'Hi! How can I help?'],
  ['B', 'u2', 'web', 61, 'customer', 'my thing is broken'],
  ['B', 'u2', 'web', 62, 'bot', 'Sorry, I did not get that', 'bot_fallback'],
  ['C', 'u3', 'whatsapp', 1440, 'bot', 'Hi! How can I help?'],
  ['C', 'u3', 'whatsapp', 1441, 'customer', 'my parcel is late, order 300912'],
  ['C', 'u3', 'whatsapp', 1442, 'bot', 'Sorry, I did not get that', 'bot_fallback'],
  ['C', 'u3', 'whatsapp', 1442.5, 'customer', 'agent please'],
  ['C', 'u3', 'whatsapp', 1443, 'system', 'Transferring you to an agent', 'handoff'],
  ['C', 'u3', 'whatsapp', 1453, 'agent', 'Hello, could you give me the order number?'],
  ['C', 'u3', 'whatsapp', 1454, 'customer', '300912 as I said'],
  ['C', 'u3', 'whatsapp', 1455, 'system', 'resolved', 'resolved'],
  ['D', 'u1', 'web', 2880, 'bot', 'Hi! How can I help?'],
  ['D', 'u1', 'web', 2881, 'customer', 'where is my refund'],
  ['D', 'u1', 'web', 2882, 'bot', 'Refunds take 5 days'],
  ['E', 'u4', 'web', 17280, 'bot', 'Hi! How can I help?'],
  ['E', 'u4', 'web', 17281, 'customer', 'hello'],
];

describe.each(ENGINES)('metrics on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Client;

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
    http = await client(app);
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-metrics-'));
    const file = path.join(dir, 'five.jsonl');
    writeFileSync(
      file,
      ROWS.map(([c, u, channel, minute, role, text, event], i) =>
        JSON.stringify({ conversation_id: c, message_id: `${c}${i}`, customer_id: u, channel, timestamp: new Date(T0 + minute * MIN).toISOString(), role, text, ...(event ? { event } : {}) }),
      ).join('\n'),
    );
    await app.get(ImportsService).importPath(file, { source: 'm' });
    await app.get(AnalysisService).schedule();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('computes the overview exactly as docs/metrics.md defines it', async () => {
    const res = await http.get('/api/metrics/overview');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      conversations: 5,
      botEngaged: 5,
      containmentRate: 0.8,
      escalationRate: 0.2,
      handoffs: 1,
      deflectionPending: 1,
      deflectionRate: 0.25,
      repeatContactRate: 0.2,
      repeatContactSameIntentRate: 0.2,
      abandonmentAfterFallbackRate: 0.5,
      abandonmentAfterHandoffRate: 0,
      botTurnsBeforeHandoff: 2,
      conversationsWithFallbackRate: 0.4,
      timeToHandoffMs: { median: 3 * MIN },
      firstResponseAfterHandoffMs: { median: 10 * MIN },
      csat: null,
    });
    expect(res.body.botFallbackRate).toBeCloseTo(2 / 9);
  });

  it('filters by channel, date range and intent, and compares with the previous period', async () => {
    const whatsapp = (await http.get('/api/metrics/overview?channel=whatsapp')).body;
    expect(whatsapp).toMatchObject({ conversations: 1, escalationRate: 1, containmentRate: 0 });
    const firstDay = (await http.get('/api/metrics/overview?from=2024-05-01&to=2024-05-01')).body;
    expect(firstDay.conversations).toBe(2);
    const withPrevious = (await http.get('/api/metrics/overview?from=2024-05-02&to=2024-05-03')).body;
    expect(withPrevious.conversations).toBe(2);
    expect(withPrevious.previous.conversations).toBe(2);
    const byIntent = (await http.get('/api/metrics/by-intent')).body.items;
    expect(byIntent.reduce((s: number, i: { conversations: number }) => s + i.conversations, 0)).toBe(5);
    const refundIntent = byIntent.find((i: { conversations: number; repeatContactSameIntentRate: number }) => i.repeatContactSameIntentRate > 0);
    const one = (await http.get(`/api/metrics/overview?intent=${refundIntent.intentId}`)).body;
    expect(one.conversations).toBe(refundIntent.conversations);
  });

  it('gives a daily and a weekly series', async () => {
    const days = (await http.get('/api/metrics/timeseries?bucket=day')).body;
    expect(days.points.map((p: { period: string; conversations: number }) => [p.period, p.conversations])).toEqual([
      ['2024-05-01', 2],
      ['2024-05-02', 1],
      ['2024-05-03', 1],
      ['2024-05-13', 1],
    ]);
    const weeks = (await http.get('/api/metrics/timeseries?bucket=week')).body;
    expect(weeks.points.map((p: { period: string; conversations: number }) => [p.period, p.conversations])).toEqual([
      ['2024-04-29', 4],
      ['2024-05-13', 1],
    ]);
  });

  it('flags the breakdowns with their evidence and ranks them', async () => {
    const flags = (await http.get('/api/flags?limit=50')).body.items;
    const reasons = flags.map((f: { reason: string }) => f.reason).sort();
    // B ends on "my thing is broken", which the lexicon scores below -0.3.
    expect(reasons).toEqual(['asked_for_human', 'context_lost', 'ended_negative', 'long_wait_after_handoff', 'repeat_after_bot_resolved']);
    const context = flags.find((f: { reason: string }) => f.reason === 'context_lost');
    expect(context.evidence).toHaveLength(2);
    const breakdowns = (await http.get('/api/breakdowns')).body;
    expect(breakdowns.conversations).toBe(5);
    expect(breakdowns.reasons.find((r: { reason: string }) => r.reason === 'context_lost')).toMatchObject({ conversations: 1, handoffs: 1 });
    expect((await http.get('/api/flags?reason=context_lost')).body.items).toHaveLength(1);
    expect((await http.get('/api/flags?channel=web')).body.items.map((f: { reason: string }) => f.reason).sort()).toEqual(['ended_negative', 'repeat_after_bot_resolved']);
    // The breakdowns read the flags' copy of their conversations' facts: the same filters select the same flags.
    const web = (await http.get('/api/breakdowns?channel=web')).body;
    expect(web.reasons.map((r: { reason: string; conversations: number }) => [r.reason, r.conversations])).toEqual([['ended_negative', 1], ['repeat_after_bot_resolved', 1]]);
    expect(web.conversations).toBe(4);
    const whatsapp = (await http.get('/api/metrics/by-intent?channel=whatsapp')).body.items;
    expect(whatsapp.flatMap((i: { breakdowns: { reason: string }[] }) => i.breakdowns.map((b) => b.reason)).sort()).toEqual(['asked_for_human', 'context_lost', 'long_wait_after_handoff']);
    expect(await copiesDifferingFromFacts()).toBe(0);
  });

  it('draws the flow from bot to outcome with every conversation accounted for', async () => {
    const { nodes, links } = (await http.get('/api/flows')).body;
    const value = (s: string, t: string) => links.find((l: { sourceName: string; targetName: string }) => l.sourceName === s && l.targetName === t)?.value ?? 0;
    expect(value('conversations', 'bot')).toBe(5);
    expect(value('bot', 'bot fallback')).toBe(2);
    expect(value('bot fallback', 'handoff')).toBe(1);
    expect(value('handoff', 'resolved')).toBe(1);
    expect(value('bot fallback', 'abandoned')).toBe(1);
    expect(value('bot', 'came_back')).toBe(1);
    expect(nodes.map((n: { name: string }) => n.name)).toContain('open');
  });

  it('keeps a reviewer’s status, assignee and note when flags are recomputed', async () => {
    const [flag] = (await http.get('/api/flags?reason=context_lost')).body.items;
    await app.get(AccessService).createUser('mei', PASSWORD, 'agent');
    const updated = await http.patch(`/api/flags/${flag.id}`).send({ status: 'follow_up', assignee: 'mei', note: 'agent did not read the bot transcript' });
    expect(updated.status).toBe(200);
    await app.get(MetricsService).recompute(true);
    const [after] = (await http.get('/api/flags?reason=context_lost')).body.items;
    expect(after).toMatchObject({ id: flag.id, status: 'follow_up', assignee: 'mei', note: 'agent did not read the bot transcript' });
    expect((await http.patch(`/api/flags/${flag.id}`).send({ status: 'done' })).status).toBe(400);
    expect((await http.patch('/api/flags/999999').send({ status: 'reviewed' })).status).toBe(404);
    expect((await http.get('/api/flags?severity=urgent')).status).toBe(400);
  });

  it('sets inactive the flags a recompute no longer finds, active again those it finds again, and rewrites those that differ', async () => {
    const ds = app.get(DataSource);
    const flags = async () =>
      new Map(((await ds.query('SELECT id, conversation_id, reason, active, evidence FROM flags')) as Record<string, unknown>[]).map((r) => [`${r.conversation_id} ${r.reason}`, { id: Number(r.id), active: Number(r.active), evidence: r.evidence }]));
    const before = await flags();
    const [found, other] = [...before.entries()].filter(([, f]) => f.active === 1);
    const conversation = found[0].split(' ')[0];
    const absent = (['fallback_loop', 'asked_for_human', 'repeated_question', 'context_lost'] as const).find((r) => !before.has(`${conversation} ${r}`))!;
    await ds.query(`INSERT INTO flags (conversation_id, reason, severity, severity_rank, evidence, detail, active, status, created_at, updated_at) VALUES ('${conversation}', '${absent}', 'low', 1, '[]', 'stale', 1, 'open', 0, 0)`);
    await ds.query(`UPDATE flags SET active = 0 WHERE id = ${found[1].id}`);
    await ds.query(`UPDATE flags SET evidence = '["edited"]' WHERE id = ${other[1].id}`);
    await app.get(MetricsService).recompute(true);
    const after = await flags();
    expect(after.get(`${conversation} ${absent}`)!.active).toBe(0);
    expect(after.get(found[0])).toEqual({ ...found[1], active: 1 });
    expect(after.get(other[0])).toEqual(other[1]);
    expect([...after.values()].filter((f) => f.active === 1)).toHaveLength([...before.values()].filter((f) => f.active === 1).length);
  });

  it('updates an earlier conversation when its customer comes back in a later import', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-metrics-later-'));
    const file = path.join(dir, 'later.jsonl');
    const at = (minute: number) => new Date(T0 + minute * MIN).toISOString();
    writeFileSync(
      file,
      [
        { conversation_id: 'F', message_id: 'F1', customer_id: 'u4', channel: 'web', timestamp: at(20160), role: 'bot', text: 'Hi! How can I help?' },
        { conversation_id: 'F', message_id: 'F2', customer_id: 'u4', channel: 'web', timestamp: at(20161), role: 'customer', text: 'hello' },
      ].map((r) => JSON.stringify(r)).join('\n'),
    );
    await app.get(ImportsService).importPath(file, { source: 'm' });
    await app.get(AnalysisService).schedule();
    const o = (await http.get('/api/metrics/overview')).body;
    expect(o.conversations).toBe(6);
    expect(o.repeatContactRate).toBeCloseTo(2 / 6);
    const later = app.get(MetricsService).lastRecompute!;
    expect(later.conversations).toBe(2);
    expect(await copiesDifferingFromFacts()).toBe(0);
  });

  it('fills the flags’ copies of the facts when the migration that adds them runs on existing data', async () => {
    const ds = app.get(DataSource);
    const last = async () => ((await ds.query('SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1')) as { name: string }[])[0].name;
    while ((await last()) !== 'CoveringMetricReads1766400000000') await ds.undoLastMigration();
    await ds.undoLastMigration();
    await ds.runMigrations();
    expect(await copiesDifferingFromFacts()).toBe(0);
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM flags WHERE active = 1 AND started_at IS NULL');
    expect(Number(n)).toBe(0);
  });

  /** Active flags whose copy of their conversation's facts (migration CoveringMetricReads) differs from the facts. */
  async function copiesDifferingFromFacts(): Promise<number> {
    const differs = ['started_at', 'channel', 'source', 'intent_id', 'returning_customer', 'handoff', 'repeat_same_intent', 'ended_negative']
      .map((c) => `(fl.${c} IS NULL AND cm.${c} IS NOT NULL) OR (fl.${c} IS NOT NULL AND cm.${c} IS NULL) OR fl.${c} <> cm.${c}`)
      .join(' OR ');
    const [{ n }] = await app.get(DataSource).query(`SELECT COUNT(*) AS n FROM flags fl JOIN conversation_metrics cm ON cm.conversation_id = fl.conversation_id WHERE fl.active = 1 AND (${differs})`);
    return Number(n);
  }
});
