import { effort, EffortGroup, issuesOf } from './effort';
import { journeyFacts } from './facts';
import { buildJourneys, Contact, journeyLinks, LinkRow, mostTravelled, nextAfter } from './journeys';
import { localClock, QuarterCounts, whenGrid } from './when';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const T0 = Date.UTC(2024, 4, 6, 9); // Monday 6 May 2024, 09:00 UTC

function contact(customerId: string | null, id: string, startedAt: number, intentId: number | null, more: Partial<Contact> = {}): Contact {
  return { customerId, conversationId: id, startedAt, endedAt: startedAt + 10 * 60_000, intentId, outcome: 'resolved', customerTurns: 3, channel: 'web', ...more };
}

describe('journeys', () => {
  it("orders a customer's contacts, starts a new journey after the window, and keeps a contact without a customer alone", () => {
    const contacts = [
      contact('ann', 'c3', T0 + 3 * DAY, 2),
      contact('ann', 'c1', T0, 1),
      contact('ann', 'c4', T0 + 31 * DAY, 1),
      contact(null, 'x1', T0 + HOUR, 1),
      contact(null, 'x2', T0 + 2 * HOUR, 2),
      contact('bob', 'b1', T0 + DAY, 1),
      contact('ann', 'c2', T0 + DAY, 1),
    ];
    const journeys = buildJourneys(contacts, 30 * DAY);
    expect(journeys.map((j) => [j.customerId, j.contacts.map((c) => c.conversationId)])).toEqual([
      ['ann', ['c1', 'c2', 'c3']],
      [null, ['x1']],
      [null, ['x2']],
      ['bob', ['b1']],
      // 31 days after the journey's first contact: a journey of its own, though only 28 days after c3.
      ['ann', ['c4']],
    ]);
  });

  it("keeps each contact's place: its journey's first contact and start, its step, the contact before and the gap", () => {
    const facts = journeyFacts(
      [contact('a', 'a2', T0 + 2 * DAY, 2, { channel: 'app' }), contact('a', 'a1', T0, 1), contact('a', 'a3', T0 + 9 * DAY, 2), contact(null, 'x', T0, 1)],
      7 * DAY,
    );
    const byId = new Map(facts.map((f) => [f.conversationId, f]));
    expect(byId.get('a1')).toMatchObject({ journeyFirstId: 'a1', journeyStartedAt: T0, step: 0, length: 2, prevId: null, prevIntentId: null, gapMs: null });
    expect(byId.get('a2')).toMatchObject({ journeyFirstId: 'a1', step: 1, length: 2, prevId: 'a1', prevIntentId: 1, gapMs: 2 * DAY, issueContacts: 1, issueLast: true, issueChannel: 'app' });
    // Nine days after a1: a journey of its own, so a new issue though it is about a2's intent.
    expect(byId.get('a3')).toMatchObject({ journeyFirstId: 'a3', journeyStartedAt: T0 + 9 * DAY, step: 0, length: 1, issueStartedAt: T0 + 9 * DAY, issueContacts: 1 });
    expect(byId.get('x')).toMatchObject({ journeyFirstId: 'x', step: 0, length: 1, issueLast: true });
  });

  it("keeps what the whole journey cost on each of its contacts: turns, time in conversations, issues left unresolved", () => {
    const facts = journeyFacts(
      [
        contact('a', 'a1', T0, 1, { customerTurns: 4, endedAt: T0 + 20 * MIN, outcome: 'came_back' }),
        contact('a', 'a2', T0 + DAY, 1, { customerTurns: 2, endedAt: T0 + DAY + 5 * MIN, outcome: 'abandoned' }),
        contact('a', 'a3', T0 + 2 * DAY, 2, { customerTurns: 1, endedAt: T0 + 2 * DAY - MIN }),
        contact('a', 'a4', T0 + 40 * DAY, 2, { customerTurns: 6 }),
      ],
      30 * DAY,
    );
    const byId = new Map(facts.map((f) => [f.conversationId, f]));
    // a1 and a2 are one issue left abandoned (a2 its last contact), a3 another one resolved; an end before the start counts 0.
    for (const id of ['a1', 'a2', 'a3']) expect(byId.get(id)).toMatchObject({ journeyTurns: 7, journeyDurationMs: 25 * MIN, journeyUnresolved: 1 });
    expect(byId.get('a4')).toMatchObject({ journeyTurns: 6, journeyDurationMs: 10 * MIN, journeyUnresolved: 0 });
  });

  it('a contact exactly at the window is in it; contacts of one time keep their conversation order', () => {
    const journeys = buildJourneys([contact('a', 'z', T0, 1), contact('a', 'y', T0, 2), contact('a', 'w', T0 + 7 * DAY, 3)], 7 * DAY);
    expect(journeys.map((j) => j.contacts.map((c) => c.conversationId))).toEqual([['y', 'z', 'w']]);
  });

  it('links first contacts to the next, with shares and median gaps, step by step', () => {
    const contacts = [
      contact('a', 'a1', T0, 1), contact('a', 'a2', T0 + 3 * DAY, 2), contact('a', 'a3', T0 + 4 * DAY, 3),
      contact('b', 'b1', T0, 1), contact('b', 'b2', T0 + DAY, 2),
      contact('c', 'c1', T0, 1), contact('c', 'c2', T0 + 2 * DAY, 1),
      contact('d', 'd1', T0, 1),
    ];
    // The rows the repository reads: the later contacts of known customers, per step and pair of intents.
    const intentOf = new Map(contacts.map((c) => [c.conversationId, c.intentId]));
    const rows = new Map<string, LinkRow>();
    for (const f of journeyFacts(contacts, 30 * DAY)) {
      if (f.step === 0) continue;
      const link = { step: f.step - 1, from: f.prevIntentId, to: intentOf.get(f.conversationId)! };
      const key = `${link.step}:${link.from}:${link.to}`;
      rows.set(key, { ...link, gapsMs: [...(rows.get(key)?.gapsMs ?? []), f.gapMs!] });
    }
    const links = [...rows.values()];
    expect(journeyLinks(links)).toEqual([
      { step: 0, from: 1, to: 2, customers: 2, share: 2 / 3, medianGapMs: 2 * DAY },
      { step: 0, from: 1, to: 1, customers: 1, share: 1 / 3, medianGapMs: 2 * DAY },
      { step: 1, from: 2, to: 3, customers: 1, share: 1, medianGapMs: DAY },
    ]);
    expect(journeyLinks(links, { min: 2 })).toHaveLength(1);
    expect(journeyLinks(links, { steps: 1 })).toHaveLength(2);
    // The answer's cap per step keeps each step's most travelled links, whatever the other steps hold.
    expect(mostTravelled(journeyLinks(links), 1).map((l) => [l.step, l.from, l.to])).toEqual([[0, 1, 2], [1, 2, 3]]);
    const after = nextAfter(links, 1, 5);
    expect(after).toEqual({ contacts: 5, cameBack: 3, next: [{ intentId: 2, contacts: 2, share: 2 / 3, medianGapMs: 2 * DAY }, { intentId: 1, contacts: 1, share: 1 / 3, medianGapMs: 2 * DAY }] });
  });
});

describe('hour × weekday grid', () => {
  it('reads weekday and hour in the time zone, across midnight and a daylight-saving change', () => {
    const utc = localClock('UTC');
    const tokyo = localClock('Asia/Tokyo');
    const kolkata = localClock('Asia/Kolkata');
    const sunday2330 = Date.UTC(2024, 4, 5, 23, 30);
    expect(utc(sunday2330)).toEqual({ weekday: 6, hour: 23 });
    expect(tokyo(sunday2330)).toEqual({ weekday: 0, hour: 8 }); // Monday 08:30 in Tokyo
    expect(kolkata(Date.UTC(2024, 4, 5, 18, 29))).toEqual({ weekday: 6, hour: 23 }); // 23:59, +05:30
    expect(kolkata(Date.UTC(2024, 4, 5, 18, 30))).toEqual({ weekday: 0, hour: 0 });
    const berlin = localClock('Europe/Berlin');
    expect(berlin(Date.UTC(2024, 2, 31, 0, 30))).toEqual({ weekday: 6, hour: 1 }); // before the change: +01:00
    expect(berlin(Date.UTC(2024, 2, 31, 1, 30))).toEqual({ weekday: 6, hour: 3 }); // after it: +02:00
  });

  it('adds quarter hours into local cells, escalation over engaged and deflection over decided, and first replies by hour', () => {
    const q = (at: number, counts: Partial<QuarterCounts>): QuarterCounts => ({ quarter: Math.floor(at / (15 * 60_000)), conversations: 0, engaged: 0, escalated: 0, decided: 0, deflected: 0, handoffs: 0, ...counts });
    const monday9 = T0;
    const quarters = [
      q(monday9, { conversations: 2, engaged: 2, escalated: 1, decided: 1, deflected: 1, handoffs: 1 }),
      q(monday9 + 30 * 60_000, { conversations: 3, engaged: 2, escalated: 1, decided: 2, handoffs: 1 }),
      q(monday9 + DAY, { conversations: 1, engaged: 1, decided: 1, deflected: 1 }),
    ];
    const replies = [{ startedAt: monday9 + 10 * 60_000, ms: 60_000 }, { startedAt: monday9 + 40 * 60_000, ms: 180_000 }];
    const grid = whenGrid(quarters, replies, 'UTC');
    expect(grid.cells).toHaveLength(168);
    expect(grid.cells[9]).toEqual({ weekday: 0, hour: 9, conversations: 5, escalationRate: 2 / 4, deflectionRate: 1 / 3 });
    expect(grid.cells[24 + 9]).toMatchObject({ weekday: 1, hour: 9, conversations: 1, escalationRate: 0, deflectionRate: 1 });
    expect(grid.cells[10]).toMatchObject({ conversations: 0, escalationRate: null, deflectionRate: null });
    expect(grid.hours[9]).toEqual({ hour: 9, conversations: 6, handoffs: 2, firstResponseMedianMs: 120_000 });
    expect(grid.peak).toMatchObject({ weekday: 0, hour: 9 });
    // The same quarter hours in Kolkata (+05:30): 09:00 and 09:30 UTC are 14:30 and 15:00 there.
    const kolkata = whenGrid(quarters, replies, 'Asia/Kolkata');
    expect([kolkata.cells[14].conversations, kolkata.cells[15].conversations]).toEqual([2, 3]);
    expect(whenGrid([], [], 'UTC').peak).toBeNull();
  });
});

describe('effort', () => {
  it('chains contacts about one intent into issues; resolved when the last one was', () => {
    const contacts = [
      contact('a', 'a1', T0, 1, { outcome: 'came_back' }),
      contact('a', 'a2', T0 + DAY, 1, { outcome: 'came_back' }),
      contact('a', 'a3', T0 + 2 * DAY, 1, { outcome: 'resolved', endedAt: T0 + 2 * DAY + HOUR }),
      contact('a', 'a4', T0 + 3 * DAY, 2, { outcome: 'abandoned' }),
      contact('b', 'b1', T0, 1, { customerTurns: 5 }),
      contact(null, 'x', T0, null, { outcome: 'open' }),
    ];
    expect(issuesOf(buildJourneys(contacts)).map((i) => [i.customerId, i.intentId, i.contacts.length, i.resolved])).toEqual([
      ['a', 1, 3, true],
      ['a', 2, 1, false],
      ['b', 1, 1, true],
      [null, null, 1, false],
    ]);
    const facts = new Map(journeyFacts(contacts, 30 * DAY).map((f) => [f.conversationId, f]));
    expect(facts.get('a2')).toMatchObject({ issueStartedAt: T0, issueContacts: 2, issueLast: false });
    expect(facts.get('a3')).toMatchObject({ issueStartedAt: T0, issueContacts: 3, issueLast: true, issueChannel: 'web' });
    expect(facts.get('a4')).toMatchObject({ issueStartedAt: T0 + 3 * DAY, issueContacts: 1, issueLast: true });
  });

  it('sums effort per intent and channel: an issue counts for the channel it began on', () => {
    const group = (g: Partial<EffortGroup>): EffortGroup => ({
      intentId: 1, channel: 'web', issueChannel: 'web', contacts: 0, customerTurns: 0, durationsMs: [], resolvedIssues: 0, resolvedIssueContacts: 0, resolutionsMs: [], ...g,
    });
    // Intent 1: two contacts on web (4 and 2 turns, 10 and 30 minutes), one on chat ending an issue begun on web
    // (3 contacts, a day) and one on chat ending its own issue (1 contact, an hour); intent 2: one abandoned contact.
    const e = effort([
      group({ contacts: 2, customerTurns: 6, durationsMs: [10 * MIN, 30 * MIN] }),
      group({ channel: 'chat', issueChannel: 'web', contacts: 1, customerTurns: 1, durationsMs: [20 * MIN], resolvedIssues: 1, resolvedIssueContacts: 3, resolutionsMs: [DAY] }),
      group({ channel: 'chat', issueChannel: 'chat', contacts: 1, customerTurns: 5, durationsMs: [-MIN], resolvedIssues: 1, resolvedIssueContacts: 1, resolutionsMs: [HOUR] }),
      group({ intentId: 2, channel: 'chat', issueChannel: 'chat', contacts: 1, customerTurns: 2, durationsMs: [5 * MIN] }),
    ]);
    expect(e.overall).toEqual({
      contacts: 5, customerTurnsMean: 14 / 5, durationMedianMs: 10 * MIN, resolvedIssues: 2, contactsPerResolvedIssue: 2, timeToResolutionMedianMs: (DAY + HOUR) / 2,
    });
    expect(e.byIntent.map((i) => [i.intentId, i.contacts, i.durationMedianMs, i.resolvedIssues])).toEqual([[1, 4, 15 * MIN, 2], [2, 1, 5 * MIN, 0]]);
    expect(e.byChannel).toEqual([
      { channel: 'chat', contacts: 3, customerTurnsMean: 8 / 3, durationMedianMs: 5 * MIN, resolvedIssues: 1, contactsPerResolvedIssue: 1, timeToResolutionMedianMs: HOUR },
      { channel: 'web', contacts: 2, customerTurnsMean: 3, durationMedianMs: 20 * MIN, resolvedIssues: 1, contactsPerResolvedIssue: 3, timeToResolutionMedianMs: DAY },
    ]);
  });
});
