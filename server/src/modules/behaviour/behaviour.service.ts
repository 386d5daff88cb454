import { Inject, Injectable } from '@nestjs/common';
import { effort } from '../../../../analytics/src/behaviour/effort';
import { journeyLinks, mostTravelled, nextAfter } from '../../../../analytics/src/behaviour/journeys';
import { WEEKDAYS, whenGrid } from '../../../../analytics/src/behaviour/when';
import { csvField } from '../../../../analytics/src/text/spreadsheet';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { MetricsService } from '../metrics/metrics.service';
import { BehaviourRepository, STEPS } from './behaviour.repository';
import { BehaviourQuery, NextQuery, WhenQuery } from './dtos/behaviour.dto';
import type { EffortAnswer, JourneyFlow, NextAfterAnswer, WhenAnswer } from '#contracts';

const DAY_MS = 86_400_000;
/** The name of "no intent" (a conversation of small talk only, or not analysed yet). */
const NO_INTENT = 'no intent (small talk only)';
/** The customers who spent the most, listed by effort. */
const TOP_CUSTOMERS = 20;
/** The most travelled links of each step in the JSON answer, with their examples (the page shows at most 12). */
const LINKS_SHOWN = 25;

export interface CsvFile {
  name: string;
  body: string;
}

function csv(header: string[], rows: (string | number | null)[][]): string {
  return [header.map((h) => csvField(h)), ...rows.map((r) => r.map((v) => csvField(v)))].map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/**
 * Customers' behaviour over their contacts (docs/metrics.md, "Behaviour"): journeys, when they come, and what it
 * costs them. The journeys and issues are kept beside the conversations' facts (the metrics recompute them); each
 * view reads sums and links of the journeys within the filters and computes in analytics/src/behaviour.
 */
@Injectable()
export class BehaviourService {
  constructor(
    private readonly repo: BehaviourRepository,
    private readonly metrics: MetricsService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  private get windowDays(): number {
    return this.config.journeyWindowMs / DAY_MS;
  }

  private async labels(): Promise<(id: number | null) => string> {
    const labels = await this.repo.intentLabels();
    return (id) => (id === null ? NO_INTENT : (labels.get(id) ?? `intent ${id}`));
  }

  /** The flow; `every` link (for the CSV) instead of the most travelled of each step with their examples. */
  async journeys(q: BehaviourQuery, { every = false } = {}): Promise<JourneyFlow> {
    const f = this.metrics.filter(q);
    const [counts, rows, label] = await Promise.all([this.repo.journeyCounts(f), this.repo.links(f, { steps: STEPS }), this.labels()]);
    const all = journeyLinks(rows, { steps: STEPS });
    const links = every ? all : mostTravelled(all, LINKS_SHOWN);
    const found = every ? [] : await this.repo.linkExamples(f, links);
    const names = await this.repo.customerNames([...new Set(found.map((e) => e.customerId))]);
    const examples = new Map<string, JourneyFlow['links'][number]['examples']>();
    for (const e of found) {
      const key = `${e.step}:${e.from}:${e.to}`;
      examples.set(key, [...(examples.get(key) ?? []), { customer: names.get(e.customerId) ?? e.customerId, fromConversation: e.fromConversation, toConversation: e.toConversation }]);
    }
    return {
      windowDays: this.windowDays,
      customers: counts.customers,
      journeys: counts.journeys,
      returningJourneys: counts.returning,
      anonymousConversations: counts.anonymous,
      otherLinks: all.length - links.length,
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
    const f = this.metrics.filter(q);
    const of = q.of === 0 ? null : q.of;
    const [rows, contacts, label] = await Promise.all([this.repo.links(f, { from: of }), this.repo.contactsAbout(f, of), this.labels()]);
    const after = nextAfter(rows, of, contacts);
    return { intentId: of, label: label(of), windowDays: this.windowDays, contacts: after.contacts, cameBack: after.cameBack, next: after.next.map((n) => ({ ...n, label: label(n.intentId) })) };
  }

  async when(q: WhenQuery): Promise<WhenAnswer> {
    const f = this.metrics.filter(q);
    const [quarters, replies] = await Promise.all([this.repo.quarters(f), this.repo.replies(f)]);
    return whenGrid(quarters, replies, q.tz ?? this.config.timeZone);
  }

  async effort(q: BehaviourQuery): Promise<EffortAnswer> {
    const f = this.metrics.filter(q);
    const [rows, top, label] = await Promise.all([this.repo.effortGroups(f), this.repo.topCustomers(f, TOP_CUSTOMERS), this.labels()]);
    const ids = top.map((c) => c.customerId);
    const [contacts, names] = await Promise.all([this.repo.contactsOf(f, ids), this.repo.customerNames(ids)]);
    const e = effort(rows);
    return {
      windowDays: this.windowDays,
      overall: e.overall,
      byIntent: e.byIntent.map((i) => ({ ...i, label: label(i.intentId) })),
      byChannel: e.byChannel,
      customers: top.map(({ customerId, ...c }) => {
        const list = contacts.get(customerId) ?? [];
        return { ...c, customer: names.get(customerId) ?? customerId, journey: list.map((x) => label(x.intentId)), conversationIds: list.map((x) => x.conversationId) };
      }),
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
