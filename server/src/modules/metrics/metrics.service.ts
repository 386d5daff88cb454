import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { journeyFacts } from '../../../../analytics/src/behaviour/facts';
import { Breakdown, conversationFacts, detectBreakdowns, MetricOptions } from '../../../../analytics/src';
import { DataVersion } from '../cache/read-cache';
import { AccessService } from '../access/access.service';
import type { Principal } from '../access/roles';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { dateRange, metaFilter } from '../../common/filters';
import { JourneyContactRow, JourneyFactsRepository, journeyRow, OWNERS } from './journey-facts.repository';
import { FactsRow, FlagRow, MetricFilter, MetricsRepository, SEVERITY_RANK } from './metrics.repository';
import { CompareQuery, FlagQuery, MetricQuery, SegmentQuery, UpdateFlagBody } from './dtos/metrics.dto';
import type { ByIntent, Flag, Overview, SegmentList, VersionComparison } from '#contracts';
import { MIN_SIDE, proportionChange } from '../../../../analytics/src/metrics/compare';
import { BotRepository } from '../bot/bot.repository';
import { MessageDaysRepository } from '../analysis/message-days.repository';
import { botVersion } from '../bot/bot.service';
import { percentile } from '../../../../analytics/src/metrics/stats';
import { WriteBehind } from '../../common/write-behind';
import { ROWS_PER_TRANSACTION } from '../../database/transaction';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Conversations read and computed at once. */
const CHUNK = 2000;
/** Conversations recomputed at once from which planner statistics are refreshed. */
const ANALYZE_AFTER = 20_000;

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b <= 0 ? null : a / b;
}

/** The rates of docs/metrics.md from the sums of conversation facts. */
export function ratesFrom(s: Record<string, number | null>) {
  const n = (k: string) => s[k] ?? 0;
  return {
    conversations: n('conversations'),
    botEngaged: n('bot_engaged'),
    botEngagedRate: ratio(n('bot_engaged'), n('conversations')),
    containmentRate: ratio(n('contained'), n('bot_engaged')),
    deflectionRate: ratio(n('deflected'), n('bot_engaged') - n('deflection_pending')),
    deflectionPending: n('deflection_pending'),
    escalationRate: ratio(n('escalated'), n('bot_engaged')),
    handoffs: n('handoffs'),
    botFallbackRate: ratio(n('fallback_messages'), n('bot_messages')),
    conversationsWithFallbackRate: ratio(n('with_fallback'), n('bot_engaged')),
    repeatContactRate: ratio(n('repeat_any'), n('customer_known')),
    repeatContactSameIntentRate: ratio(n('repeat_same_intent'), n('customer_known')),
    abandonmentAfterFallbackRate: ratio(n('abandoned_after_fallback'), n('with_fallback')),
    abandonmentAfterHandoffRate: ratio(n('abandoned_after_handoff'), n('handoffs')),
    botTurnsBeforeHandoff: s.bot_turns_before_handoff ?? null,
    csat: s.csat ?? null,
    csatResponses: n('csat_responses'),
    sentimentBeforeHandoff: s.sentiment_before ?? null,
    sentimentAfterHandoff: s.sentiment_after ?? null,
    endedNegativeRate: ratio(n('ended_negative'), n('conversations')),
    averageSentiment: s.average_sentiment ?? null,
  };
}

/**
 * Conversation facts and flags, recomputed after every analysis for what changed (and every conversation of the
 * customers involved), and the aggregates of the metric endpoints, all with the same filters.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  /** What the latest recompute did, for health checks and benchmarks. */
  lastRecompute: { conversations: number; flags: number; ms: number } | null = null;

  constructor(
    private readonly repo: MetricsRepository,
    private readonly journeys: JourneyFactsRepository,
    private readonly version: DataVersion,
    private readonly access: AccessService,
    private readonly bot: BotRepository,
    private readonly messageDays: MessageDaysRepository,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  private async options(): Promise<MetricOptions> {
    return {
      repeatWindowMs: this.config.repeatWindowMs,
      longWaitMs: this.config.longWaitMs,
      sentimentDrop: this.config.sentimentDrop,
      negativeEnd: this.config.negativeEnd,
      humanSimilarity: this.config.humanSimilarity,
      repeatSimilarity: this.config.repeatSimilarity,
      dataEnd: await this.repo.dataEnd(),
    };
  }

  /**
   * Recomputes facts and flags: for conversations that changed and their customers' others, or for all. The days of
   * messages whose analysis changed are counted again first (message-days.repository.ts).
   */
  async recompute(all = false): Promise<{ conversations: number; flags: number; ms: number }> {
    const started = Date.now();
    await this.messageDays.rebuild();
    const options = await this.options();
    const stale = all ? await this.repo.allConversationIds() : await this.repo.staleConversations(options.dataEnd, options.repeatWindowMs);
    const ids = new Set(stale.map((s) => s.id));
    if (!all && stale.length > 0) {
      // A new contact changes an earlier conversation of the same customer only if it falls within that one's window.
      let earliest = Infinity;
      for (const s of stale) if (s.startedAt! < earliest) earliest = s.startedAt!;
      const customers = [...new Set(stale.map((s) => s.customerId).filter((c): c is string => !!c))];
      for (const id of await this.repo.conversationsOfCustomers(customers, earliest - options.repeatWindowMs)) ids.add(id);
    }
    const list = [...ids].sort();
    let flags = 0;
    // The next chunk is read while this one is computed and written (on PostgreSQL, on another connection).
    const read = (at: number) => {
      const reading = (async () => {
        const loaded = await this.repo.load(list.slice(at, at + CHUNK));
        const contacts = await this.repo.contactsOf([...new Set(loaded.map((l) => l.head.customerId).filter((c): c is string => !!c))]);
        return { loaded, contacts };
      })();
      // Awaited at the next turn; a failure meanwhile must not count as unhandled.
      reading.catch(() => undefined);
      return reading;
    };
    let next = list.length > 0 ? read(0) : null;
    let pending: { facts: FactsRow[]; ids: string[]; found: Map<string, Breakdown[]> } = { facts: [], ids: [], found: new Map() };
    // Rows are written while the next ones are computed (on PostgreSQL the writing takes its own core).
    const saving = new WriteBehind();
    const write = () => {
      const rows = pending;
      pending = { facts: [], ids: [], found: new Map() };
      return saving.push(() => this.repo.saveChunk(rows.facts, rows.ids, rows.found));
    };
    for (let i = 0; i < list.length; i += CHUNK) {
      const { loaded, contacts } = await next!;
      next = i + CHUNK < list.length ? read(i + CHUNK) : null;
      for (const { head, conversation } of loaded) {
        if (conversation.messages.length === 0) continue;
        const later = head.customerId ? (contacts.get(head.customerId) ?? []) : [];
        const f = conversationFacts(conversation, later, options);
        const breakdowns = detectBreakdowns(conversation, later, options, f);
        const scored = conversation.messages.filter((m) => m.role === 'customer' && m.sentiment !== null);
        pending.facts.push({
          head,
          facts: f,
          endedNegative: scored.length > 0 && scored[scored.length - 1].sentiment! < options.negativeEnd,
          sentimentSum: scored.reduce((sum, m) => sum + m.sentiment!, 0),
          sentimentCount: scored.length,
        });
        pending.found.set(head.id, breakdowns);
        flags += breakdowns.length;
      }
      pending.ids.push(...list.slice(i, i + CHUNK));
      if (pending.ids.length >= ROWS_PER_TRANSACTION) await write();
    }
    if (pending.ids.length > 0) await write();
    await saving.flush();
    const journeys = await this.recomputeJourneys(all ? 'all' : list);
    // Planner statistics after a large write only; a night's few thousand rows leave them representative.
    if (all || list.length + journeys >= ANALYZE_AFTER) await this.repo.analyze();
    const ms = Date.now() - started;
    if (list.length > 0 || journeys > 0) this.logger.log(`metrics: ${list.length} conversations, ${flags} flags, ${journeys} journey rows, in ${ms} ms`);
    this.lastRecompute = { conversations: list.length, flags, ms };
    if (list.length > 0 || journeys > 0) await this.version.bump();
    return this.lastRecompute;
  }

  /**
   * The journeys and issues of the customers whose conversations were recomputed (every customer's, after a
   * re-cluster), and of any conversation without a row of the window (`SEAM_JOURNEY_WINDOW_DAYS` changed): a
   * customer's contacts are segmented again whole, and the rows that changed are written. Returns how many.
   */
  private async recomputeJourneys(ids: string[] | 'all'): Promise<number> {
    const windowMs = this.config.journeyWindowMs;
    const owners = await this.journeys.owners(ids, windowMs);
    let written = 0;
    let changed: JourneyContactRow[] = [];
    const saving = new WriteBehind();
    const write = () => {
      const rows = changed;
      changed = [];
      written += rows.length;
      return saving.push(() => this.journeys.save(rows));
    };
    for (const [list, anonymous] of [[owners.customers, false], [owners.anonymous, true]] as const) {
      for (let i = 0; i < list.length; i += OWNERS) {
        const stored = new Map((await this.journeys.contacts(list.slice(i, i + OWNERS), anonymous)).map((s) => [s.contact.conversationId, s]));
        for (const f of journeyFacts([...stored.values()].map((s) => s.contact), windowMs)) {
          const row = journeyRow(stored.get(f.conversationId)!, f, windowMs);
          if (!isDeepStrictEqual(row, stored.get(row.conversationId)!.row)) changed.push(row);
        }
        if (changed.length >= ROWS_PER_TRANSACTION) await write();
      }
    }
    await write();
    await saving.flush();
    return written;
  }

  filter(q: MetricQuery): MetricFilter {
    const f: MetricFilter = dateRange(q);
    if (q.channel) f.channel = q.channel;
    if (q.source) f.source = q.source;
    if (q.intent !== undefined) f.intentId = q.intent;
    if (q.segment !== undefined) f.segment = q.segment;
    f.meta = metaFilter(q.meta);
    return f;
  }

  private async summary(f: MetricFilter) {
    const [[sums], handoff, response] = await Promise.all([this.repo.sums(f), this.repo.durations(f, 'time_to_handoff_ms'), this.repo.durations(f, 'first_response_ms')]);
    return {
      ...ratesFrom(sums ?? {}),
      timeToHandoffMs: { median: percentile(handoff, 0.5), p90: percentile(handoff, 0.9) },
      firstResponseAfterHandoffMs: { median: percentile(response, 0.5), p90: percentile(response, 0.9) },
    };
  }

  /** The numbers for the filters, and for the period just before when the range is closed. */
  async overview(q: MetricQuery): Promise<Overview> {
    const f = this.filter(q);
    const current = await this.summary(f);
    let previous = null;
    if (f.fromMs !== undefined && f.toMs !== undefined) {
      const span = f.toMs - f.fromMs;
      previous = await this.summary({ ...f, fromMs: f.fromMs - span, toMs: f.fromMs });
    }
    return { ...current, previous, repeatWindowDays: this.config.repeatWindowMs / DAY_MS };
  }

  /**
   * The same number of days before and after a bot version went live (the after side ends today at the latest),
   * with the filters: the rates on each side and whether escalation, deflection, containment and fallbacks moved
   * beyond chance.
   */
  async compare(q: CompareQuery): Promise<VersionComparison> {
    const row = (await this.bot.versions()).find((v) => v.id === q.version);
    if (!row) throw new SeamException(SeamErrorCode.NotFound, `no bot version ${q.version}`);
    const days = q.days ?? 28;
    const live = Math.floor(row.releasedAt / DAY_MS) * DAY_MS;
    const base = this.filter({ channel: q.channel, source: q.source, intent: q.intent });
    const sides = [
      { fromMs: live - days * DAY_MS, toMs: live },
      { fromMs: live, toMs: Math.min(live + days * DAY_MS, Date.now()) },
    ];
    const [before, after] = await Promise.all(sides.map(async (s) => ({ ...(await this.summary({ ...base, ...s })), from: iso(s.fromMs), to: iso(s.toMs - 1) })));
    const [[b], [a]] = await Promise.all(sides.map((s) => this.repo.sums({ ...base, ...s })));
    const n = (r: Record<string, number | null> | undefined, k: string) => Number(r?.[k] ?? 0);
    const engaged = (r: Record<string, number | null> | undefined) => n(r, 'bot_engaged');
    const changes = [
      { metric: 'escalation', ...proportionChange(n(b, 'escalated'), engaged(b), n(a, 'escalated'), engaged(a)) },
      { metric: 'containment', ...proportionChange(n(b, 'contained'), engaged(b), n(a, 'contained'), engaged(a)) },
      { metric: 'deflection', ...proportionChange(n(b, 'deflected'), engaged(b) - n(b, 'deflection_pending'), n(a, 'deflected'), engaged(a) - n(a, 'deflection_pending')) },
      { metric: 'conversations with a fallback', ...proportionChange(n(b, 'with_fallback'), engaged(b), n(a, 'with_fallback'), engaged(a)) },
    ];
    const few = before.conversations < MIN_SIDE || after.conversations < MIN_SIDE;
    return {
      version: botVersion(row),
      days,
      before,
      after,
      changes,
      note: few ? `Too few conversations to tell: ${before.conversations} before and ${after.conversations} after (at least ${MIN_SIDE} each).` : null,
    };
  }

  async timeseries(q: MetricQuery & { bucket?: 'day' | 'week' }) {
    const f = this.filter(q);
    const bucket = q.bucket ?? 'day';
    const expr = bucket === 'day' ? `(cm.started_at / ${DAY_MS})` : `((cm.started_at / ${DAY_MS} + 3) / 7)`;
    const rows = await this.repo.sums(f, expr);
    const toDate = (g: number) => new Date((bucket === 'day' ? g : g * 7 - 3) * DAY_MS).toISOString().slice(0, 10);
    return { bucket, points: rows.map((r) => ({ period: toDate(Number(r.grp)), ...ratesFrom(r) })) };
  }

  /** The same rates per segment (new / returning customers, channel, a metadata field), largest first (at most 20). */
  async segments(q: SegmentQuery): Promise<SegmentList> {
    const f = this.filter(q);
    const expression = this.repo.segmentExpression(q.by);
    const rows = await this.repo.sums(f, expression);
    const label = (v: string | null) =>
      q.by === 'customers' ? (v === null ? 'no customer id' : Number(v) === 1 ? 'returning customers' : 'new customers') : v === null ? (q.by === 'channel' ? 'unknown channel' : `no ${q.by.slice(5)}`) : v;
    return {
      by: q.by,
      items: rows
        .map((r) => {
          const value = r.grp === null ? null : String(r.grp);
          return { segment: value, label: label(value), ...ratesFrom(r) };
        })
        .sort((a, b) => b.conversations - a.conversations || a.label.localeCompare(b.label))
        .slice(0, 20),
    };
  }

  async byIntent(q: MetricQuery): Promise<{ items: ByIntent[] }> {
    const f = this.filter(q);
    const [rows, labels, breakdowns] = await Promise.all([this.repo.sums(f, 'cm.intent_id'), this.repo.intentLabels(), this.repo.breakdownRows(f)]);
    return {
      items: rows
        .map((r) => {
          const id = r.grp === null ? null : Number(r.grp);
          const reasons = breakdowns.filter((b) => b.intentId === id).sort((a, b) => b.conversations - a.conversations || a.reason.localeCompare(b.reason));
          return {
            intentId: id,
            intent: id === null ? 'not analysed' : labels.get(id) ?? `intent ${id}`,
            ...ratesFrom(r),
            topBreakdown: reasons[0] ? { reason: reasons[0].reason, conversations: reasons[0].conversations } : null,
            breakdowns: reasons.map((b) => ({ reason: b.reason, conversations: b.conversations })),
          };
        })
        .sort((a, b) => b.conversations - a.conversations || (a.intentId ?? 0) - (b.intentId ?? 0)),
    };
  }

  /** Where collaboration breaks down: reasons ranked by conversations touched, what they cost, and intent × reason. */
  async breakdowns(q: MetricQuery) {
    const f = this.filter(q);
    const [rows, labels, [sums]] = await Promise.all([this.repo.breakdownRows(f), this.repo.intentLabels(), this.repo.sums(f)]);
    const total = sums?.conversations ?? 0;
    const byReason = new Map<string, { reason: string; conversations: number; handoffs: number; repeatContacts: number; negativeEndings: number; highSeverity: number }>();
    for (const r of rows) {
      const e = byReason.get(r.reason) ?? { reason: r.reason, conversations: 0, handoffs: 0, repeatContacts: 0, negativeEndings: 0, highSeverity: 0 };
      e.conversations += r.conversations;
      e.handoffs += r.handoffs;
      e.repeatContacts += r.repeats;
      e.negativeEndings += r.negative;
      e.highSeverity += r.high;
      byReason.set(r.reason, e);
    }
    const reasons = [...byReason.values()]
      .map((e) => ({ ...e, share: ratio(e.conversations, total), cost: e.handoffs + e.repeatContacts + e.negativeEndings }))
      .sort((a, b) => b.conversations - a.conversations || b.cost - a.cost || a.reason.localeCompare(b.reason));
    return {
      conversations: total,
      reasons,
      matrix: rows.map((r) => ({ intentId: r.intentId, intent: r.intentId === null ? 'not analysed' : labels.get(r.intentId) ?? `intent ${r.intentId}`, reason: r.reason, conversations: r.conversations })),
    };
  }

  /** Conversations from first contact through bot, fallback and handoff to their outcome, as nodes and links. */
  async flows(q: MetricQuery) {
    const rows = await this.repo.flowRows(this.filter(q));
    const links = new Map<string, number>();
    const add = (source: string, target: string, n: number) => links.set(`${source}\u0000${target}`, (links.get(`${source}\u0000${target}`) ?? 0) + n);
    for (const r of rows) {
      const outcome = r.outcome;
      if (r.path === 'human_only' || r.path === 'no_reply') {
        add('conversations', r.path === 'human_only' ? 'agent only' : 'no reply', r.n);
        add(r.path === 'human_only' ? 'agent only' : 'no reply', outcome, r.n);
        continue;
      }
      add('conversations', 'bot', r.n);
      if (r.fallback) add('bot', 'bot fallback', r.n);
      const from = r.fallback ? 'bot fallback' : 'bot';
      if (r.path === 'handoff') {
        add(from, 'handoff', r.n);
        add('handoff', outcome, r.n);
      } else add(from, outcome, r.n);
    }
    const nodes = ['conversations', 'bot', 'bot fallback', 'handoff', 'agent only', 'no reply', 'resolved', 'abandoned', 'came_back', 'open'].filter((name) =>
      [...links.keys()].some((k) => k.split('\u0000').includes(name)),
    );
    return {
      nodes: nodes.map((name) => ({ name })),
      links: [...links.entries()].map(([k, value]) => {
        const [source, target] = k.split('\u0000');
        return { source: nodes.indexOf(source), target: nodes.indexOf(target), value, sourceName: source, targetName: target };
      }),
    };
  }

  async flags(q: FlagQuery) {
    const f = { ...this.filter(q), reason: q.reason, severity: q.severity, status: q.status, assignee: q.assignee, conversationId: q.conversation };
    const limit = q.limit ?? 50;
    let after: { rank: number; startedAt: number; id: number } | undefined;
    if (q.cursor) {
      const [rank, startedAt, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|').map(Number);
      if (![rank, startedAt, id].every(Number.isFinite)) throw new SeamException(SeamErrorCode.BadFilter, 'cursor is not one this API returned');
      after = { rank, startedAt, id };
    }
    const rows = await this.repo.listFlags(f, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const labels = await this.repo.intentLabels();
    return {
      items: page.map((r) => this.mapFlag(r, labels)),
      nextCursor: rows.length > limit && last ? Buffer.from(`${SEVERITY_RANK[last.severity]}|${last.startedAt}|${last.id}`).toString('base64url') : null,
    };
  }

  /** `p`: who acts. Agents act on the review queue only: a flag no longer active is not found for them. */
  async updateFlag(id: number, body: UpdateFlagBody, p: Principal) {
    const existing = await this.repo.flag(id);
    if (!existing || (p.role === 'agent' && !existing.active)) throw new SeamException(SeamErrorCode.NotFound, `no flag ${id} in the review queue`);
    if (body.assignee) {
      const user = await this.access.userNamed(body.assignee).catch(() => null);
      if (!user || user.disabled) throw new SeamException(SeamErrorCode.Invalid, `assignee must name an active account (${JSON.stringify(body.assignee)} does not)`);
    }
    await this.repo.updateFlag(id, { status: body.status, assignee: body.assignee === undefined ? undefined : body.assignee || null, note: body.note === undefined ? undefined : body.note || null });
    return this.mapFlag((await this.repo.flag(id))!, await this.repo.intentLabels());
  }

  private mapFlag(r: FlagRow, labels: Map<number, string>): Flag {
    return {
      id: r.id,
      conversationId: r.conversationId,
      reason: r.reason,
      severity: r.severity as Flag['severity'],
      detail: r.detail,
      evidence: r.evidence,
      status: r.status,
      assignee: r.assignee,
      note: r.note,
      conversationStartedAt: new Date(r.startedAt).toISOString(),
      channel: r.channel,
      intentId: r.intentId,
      intent: r.intentId === null ? null : labels.get(r.intentId) ?? null,
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }
}
