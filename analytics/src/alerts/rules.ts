import type { AlertMetric, AlertRules } from '#contracts';
import { localClock } from '../behaviour/when';
import type { PeriodCounts, Subject } from './changes';
import { localDay, localMidnight } from './periods';

/** A channel's rules when it names none. */
export const DEFAULT_RULES: AlertRules = { metrics: [], minConversations: 0, mode: 'immediate', digestHour: 8, quietStart: null, quietEnd: null };

/** What a channel sends of a period's alerts: the kinds it names (all when none), on enough conversations. */
export function selectForChannel<T extends { metric: AlertMetric; counts: { current: { hits: number; of: number } } }>(alerts: T[], rules: AlertRules): T[] {
  return alerts.filter((a) => (rules.metrics.length === 0 || rules.metrics.includes(a.metric)) && Math.max(a.counts.current.of, a.counts.current.hits) >= rules.minConversations);
}

function quiet(hour: number, rules: AlertRules): boolean {
  if (rules.quietStart === null || rules.quietEnd === null || rules.quietStart === rules.quietEnd) return false;
  return rules.quietStart < rules.quietEnd ? hour >= rules.quietStart && hour < rules.quietEnd : hour >= rules.quietStart || hour < rules.quietEnd;
}

/** When an immediate alert may go: now, or the first whole hour after the channel's quiet hours (in `timeZone`). */
export function sendAt(now: number, rules: AlertRules, timeZone: string): number {
  const clock = localClock(timeZone);
  if (!quiet(clock(now).hour, rules)) return now;
  let t = Math.ceil(now / 3_600_000) * 3_600_000;
  for (let i = 0; i < 48 && quiet(clock(t).hour, rules); i++) t += 3_600_000;
  return t;
}

/** Whether a digest channel's daily digest is due: today's digest hour (in `timeZone`) has come and none went since. */
export function digestDue(now: number, lastDigestAt: number | null, rules: AlertRules, timeZone: string): boolean {
  const { y, m, d } = localDay(now, timeZone);
  const moment = localMidnight(y, m, d, timeZone) + rules.digestHour * 3_600_000;
  return now >= moment && (lastDigestAt === null || lastDigestAt < moment);
}

/** One period's conversations of an intent (or none) from a source. */
export interface CountsGroup {
  intentId: number | null;
  intentLabel: string | null;
  source: string;
  counts: PeriodCounts;
}

const EMPTY: PeriodCounts = { conversations: 0, engaged: 0, escalated: 0, decided: 0, deflected: 0, fallback: 0, known: 0, repeat: 0, withSentiment: 0, negative: 0, chasing: 0 };

function add(into: PeriodCounts, c: PeriodCounts): void {
  for (const k of Object.keys(c) as (keyof PeriodCounts)[]) into[k] += c[k];
}

/**
 * The subjects the detector compares, from the groups of the current period and of each baseline period: all
 * conversations, each intent (those without one are not an intent) and each source (when there are several); a
 * subject seen in one period only counts zero in the others.
 */
export function subjectsOf(current: CountsGroup[], baseline: CountsGroup[][]): Subject[] {
  const periods = [current, ...baseline];
  const totals = new Map<string, { kind: Subject['kind']; label: string; counts: PeriodCounts[] }>();
  const at = (key: string, kind: Subject['kind'], label: string) => {
    let t = totals.get(key);
    if (!t) totals.set(key, (t = { kind, label, counts: periods.map(() => ({ ...EMPTY })) }));
    if (label && kind === 'intent' && !t.label) t.label = label;
    return t.counts;
  };
  periods.forEach((groups, p) => {
    for (const g of groups) {
      add(at('all', 'all', 'All conversations')[p], g.counts);
      add(at(`source:${g.source}`, 'source', g.source)[p], g.counts);
      if (g.intentId !== null) add(at(`intent:${g.intentId}`, 'intent', g.intentLabel ?? '')[p], g.counts);
    }
  });
  // One source is all conversations: told once, as all conversations.
  const sources = [...totals.keys()].filter((k) => k.startsWith('source:'));
  if (sources.length === 1) totals.delete(sources[0]);
  return [...totals.entries()].map(([key, t]) => ({ key, kind: t.kind, label: t.label || key, current: t.counts[0], baseline: t.counts.slice(1) }));
}
