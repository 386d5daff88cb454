import type { AlertRules } from '#contracts';
import { PeriodCounts } from './changes';
import { alertPeriods } from './periods';
import { DEFAULT_RULES, digestDue, selectForChannel, sendAt, subjectsOf } from './rules';

const rules = (r: Partial<AlertRules>): AlertRules => ({ ...DEFAULT_RULES, ...r });
const at = (iso: string) => Date.parse(iso);

describe('a channel\'s rules', () => {
  it('select the kinds it names, on enough conversations', () => {
    const a = [
      { metric: 'volume' as const, counts: { current: { hits: 40, of: 40 } } },
      { metric: 'escalation' as const, counts: { current: { hits: 9, of: 31 } } },
    ];
    expect(selectForChannel(a, rules({}))).toHaveLength(2);
    expect(selectForChannel(a, rules({ metrics: ['escalation'] })).map((x) => x.metric)).toEqual(['escalation']);
    expect(selectForChannel(a, rules({ minConversations: 35 })).map((x) => x.metric)).toEqual(['volume']);
  });

  it('hold immediate alerts through quiet hours, across midnight and in the team\'s time zone', () => {
    const night = rules({ quietStart: 22, quietEnd: 7 });
    expect(sendAt(at('2024-06-30T12:00:00Z'), night, 'UTC')).toBe(at('2024-06-30T12:00:00Z'));
    expect(sendAt(at('2024-06-30T23:10:00Z'), night, 'UTC')).toBe(at('2024-07-01T07:00:00Z'));
    expect(sendAt(at('2024-07-01T03:00:00Z'), night, 'UTC')).toBe(at('2024-07-01T07:00:00Z'));
    // 23:10 UTC is 01:10 in Berlin (summer time): quiet there too, until 07:00 Berlin = 05:00 UTC.
    expect(sendAt(at('2024-06-30T23:10:00Z'), night, 'Europe/Berlin')).toBe(at('2024-07-01T05:00:00Z'));
    expect(sendAt(at('2024-06-30T21:00:00Z'), rules({ quietStart: 9, quietEnd: 17 }), 'UTC')).toBe(at('2024-06-30T21:00:00Z'));
  });

  it('send a digest once a day, from its hour on', () => {
    const r = rules({ mode: 'digest', digestHour: 8 });
    expect(digestDue(at('2024-06-30T07:59:00Z'), null, r, 'UTC')).toBe(false);
    expect(digestDue(at('2024-06-30T08:00:00Z'), null, r, 'UTC')).toBe(true);
    expect(digestDue(at('2024-06-30T15:00:00Z'), at('2024-06-30T08:00:30Z'), r, 'UTC')).toBe(false);
    expect(digestDue(at('2024-07-01T08:00:00Z'), at('2024-06-30T08:00:30Z'), r, 'UTC')).toBe(true);
    // A server down at its hour sends it when back, the same day.
    expect(digestDue(at('2024-07-01T15:00:00Z'), at('2024-06-29T08:00:30Z'), r, 'UTC')).toBe(true);
  });
});

describe('the periods alerts compare', () => {
  it('is the last complete day against the same weekday of the four weeks before, in the team\'s time zone', () => {
    const { current, baseline } = alertPeriods(at('2024-04-03T10:00:00Z'), 'day', 'Europe/Berlin');
    expect(current).toEqual({ start: at('2024-04-01T22:00:00Z'), end: at('2024-04-02T22:00:00Z') });
    // A week before is before the clocks changed (31 March): midnight is 23:00 UTC.
    expect(baseline[0]).toEqual({ start: at('2024-03-25T23:00:00Z'), end: at('2024-03-26T23:00:00Z') });
    expect(baseline).toHaveLength(4);
    expect(baseline[3].start).toBe(at('2024-03-04T23:00:00Z'));
  });

  it('is the last complete week (Monday to Sunday) against the four before', () => {
    const { current, baseline } = alertPeriods(at('2024-07-03T10:00:00Z'), 'week', 'UTC');
    expect(current).toEqual({ start: at('2024-06-24T00:00:00Z'), end: at('2024-07-01T00:00:00Z') });
    expect(baseline[0]).toEqual({ start: at('2024-06-17T00:00:00Z'), end: at('2024-06-24T00:00:00Z') });
  });
});

describe('the subjects compared', () => {
  const c = (conversations: number): PeriodCounts => ({ conversations, engaged: conversations, escalated: 0, decided: 0, deflected: 0, fallback: 0, known: 0, repeat: 0, withSentiment: 0, negative: 0, chasing: 0 });

  it('are all conversations, each intent and each source, a subject missing from a period counting zero there', () => {
    const subjects = subjectsOf(
      [{ intentId: 1, intentLabel: 'refund', source: 'chat', counts: c(5) }, { intentId: null, intentLabel: null, source: 'mail', counts: c(2) }],
      [[{ intentId: 1, intentLabel: 'refund', source: 'mail', counts: c(3) }]],
    );
    const by = new Map(subjects.map((s) => [s.key, s]));
    expect(by.get('all')!.current.conversations).toBe(7);
    expect(by.get('intent:1')).toMatchObject({ label: 'refund', current: { conversations: 5 }, baseline: [{ conversations: 3 }] });
    expect(by.get('source:chat')!.baseline[0].conversations).toBe(0);
    expect(by.get('source:mail')!.current.conversations).toBe(2);
    expect([...by.keys()].sort()).toEqual(['all', 'intent:1', 'source:chat', 'source:mail']);
  });

  it('leave out the source when there is one: it is all conversations', () => {
    const subjects = subjectsOf([{ intentId: 1, intentLabel: 'x', source: 'chat', counts: c(5) }], [[{ intentId: 1, intentLabel: 'x', source: 'chat', counts: c(3) }]]);
    expect(subjects.map((s) => s.key).sort()).toEqual(['all', 'intent:1']);
  });
});
