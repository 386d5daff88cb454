import { median } from '../metrics/stats';

/** A customer's contact (one conversation) as the behaviour views read it. */
export interface Contact {
  /** Null when the log names no customer: the contact cannot be linked to any other. */
  customerId: string | null;
  conversationId: string;
  startedAt: number;
  endedAt: number;
  /** The conversation's intent (null: small talk only, or not analysed). */
  intentId: number | null;
  /** resolved | abandoned | came_back | open (conversation facts). */
  outcome: string;
  customerTurns: number;
  channel: string | null;
}

/** A customer's contacts in order, the later ones within the window of the first. */
export interface Journey {
  customerId: string | null;
  contacts: Contact[];
}

/** The journeys' window when none is named: 30 days (docs/metrics.md). */
export const DEFAULT_JOURNEY_WINDOW_MS = 30 * 86_400_000;

/**
 * Every customer's journeys. `contacts` in any order. A journey begins with a customer's first contact not already
 * in one, and holds the customer's contacts that begin within `windowMs` of it; the next contact after that begins a
 * new journey. A contact without a customer is a journey of its own (nothing links it to another). Journeys come
 * ordered by their first contact's time, then conversation id; contacts of one time by conversation id.
 */
export function buildJourneys(contacts: Contact[], windowMs = DEFAULT_JOURNEY_WINDOW_MS): Journey[] {
  const byCustomer = new Map<string, Contact[]>();
  const out: Journey[] = [];
  for (const c of contacts) {
    if (c.customerId === null) {
      out.push({ customerId: null, contacts: [c] });
      continue;
    }
    const list = byCustomer.get(c.customerId);
    if (list) list.push(c);
    else byCustomer.set(c.customerId, [c]);
  }
  const order = (a: Contact, b: Contact) => a.startedAt - b.startedAt || (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0);
  for (const [customerId, list] of byCustomer) {
    list.sort(order);
    let current: Journey | null = null;
    for (const c of list) {
      if (current && c.startedAt - current.contacts[0].startedAt <= windowMs) current.contacts.push(c);
      else {
        current = { customerId, contacts: [c] };
        out.push(current);
      }
    }
  }
  return out.sort((a, b) => order(a.contacts[0], b.contacts[0]));
}

/**
 * The journeys that go from a contact about `from` (at `step`, 0 = the first contact) to a next one about `to`, as
 * the time between the two contacts' starts, one per journey. Rows of one step, `from` and `to` add up.
 */
export interface LinkRow {
  step: number;
  from: number | null;
  to: number | null;
  gapsMs: number[];
}

/** One link of the journeys' flow: at `step` (0: the first contact), from an intent to the next contact's. */
export interface JourneyLink {
  step: number;
  from: number | null;
  to: number | null;
  customers: number;
  /** Of the journeys at `from` at this step. */
  share: number;
  medianGapMs: number | null;
}

/**
 * The flow from first contact to later ones: for each step (0 = first contact → second, below `steps`), how many
 * journeys go from one intent to the next, their share of the journeys at that intent at that step that go on, and
 * the median time between the two contacts. Links with fewer than `min` journeys are left out; most travelled first.
 */
export function journeyLinks(rows: LinkRow[], { steps = 3, min = 1 }: { steps?: number; min?: number } = {}): JourneyLink[] {
  const at = new Map<string, number>();
  const links = new Map<string, { step: number; from: number | null; to: number | null; gaps: number[] }>();
  for (const r of rows) {
    if (r.step >= steps) continue;
    const fromKey = `${r.step}:${r.from}`;
    at.set(fromKey, (at.get(fromKey) ?? 0) + r.gapsMs.length);
    const key = `${r.step}:${r.from}:${r.to}`;
    const link = links.get(key) ?? { step: r.step, from: r.from, to: r.to, gaps: [] };
    link.gaps = link.gaps.concat(r.gapsMs);
    links.set(key, link);
  }
  return [...links.values()]
    .filter((l) => l.gaps.length >= min)
    .map((l) => ({ step: l.step, from: l.from, to: l.to, customers: l.gaps.length, share: l.gaps.length / at.get(`${l.step}:${l.from}`)!, medianGapMs: median(l.gaps) }))
    .sort((a, b) => a.step - b.step || b.customers - a.customers || (a.from ?? -1) - (b.from ?? -1) || (a.to ?? -1) - (b.to ?? -1));
}

/** The first `perStep` links of each step of `journeyLinks` (most travelled first), in the same order. */
export function mostTravelled<L extends Pick<JourneyLink, 'step'>>(links: L[], perStep: number): L[] {
  const taken = new Map<number, number>();
  return links.filter((l) => {
    const n = taken.get(l.step) ?? 0;
    taken.set(l.step, n + 1);
    return n < perStep;
  });
}

/** What customers contact about next after a contact about `intentId` (anywhere in a journey). */
export interface NextAfter {
  /** Contacts about the intent, of customers with an id. */
  contacts: number;
  /** Of them, followed by another contact within the journey's window. */
  cameBack: number;
  next: { intentId: number | null; contacts: number; share: number; medianGapMs: number | null }[];
}

/** `contacts`: how many contacts (of known customers) were about the intent; `rows`: the journeys' links, any step. */
export function nextAfter(rows: LinkRow[], intentId: number | null, contacts: number): NextAfter {
  const next = new Map<number | null, number[]>();
  for (const r of rows) if (r.from === intentId) next.set(r.to, (next.get(r.to) ?? []).concat(r.gapsMs));
  const cameBack = [...next.values()].reduce((s, g) => s + g.length, 0);
  return {
    contacts,
    cameBack,
    next: [...next.entries()]
      .map(([id, gaps]) => ({ intentId: id, contacts: gaps.length, share: cameBack > 0 ? gaps.length / cameBack : 0, medianGapMs: median(gaps) }))
      .sort((a, b) => b.contacts - a.contacts || (a.intentId ?? -1) - (b.intentId ?? -1)),
  };
}
