import type { EffortFiguresItem } from '#contracts';
import { median } from '../metrics/stats';
import { Journey } from './journeys';

/**
 * An issue: a customer's consecutive contacts of one journey about the same intent (they came back about it). It is
 * resolved when its last contact was (conversation facts' outcome `resolved`). A contact without an intent is an
 * issue of its own.
 */
export interface Issue {
  customerId: string | null;
  intentId: number | null;
  contacts: Journey['contacts'];
  resolved: boolean;
}

export function issuesOf(journeys: Journey[]): Issue[] {
  const out: Issue[] = [];
  for (const j of journeys) {
    let current: Issue | null = null;
    for (const c of j.contacts) {
      if (current && current.intentId === c.intentId && c.intentId !== null) current.contacts.push(c);
      else {
        current = { customerId: j.customerId, intentId: c.intentId, contacts: [c], resolved: false };
        out.push(current);
      }
      current.resolved = c.outcome === 'resolved';
    }
  }
  return out;
}

/**
 * Contacts summed by their intent, their channel and the channel of their issue's first contact: what the
 * repository reads per group instead of every contact.
 */
export interface EffortGroup {
  intentId: number | null;
  channel: string | null;
  issueChannel: string | null;
  contacts: number;
  customerTurns: number;
  /** Each contact's duration (last message − first; negative ones count as 0). */
  durationsMs: number[];
  /** Of the issues these contacts end, the resolved ones: how many, their contacts, and each one's time to resolution. */
  resolvedIssues: number;
  resolvedIssueContacts: number;
  resolutionsMs: number[];
}

/** A group's sums, and the lists of values its medians are taken over (the groups' own, not copied). */
interface Sums {
  contacts: number;
  customerTurns: number;
  durationsMs: number[][];
  resolvedIssues: number;
  resolvedIssueContacts: number;
  resolutionsMs: number[][];
}

const empty = (): Sums => ({ contacts: 0, customerTurns: 0, durationsMs: [], resolvedIssues: 0, resolvedIssueContacts: 0, resolutionsMs: [] });

function addContacts(to: Sums, g: EffortGroup): void {
  to.contacts += g.contacts;
  to.customerTurns += g.customerTurns;
  to.durationsMs.push(g.durationsMs);
}

function addIssues(to: Sums, g: EffortGroup): void {
  to.resolvedIssues += g.resolvedIssues;
  to.resolvedIssueContacts += g.resolvedIssueContacts;
  to.resolutionsMs.push(g.resolutionsMs);
}

/** The median of the values of these lists, each raised to `floor` at least. */
function medianOf(lists: number[][], floor = -Infinity): number | null {
  const all = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) for (const v of list) all[at++] = v < floor ? floor : v;
  return median(all);
}

/** The effort of one group of contacts (an intent, a channel, or all): the answer's shape (contracts). */
function figures(s: Sums): EffortFiguresItem {
  return {
    contacts: s.contacts,
    customerTurnsMean: s.contacts > 0 ? s.customerTurns / s.contacts : null,
    durationMedianMs: medianOf(s.durationsMs, 0),
    resolvedIssues: s.resolvedIssues,
    contactsPerResolvedIssue: s.resolvedIssues > 0 ? s.resolvedIssueContacts / s.resolvedIssues : null,
    timeToResolutionMedianMs: medianOf(s.resolutionsMs),
  };
}

export interface Effort {
  overall: EffortFiguresItem;
  byIntent: ({ intentId: number | null } & EffortFiguresItem)[];
  byChannel: ({ channel: string | null } & EffortFiguresItem)[];
}

/**
 * Effort overall, per intent and per channel: a contact counts for its own intent and channel, an issue for the
 * intent it is about and the channel of its first contact. Largest groups first.
 */
export function effort(groups: EffortGroup[]): Effort {
  const overall = empty();
  const byIntent = new Map<number | null, Sums>();
  const byChannel = new Map<string | null, Sums>();
  const entry = <K>(m: Map<K, Sums>, k: K) => m.get(k) ?? m.set(k, empty()).get(k)!;
  for (const g of groups) {
    for (const s of [overall, entry(byIntent, g.intentId), entry(byChannel, g.channel)]) addContacts(s, g);
    for (const s of [overall, entry(byIntent, g.intentId), entry(byChannel, g.issueChannel)]) addIssues(s, g);
  }
  const largest = <T extends { contacts: number }>(xs: T[]) => xs.filter((x) => x.contacts > 0).sort((a, b) => b.contacts - a.contacts);
  return {
    overall: figures(overall),
    byIntent: largest([...byIntent].map(([intentId, s]) => ({ intentId, ...figures(s) }))),
    byChannel: largest([...byChannel].map(([channel, s]) => ({ channel, ...figures(s) }))),
  };
}
