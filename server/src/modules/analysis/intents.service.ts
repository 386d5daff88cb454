import { Injectable } from '@nestjs/common';
import { trendOf, trendRange } from '../../../../analytics/src/metrics/trend';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { dateRange } from '../../common/filters';
import { AnalysisRunsRepository } from './analysis-runs.repository';
import { AnalysisRunRow, IntentRow } from './analysis-rows';
import { EngineInfo, IntentDto, IntentFilterQuery } from './dtos/intent.dto';
import { IntentFilter, IntentsRepository } from './intents.repository';
import { DailyCount, MessageDaysRepository } from './message-days.repository';
import { BotRepository, BotVersionRow } from '../bot/bot.repository';
import { ACT_LABELS, BOT_LOW_CONFIDENCE, BotReadings, ConversationAct, Coverage, IntentList } from '#contracts';
import { compareReadings } from '../../../../analytics/src/intents/bot-readings';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface IntentTotals {
  intentId: number;
  messages: number;
  sentiment: number | null;
}

/** Per-intent totals from the per-day rows. */
function totals(daily: DailyCount[]): IntentTotals[] {
  const by = new Map<number, { messages: number; sum: number; n: number }>();
  for (const d of daily) {
    const t = by.get(d.intentId) ?? { messages: 0, sum: 0, n: 0 };
    t.messages += d.messages;
    t.sum += d.sentimentSum;
    t.n += d.sentimentCount;
    by.set(d.intentId, t);
  }
  return [...by.entries()].map(([intentId, t]) => ({ intentId, messages: t.messages, sentiment: t.n > 0 ? t.sum / t.n : null }));
}

export function engineInfo(run: AnalysisRunRow | null): EngineInfo | null {
  if (!run) return null;
  return {
    embedding: run.embeddingEngine,
    embeddingModel: run.embeddingModel,
    sentiment: run.sentimentEngine,
    sentimentModel: run.sentimentModel,
    analysedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
  };
}

/** The intents as managers see them: sizes, trends, sentiment and escalation within the filters, and their edits. */
@Injectable()
export class IntentsService {
  constructor(
    private readonly runs: AnalysisRunsRepository,
    private readonly reads: IntentsRepository,
    private readonly days: MessageDaysRepository,
    private readonly bot: BotRepository,
  ) {}

  filter(q: IntentFilterQuery): IntentFilter {
    const f: IntentFilter = dateRange(q);
    if (q.channel) f.channel = q.channel;
    if (q.source) f.source = q.source;
    return f;
  }

  async list(q: IntentFilterQuery): Promise<IntentList> {
    const f = this.filter(q);
    const [{ engine, trend, all, items, daily }, acts, conversations, versions, everyIntent] = await Promise.all([
      this.items(q),
      this.reads.actCounts(f),
      this.reads.coverageCounts(f),
      this.bot.currentVersions(),
      this.reads.intents(null, ['active', 'merged', 'retired', 'dismissed']),
    ]);
    const bots = new Set(everyIntent.filter((i) => i.origin === 'bot').map((i) => i.id));
    const withIntent = daily.days.reduce((n, d) => n + d.messages, 0);
    const covered = daily.days.reduce((n, d) => n + (bots.has(d.intentId) ? d.messages : 0), 0);
    const customerMessages = withIntent + daily.withoutIntent;
    return {
      engine,
      trend,
      items,
      coverage: this.coverage(versions, { messages: withIntent, covered, ...conversations }, all.filter((d) => d.origin === 'bot' && d.messages === 0).map((d) => d.label)),
      acts: acts
        .map((a) => ({ act: a.act as ConversationAct, label: ACT_LABELS[a.act as ConversationAct] ?? a.act, messages: a.messages, conversations: a.conversations, share: customerMessages > 0 ? a.messages / customerMessages : 0 }))
        .sort((a, b) => b.messages - a.messages),
    };
  }

  /** Every active intent within the filters (`all`), and those with messages or conversations (`items`, largest first). */
  /** The bot's own intents as its logs record them, beside Seam's reading of the same messages. */
  async botReadings(q: IntentFilterQuery): Promise<BotReadings> {
    const [groups, intents] = await Promise.all([this.reads.botReadings(this.filter(q), BOT_LOW_CONFIDENCE), this.reads.intents(null, ['active', 'merged', 'retired', 'dismissed'])]);
    const names = new Map(intents.map((i) => [i.id, { label: i.customLabel || i.label, botName: i.origin === 'bot' ? i.label : null }]));
    return { threshold: BOT_LOW_CONFIDENCE, items: compareReadings(groups, names) };
  }

  /** With the per-day counts they are made of (`daily`). */
  async items(q: IntentFilterQuery): Promise<Pick<IntentList, 'engine' | 'trend' | 'items'> & { all: IntentDto[]; daily: Awaited<ReturnType<MessageDaysRepository['dailyCounts']>> }> {
    const f = this.filter(q);
    const [intents, conversations, counts, run, chasing] = await Promise.all([
      this.reads.intents(null),
      this.reads.conversationStats(f),
      this.days.dailyCounts(f),
      this.runs.lastCompletedRun(),
      this.reads.chasingByIntent(f),
    ]);
    const daily = counts.days;
    const messages = totals(daily);
    const total = messages.reduce((s, m) => s + m.messages, 0) || 1;
    const range = this.trendRange(f, daily);
    const byIntent = new Map<number, typeof daily>();
    for (const d of daily) {
      const days = byIntent.get(d.intentId);
      if (days) days.push(d);
      else byIntent.set(d.intentId, [d]);
    }
    const all = intents.map((i) => this.toDto(i, messages, conversations, byIntent.get(i.id) ?? [], total, range, chasing));
    const items = all.filter((d) => d.messages > 0 || d.conversations > 0).sort((a, b) => b.messages - a.messages);
    return { engine: engineInfo(run), trend: { bucket: range.bucket, from: iso(range.from), to: iso(range.to) }, all, items, daily: counts };
  }

  /** Coverage by the bots' current versions (null without a bot). */
  private coverage(current: BotVersionRow[], counts: { messages: number; covered: number; conversations: number; coveredConversations: number }, unused: string[]): Coverage | null {
    if (current.length === 0) return null;
    const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
    return {
      versions: current.map((v) => `${v.bot} ${v.version}`),
      messages: counts.messages,
      coveredMessages: counts.covered,
      messageRate: ratio(counts.covered, counts.messages),
      conversations: counts.conversations,
      coveredConversations: counts.coveredConversations,
      conversationRate: ratio(counts.coveredConversations, counts.conversations),
      unusedBotIntents: unused.sort(),
    };
  }

  async get(id: number, q: IntentFilterQuery): Promise<IntentDto & { recentConversations: string[]; status: string; mergedInto: number | null }> {
    const intent = await this.reads.intent(id);
    if (!intent) throw new SeamException(SeamErrorCode.NotFound, `no intent ${id}`);
    const f = this.filter(q);
    const [conversations, { days: all }, recent, chasing] = await Promise.all([this.reads.conversationStats(f), this.days.dailyCounts(f), this.reads.recentConversations(id, 20), this.reads.chasingByIntent(f)]);
    const messages = totals(all);
    const daily = all.filter((d) => d.intentId === id);
    const total = messages.reduce((s, m) => s + m.messages, 0) || 1;
    return { ...this.toDto(intent, messages, conversations, daily, total, this.trendRange(f, all), chasing), recentConversations: recent, status: intent.status, mergedInto: intent.mergedInto };
  }

  /** The trend's range and bucket: the filter's dates, or the last 90 days of the data (analytics' trendRange). */
  private trendRange(f: IntentFilter, daily: { day: number }[]) {
    const now = Date.now();
    const last = daily.reduce((max, d) => Math.max(max, d.day), 0) || now;
    const first = daily.reduce((min, d) => Math.min(min, d.day), last);
    return trendRange(f, { first, last }, now);
  }

  /** `daily`: this intent's counts per day. */
  private toDto(
    i: IntentRow,
    messages: IntentTotals[],
    conversations: Awaited<ReturnType<IntentsRepository['conversationStats']>>,
    daily: DailyCount[],
    total: number,
    range: ReturnType<typeof trendRange>,
    chasing: Map<number, number>,
  ): IntentDto {
    const m = messages.find((x) => x.intentId === i.id);
    const c = conversations.find((x) => x.intentId === i.id);
    const trend = trendOf(daily, range).points;
    return {
      id: i.id,
      origin: i.origin,
      label: i.customLabel || i.label,
      generatedLabel: i.label,
      renamed: !!i.customLabel,
      keywords: i.keywords,
      examples: i.examples,
      messages: m?.messages ?? 0,
      conversations: c?.conversations ?? 0,
      share: (m?.messages ?? 0) / total,
      sentiment: m?.sentiment ?? null,
      escalationRate: c && c.conversations > 0 ? c.escalated / c.conversations : null,
      chasing: chasing.get(i.id) ?? 0,
      trend,
      x: i.x,
      y: i.y,
    };
  }

  async map(limit: number) {
    const run = await this.runs.lastCompletedRun();
    const intents = await this.reads.intents(null);
    if (!run || intents.length === 0) return { engine: engineInfo(run), points: [], intents: [] };
    const spaceId = intents[0].spaceId;
    const points = await this.reads.mapPoints(spaceId, limit);
    return {
      engine: engineInfo(run),
      points,
      intents: intents.map((i) => ({ id: i.id, label: i.customLabel || i.label, x: i.x, y: i.y, size: i.size })),
    };
  }
}
