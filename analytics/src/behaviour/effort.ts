import type { EffortFiguresItem } from '#contracts';
import { median } from '../metrics/stats';
import { Contact, Journey } from './journeys';

/**
 * An issue: a customer's consecutive contacts of one journey about the same intent (they came back about it). It is
 * resolved when its last contact was (conversation facts' outcome `resolved`).
 */
export interface Issue {
  customerId: string | null;
  intentId: number | null;
  contacts: Contact[];
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

/** The effort of one group of contacts (an intent, a channel, or all): the answer's shape (contracts). */
function figures(contacts: Contact[], issues: Issue[]): EffortFiguresItem {
  const resolved = issues.filter((i) => i.resolved);
  return {
    contacts: contacts.length,
    customerTurnsMean: contacts.length > 0 ? contacts.reduce((s, c) => s + c.customerTurns, 0) / contacts.length : null,
    durationMedianMs: median(contacts.map((c) => Math.max(0, c.endedAt - c.startedAt))),
    resolvedIssues: resolved.length,
    contactsPerResolvedIssue: resolved.length > 0 ? resolved.reduce((s, i) => s + i.contacts.length, 0) / resolved.length : null,
    timeToResolutionMedianMs: median(resolved.map((i) => i.contacts[i.contacts.length - 1].endedAt - i.contacts[0].startedAt)),
  };
}

/** A customer who spends the most effort: their contacts, turns and time in the range, and their journey's intents. */
export interface EffortCustomer {
  customerId: string;
  contacts: number;
  customerTurns: number;
  durationMs: number;
  unresolvedIssues: number;
  /** Their contacts' intents in order, and the conversations. */
  intents: (number | null)[];
  conversationIds: string[];
}

export interface Effort {
  overall: EffortFiguresItem;
  byIntent: ({ intentId: number | null } & EffortFiguresItem)[];
  byChannel: ({ channel: string | null } & EffortFiguresItem)[];
  customers: EffortCustomer[];
}

/**
 * Effort per intent and per channel (an issue counts for the intent it is about, and for the channel of its first
 * contact), and the `top` customers who spent the most: most contacts, then most customer turns, then most time.
 */
export function effort(journeys: Journey[], top = 20): Effort {
  const contacts = journeys.flatMap((j) => j.contacts);
  const issues = issuesOf(journeys);
  const group = <K>(keyOf: (c: Contact) => K) => {
    const byKey = new Map<K, { contacts: Contact[]; issues: Issue[] }>();
    const entry = (k: K) => byKey.get(k) ?? byKey.set(k, { contacts: [], issues: [] }).get(k)!;
    for (const c of contacts) entry(keyOf(c)).contacts.push(c);
    for (const i of issues) entry(keyOf(i.contacts[0])).issues.push(i);
    return [...byKey.entries()].map(([k, v]) => ({ key: k, ...figures(v.contacts, v.issues) })).sort((a, b) => b.contacts - a.contacts);
  };
  const perCustomer = new Map<string, EffortCustomer>();
  for (const j of journeys) {
    if (j.customerId === null) continue;
    const e = perCustomer.get(j.customerId) ?? { customerId: j.customerId, contacts: 0, customerTurns: 0, durationMs: 0, unresolvedIssues: 0, intents: [], conversationIds: [] };
    for (const c of j.contacts) {
      e.contacts++;
      e.customerTurns += c.customerTurns;
      e.durationMs += Math.max(0, c.endedAt - c.startedAt);
      e.intents.push(c.intentId);
      e.conversationIds.push(c.conversationId);
    }
    perCustomer.set(j.customerId, e);
  }
  for (const i of issues) if (i.customerId !== null && !i.resolved) perCustomer.get(i.customerId)!.unresolvedIssues++;
  const customers = [...perCustomer.values()]
    .sort((a, b) => b.contacts - a.contacts || b.customerTurns - a.customerTurns || b.durationMs - a.durationMs || a.customerId.localeCompare(b.customerId))
    .slice(0, top);
  return {
    overall: figures(contacts, issues),
    byIntent: group((c) => c.intentId).map(({ key, ...f }) => ({ intentId: key, ...f })),
    byChannel: group((c) => c.channel).map(({ key, ...f }) => ({ channel: key, ...f })),
    customers,
  };
}
