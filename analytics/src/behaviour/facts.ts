import { issuesOf } from './effort';
import { buildJourneys, Contact } from './journeys';

/**
 * Where a contact stands in its customer's journeys and issues, kept beside its conversation's facts so that the
 * behaviour views read sums and links instead of every contact (docs/metrics.md, "Behaviour").
 */
export interface JourneyFacts {
  conversationId: string;
  /** The journey's first contact and its start. */
  journeyFirstId: string;
  journeyStartedAt: number;
  /** 0 for the first contact; the journey's contacts. */
  step: number;
  length: number;
  /** The contact before this one in the journey and the time between their starts (null at step 0). */
  prevId: string | null;
  prevIntentId: number | null;
  gapMs: number | null;
  /** The issue's first start, this contact's place in it (1 for the first), whether it is the issue's last, and the first's channel. */
  issueStartedAt: number;
  issueContacts: number;
  issueLast: boolean;
  issueChannel: string | null;
  /**
   * What the whole journey cost its customer, the same on each of its contacts: customer turns, time in
   * conversations, and issues left unresolved (their last contact not resolved). The customers who spent the most sum
   * these over their journeys' first contacts instead of over every contact.
   */
  journeyTurns: number;
  journeyDurationMs: number;
  journeyUnresolved: number;
}

/** Every contact's journey facts, its customer's contacts (all of them, any order) segmented by `windowMs`. */
export function journeyFacts(contacts: Contact[], windowMs: number): JourneyFacts[] {
  const journeys = buildJourneys(contacts, windowMs);
  const issueOf = new Map<string, { startedAt: number; position: number; last: boolean; channel: string | null }>();
  for (const issue of issuesOf(journeys)) {
    issue.contacts.forEach((c, i) =>
      issueOf.set(c.conversationId, { startedAt: issue.contacts[0].startedAt, position: i + 1, last: i === issue.contacts.length - 1, channel: issue.contacts[0].channel }),
    );
  }
  const out: JourneyFacts[] = [];
  for (const j of journeys) {
    const first = j.contacts[0];
    const journeyTurns = j.contacts.reduce((n, c) => n + c.customerTurns, 0);
    const journeyDurationMs = j.contacts.reduce((n, c) => n + Math.max(0, c.endedAt - c.startedAt), 0);
    const journeyUnresolved = j.contacts.filter((c) => issueOf.get(c.conversationId)!.last && c.outcome !== 'resolved').length;
    j.contacts.forEach((c, step) => {
      const prev = step > 0 ? j.contacts[step - 1] : null;
      const issue = issueOf.get(c.conversationId)!;
      out.push({
        conversationId: c.conversationId,
        journeyFirstId: first.conversationId,
        journeyStartedAt: first.startedAt,
        step,
        length: j.contacts.length,
        prevId: prev?.conversationId ?? null,
        prevIntentId: prev ? prev.intentId : null,
        gapMs: prev ? c.startedAt - prev.startedAt : null,
        issueStartedAt: issue.startedAt,
        issueContacts: issue.position,
        issueLast: issue.last,
        issueChannel: issue.channel,
        journeyTurns,
        journeyDurationMs,
        journeyUnresolved,
      });
    });
  }
  return out;
}
