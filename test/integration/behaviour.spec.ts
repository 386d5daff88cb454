import { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { MetricsService } from '../../server/src/modules/metrics/metrics.service';
import { client, Client } from '../support/access';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';

const DAY = 86_400_000;
const MONDAY_9 = Date.UTC(2024, 4, 6, 9); // Monday 6 May 2024, 09:00 UTC

const NLU = `version: "3.1"
nlu:
- intent: delivery_delay
  examples: |
    - my parcel is late
    - where is my delivery
    - the order has not arrived
- intent: refund_status
  examples: |
    - where is my refund
    - I want my money back
    - has my refund been sent
`;

/** One conversation: the bot answers, the customer asks, and it ends resolved (or handed over). */
function conversation(id: string, customer: string | null, at: number, text: string, handoff = false): object[] {
  const base = { conversation_id: id, ...(customer ? { customer_id: customer } : {}), channel: 'web' };
  // The customer's plan, as a log's extra column on the customer's messages.
  const plan = customer === 'cy' ? 'free' : customer ? 'gold' : undefined;
  const t = (s: number) => new Date(at + s * 1000).toISOString();
  return [
    { ...base, message_id: `${id}-1`, timestamp: t(0), role: 'bot', text: 'Hi, how can I help?' },
    { ...base, message_id: `${id}-2`, timestamp: t(5), role: 'customer', text, ...(plan ? { plan } : {}) },
    ...(handoff
      ? [
          { ...base, message_id: `${id}-3`, timestamp: t(10), role: 'system', text: '', event: 'handoff' },
          { ...base, message_id: `${id}-4`, timestamp: t(70), role: 'agent', text: 'Let me look into it.', agent_id: 'a1' },
        ]
      : [{ ...base, message_id: `${id}-3`, timestamp: t(10), role: 'bot', text: 'Here is what I found.' }]),
    { ...base, message_id: `${id}-9`, timestamp: t(90), role: 'system', text: '', event: 'resolved' },
  ];
}

describe.each(ENGINES)('customer behaviour on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Client;

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_TIME_ZONE: 'UTC' });
    app = await createApp(db.config, false);
    await app.init();
    http = await client(app, 'manager');
    const admin = await client(app, 'admin');
    expect((await admin.post('/api/bot/versions').attach('file', Buffer.from(NLU), 'nlu.yml').field('name', 'shop-bot').field('version', '1')).status).toBe(201);
    const rows = [
      // ann: late parcel, then twice about the refund; bob: late parcel, then the refund; cy: once; one anonymous contact.
      ...conversation('ann-1', 'ann', MONDAY_9, 'my parcel is late'),
      ...conversation('ann-2', 'ann', MONDAY_9 + 3 * DAY, 'where is my refund', true),
      ...conversation('ann-3', 'ann', MONDAY_9 + 4 * DAY, 'where is my refund'),
      ...conversation('bob-1', 'bob', MONDAY_9 + 3_600_000, 'where is my delivery', true),
      ...conversation('bob-2', 'bob', MONDAY_9 + 3_600_000 + DAY, 'I want my money back'),
      ...conversation('cy-1', 'cy', MONDAY_9 + 2 * DAY, 'the order has not arrived'),
      ...conversation('anon-1', null, MONDAY_9 + 20 * 60_000, 'my parcel is late'),
      // ann again, 40 days later: a new journey.
      ...conversation('ann-4', 'ann', MONDAY_9 + 40 * DAY, 'has my refund been sent'),
    ];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-behaviour-')), 'log.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await app.get(ImportsService).importPath(file, { source: 'shop' });
    await app.get(AnalysisService).schedule();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("follows customers' journeys: from a late parcel to the refund, with shares and gaps; anonymous contacts apart", async () => {
    const res = await http.get('/api/behaviour/journeys');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ windowDays: 30, customers: 3, journeys: 4, returningJourneys: 2, anonymousConversations: 1 });
    const first = res.body.links.filter((l: { step: number }) => l.step === 0);
    expect(first).toEqual([
      expect.objectContaining({ fromLabel: 'delivery_delay', toLabel: 'refund_status', customers: 2, share: 1, medianGapMs: 2 * DAY }),
    ]);
    expect(first[0].examples.map((e: { customer: string }) => e.customer).sort()).toEqual(['ann', 'bob']);
    expect(res.body.links.find((l: { step: number }) => l.step === 1)).toMatchObject({ fromLabel: 'refund_status', toLabel: 'refund_status', customers: 1, medianGapMs: DAY });
    expect((await http.get('/api/behaviour/journeys?window=3')).status).toBe(400);

    const delivery = first[0].fromIntentId;
    const next = (await http.get(`/api/behaviour/journeys/next?of=${delivery}`)).body;
    expect(next).toMatchObject({ label: 'delivery_delay', contacts: 3, cameBack: 2 });
    expect(next.next).toEqual([expect.objectContaining({ label: 'refund_status', contacts: 2, share: 1 })]);
    const csv = await http.get('/api/behaviour/journeys?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('step,from,to,customers,share,median_gap_hours');
    expect(csv.text).toContain('1,delivery_delay,refund_status,2,1,48');
  });

  it('lays conversations out by weekday and hour in a time zone, with escalation on the same grid', async () => {
    const utc = (await http.get('/api/behaviour/when')).body;
    expect(utc.timeZone).toBe('UTC');
    expect(utc.cells).toHaveLength(168);
    // Monday 09:00–09:59 UTC: ann-1, anon-1 (bob-1 is at 10:00); Thursday 09:00: ann-2.
    expect(utc.cells[9]).toMatchObject({ weekday: 0, hour: 9, conversations: 2, escalationRate: 0 });
    expect(utc.cells[10]).toMatchObject({ weekday: 0, hour: 10, conversations: 1, escalationRate: 1 });
    expect(utc.peak).toMatchObject({ weekday: 0, hour: 9 });
    const tokyo = (await http.get('/api/behaviour/when?tz=Asia/Tokyo')).body;
    expect(tokyo.cells[18]).toMatchObject({ weekday: 0, hour: 18, conversations: 2 }); // 09:00 UTC is 18:00 in Tokyo
    expect(tokyo.hours[19]).toMatchObject({ handoffs: 1, firstResponseMedianMs: expect.any(Number) });
    expect((await http.get('/api/behaviour/when?tz=Mars/Olympus')).status).toBe(400);
  });

  it("measures customers' effort: contacts per resolved issue, time to resolution, and who spent the most", async () => {
    const e = (await http.get('/api/behaviour/effort')).body;
    // Issues: ann [delivery], ann [refund, refund], bob [delivery], bob [refund], cy [delivery], anon [delivery], ann [refund] (new journey).
    expect(e.overall).toMatchObject({ contacts: 8, resolvedIssues: 7, contactsPerResolvedIssue: 8 / 7 });
    const refund = e.byIntent.find((i: { label: string }) => i.label === 'refund_status');
    expect(refund).toMatchObject({ contacts: 4, resolvedIssues: 3, contactsPerResolvedIssue: 4 / 3 });
    expect(e.customers[0]).toMatchObject({ customer: 'ann', contacts: 4, journey: ['delivery_delay', 'refund_status', 'refund_status', 'refund_status'] });
    // Each conversation: one customer turn over 90 s; every issue ends resolved. Summed over ann's two journeys.
    expect(e.customers[0]).toMatchObject({ customerTurns: 4, durationMs: 4 * 90_000, unresolvedIssues: 0 });
    expect(e.customers[1]).toMatchObject({ customer: 'bob', contacts: 2, customerTurns: 2, durationMs: 2 * 90_000 });
    // Within May only ann's first journey counts, all of it.
    const may = (await http.get('/api/behaviour/effort?from=2024-05-01&to=2024-05-31')).body;
    expect(may.customers[0]).toMatchObject({ customer: 'ann', contacts: 3, customerTurns: 3, durationMs: 3 * 90_000 });
    expect((await http.get('/api/behaviour/effort?format=csv')).text.split('\r\n')[1]).toMatch(/^all,,8,/);
  });

  it('splits conversations into new and returning customers, and by a field the logs carry; each a filter', async () => {
    const customers = (await http.get('/api/metrics/segments?by=customers')).body.items;
    expect(customers.map((s: { label: string; conversations: number }) => [s.label, s.conversations]).sort()).toEqual([
      ['new customers', 3],
      ['no customer id', 1],
      ['returning customers', 4],
    ]);
    expect((await http.get('/api/metrics/overview?segment=returning')).body.conversations).toBe(4);
    // The journeys that began with a new customer's first contact: ann's and bob's went on (ann's second journey began as a returning customer's).
    expect((await http.get('/api/behaviour/journeys?segment=new')).body).toMatchObject({ customers: 3, journeys: 3, returningJourneys: 2 });
    const plans = (await http.get('/api/metrics/segments?by=meta.plan')).body.items;
    expect(plans.map((s: { label: string; conversations: number }) => [s.label, s.conversations]).sort()).toEqual([
      ['free', 1],
      ['gold', 6],
      ['no plan', 1],
    ]);
    expect((await http.get('/api/metrics/overview?meta=plan:gold')).body.conversations).toBe(6);
    const free = (await http.get('/api/conversations?meta=plan:free')).body.items;
    expect(free.map((c: { externalId: string }) => c.externalId)).toEqual(['cy-1']);
    expect((await http.get('/api/metrics/segments?by=meta.plan;drop')).status).toBe(400);
    expect((await http.get('/api/metrics/overview?meta=plan')).status).toBe(400);
  });

  it('takes a journey by its first contact: its later contacts count though they fall outside the range', async () => {
    // Only ann-1 and bob-1 begin journeys on Monday 6 May; their later contacts (up to four days on) come with them.
    const monday = (await http.get('/api/behaviour/journeys?from=2024-05-06&to=2024-05-06')).body;
    expect(monday).toMatchObject({ customers: 2, journeys: 2, returningJourneys: 2, anonymousConversations: 1 });
    expect(monday.links.filter((l: { step: number }) => l.step === 0)).toEqual([expect.objectContaining({ fromLabel: 'delivery_delay', toLabel: 'refund_status', customers: 2 })]);
    expect((await http.get('/api/behaviour/effort?from=2024-05-06&to=2024-05-06')).body.overall).toMatchObject({ contacts: 6 });
    // Nothing began on Tuesday, though bob came back then.
    expect((await http.get('/api/behaviour/journeys?from=2024-05-07&to=2024-05-07')).body).toMatchObject({ journeys: 0, links: [], otherLinks: 0 });
  });

  it("keeps journeys with the facts: a new contact extends its customer's journey, and another window re-segments them all", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-behaviour-')), 'later.jsonl');
    writeFileSync(file, conversation('cy-2', 'cy', MONDAY_9 + 5 * DAY, 'has my refund been sent').map((r) => JSON.stringify(r)).join('\n') + '\n');
    await app.get(ImportsService).importPath(file, { source: 'shop' });
    await app.get(AnalysisService).schedule();
    const after = (await http.get('/api/behaviour/journeys')).body;
    expect(after).toMatchObject({ journeys: 4, returningJourneys: 3 });
    expect(after.links.find((l: { step: number }) => l.step === 0)).toMatchObject({ fromLabel: 'delivery_delay', toLabel: 'refund_status', customers: 3 });

    // Another process with a 3-day window re-segments every journey at its next recompute: ann's third contact (4 days after her first) begins one of its own; cy's second (3 days after her first) stays in hers.
    const short = await createApp({ ...db.config, journeyWindowMs: 3 * DAY }, false);
    await short.init();
    try {
      await short.get(MetricsService).recompute();
      expect((await (await client(short, 'manager')).get('/api/behaviour/journeys')).body).toMatchObject({ windowDays: 3, journeys: 5 });
    } finally {
      await short.close();
    }
    await app.get(MetricsService).recompute();
    expect((await http.get('/api/behaviour/journeys')).body).toMatchObject({ windowDays: 30, journeys: 4 });
  });
});
