import { Inject, Injectable } from '@nestjs/common';
import { effort } from '../../../../analytics/src/behaviour/effort';
import { buildJourneys, Contact, Journey, journeyLinks, nextAfter } from '../../../../analytics/src/behaviour/journeys';
import { WEEKDAYS, whenGrid } from '../../../../analytics/src/behaviour/when';
import { csvField } from '../../../../analytics/src/text/spreadsheet';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { MetricsService } from '../metrics/metrics.service';
import { BehaviourRepository } from './behaviour.repository';
import { BehaviourQuery, NextQuery, WhenQuery } from './dtos/behaviour.dto';
import type { EffortAnswer, JourneyFlow, NextAfterAnswer, WhenAnswer } from '#contracts';

const DAY_MS = 86_400_000;
/** The name of "no intent" (a conversation of small talk only, or not analysed yet). */
const NO_INTENT = 'no intent (small talk only)';
/** Journeys shown behind each link of the flow. */
const EXAMPLES = 10;

export interface CsvFile {
  name: string;
  body: string;
}

function csv(header: string[], rows: (string | number | null)[][]): string {
  return [header.map((h) => csvField(h)), ...rows.map((r) => r.map((v) => csvField(v)))].map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/**
 * Customers' behaviour over their contacts (docs/metrics.md, "Behaviour"): journeys, when they come, and what it
 * costs them. Each view reads the filtered conversations once and computes in analytics/src/behaviour.
 */
@Injectable()
export class BehaviourService {
  constructor(
    private readonly repo: BehaviourRepository,
    private readonly metrics: MetricsService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  private windowMs(q: BehaviourQuery): number {
    return q.window !== undefined ? q.window * DAY_MS : this.config.journeyWindowMs;
  }

  private async read(q: BehaviourQuery): Promise<{ contacts: Contact[]; journeys: Journey[]; label: (id: number | null) => string }> {
    const [contacts, labels] = await Promise.all([this.repo.contacts(this.metrics.filter(q)), this.repo.intentLabels()]);
    return { contacts, journeys: buildJourneys(contacts, this.windowMs(q)), label: (id) => (id === null ? NO_INTENT : (labels.get(id) ?? `intent ${id}`)) };
  }

  async journeys(q: BehaviourQuery): Promise<JourneyFlow> {
    const { contacts, journeys, label } = await this.read(q);
    const known = journeys.filter((j) => j.customerId !== null);
    const links = journeyLinks(known, { steps: 3 });
    const examples = new Map<string, { customer: string; fromConversation: string; toConversation: string }[]>();
    for (const j of known) {
      for (let step = 0; step < Math.min(3, j.contacts.length - 1); step++) {
        const key = `${step}:${j.contacts[step].intentId}:${j.contacts[step + 1].intentId}`;
        const list = examples.get(key) ?? [];
        if (list.length < EXAMPLES) list.push({ customer: j.customerId!, fromConversation: j.contacts[step].conversationId, toConversation: j.contacts[step + 1].conversationId });
        examples.set(key, list);
      }
    }
    const names = await this.repo.customerNames([...new Set([...examples.values()].flatMap((list) => list.map((e) => e.customer)))]);
    for (const list of examples.values()) for (const e of list) e.customer = names.get(e.customer) ?? e.customer;
    return {
      windowDays: this.windowMs(q) / DAY_MS,
      customers: new Set(known.map((j) => j.customerId)).size,
      journeys: known.length,
      returningJourneys: known.filter((j) => j.contacts.length > 1).length,
      anonymousConversations: contacts.filter((c) => c.customerId === null).length,
      links: links.map((l) => ({
        step: l.step,
        fromIntentId: l.from,
        fromLabel: label(l.from),
        toIntentId: l.to,
        toLabel: label(l.to),
        customers: l.customers,
        share: l.share,
        medianGapMs: l.medianGapMs,
        examples: examples.get(`${l.step}:${l.from}:${l.to}`) ?? [],
      })),
    };
  }

  async next(q: NextQuery): Promise<NextAfterAnswer> {
    const { journeys, label } = await this.read(q);
    const of = q.of === 0 ? null : q.of;
    const after = nextAfter(journeys, of);
    return { intentId: of, label: label(of), windowDays: this.windowMs(q) / DAY_MS, contacts: after.contacts, cameBack: after.cameBack, next: after.next.map((n) => ({ ...n, label: label(n.intentId) })) };
  }

  async when(q: WhenQuery): Promise<WhenAnswer> {
    const f = this.metrics.filter(q);
    const [quarters, replies] = await Promise.all([this.repo.quarters(f), this.repo.replies(f)]);
    return whenGrid(quarters, replies, q.tz ?? this.config.timeZone);
  }

  async effort(q: BehaviourQuery): Promise<EffortAnswer> {
    const { journeys, label } = await this.read(q);
    const e = effort(journeys);
    const customerName = await this.repo.customerNames(e.customers.map((c) => c.customerId));
    return {
      windowDays: this.windowMs(q) / DAY_MS,
      overall: e.overall,
      byIntent: e.byIntent.map((i) => ({ ...i, label: label(i.intentId) })),
      byChannel: e.byChannel,
      customers: e.customers.map(({ customerId, intents, ...c }) => ({ ...c, customer: customerName.get(customerId) ?? customerId, journey: intents.map(label) })),
    };
  }

  /** Each view as a table a spreadsheet opens (text cells guarded against formulas). */
  journeysCsv(a: JourneyFlow): CsvFile {
    return { name: 'journeys.csv', body: csv(['step', 'from', 'to', 'customers', 'share', 'median_gap_hours'], a.links.map((l) => [l.step + 1, l.fromLabel, l.toLabel, l.customers, l.share, hours(l.medianGapMs)])) };
  }

  nextCsv(a: NextAfterAnswer): CsvFile {
    return { name: 'next.csv', body: csv(['after', 'next', 'contacts', 'share', 'median_gap_hours'], a.next.map((n) => [a.label, n.label, n.contacts, n.share, hours(n.medianGapMs)])) };
  }

  whenCsv(a: WhenAnswer): CsvFile {
    return {
      name: 'when.csv',
      body: csv(['weekday', 'hour', 'time_zone', 'conversations', 'escalation_rate', 'deflection_rate'], a.cells.map((c) => [WEEKDAYS[c.weekday], c.hour, a.timeZone, c.conversations, c.escalationRate, c.deflectionRate])),
    };
  }

  effortCsv(a: EffortAnswer): CsvFile {
    const row = (kind: string, name: string | null, f: EffortAnswer['overall']) => [kind, name, f.contacts, f.customerTurnsMean, hours(f.durationMedianMs), f.resolvedIssues, f.contactsPerResolvedIssue, hours(f.timeToResolutionMedianMs)];
    return {
      name: 'effort.csv',
      body: csv(
        ['by', 'name', 'contacts', 'customer_turns_mean', 'duration_median_hours', 'resolved_issues', 'contacts_per_resolved_issue', 'time_to_resolution_median_hours'],
        [row('all', null, a.overall), ...a.byIntent.map((i) => row('intent', i.label, i)), ...a.byChannel.map((c) => row('channel', c.channel, c))],
      ),
    };
  }
}

function hours(ms: number | null): number | null {
  return ms === null ? null : Math.round((ms / 3_600_000) * 100) / 100;
}
