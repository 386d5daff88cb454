import type { MetricConversation, MetricOptions, OtherContact } from './types';

/**
 * The facts every metric is built from, for one conversation. docs/metrics.md defines each; this function
 * is that definition in code. Aggregates (rates, medians) are sums and counts of these over conversations.
 */
export interface ConversationFacts {
  botEngaged: boolean;
  /** A handoff event, or an agent message after the bot had answered. */
  handoff: boolean;
  /** Bot-engaged, no handoff event and no agent message. */
  contained: boolean;
  /** Contained, not abandoned after a fallback, no repeat contact about the same intent within the window. Null (pending) while the window is open. */
  deflected: boolean | null;
  abandonedAfterFallback: boolean;
  abandonedAfterHandoff: boolean;
  repeatAny: boolean;
  /**
   * A returning customer's contact: the customer had an earlier conversation (started before this one; at the same
   * moment, a lower id). Null when the log names no customer.
   */
  returning: boolean | null;
  repeatSameIntent: boolean;
  /** The next contact of the same customer within the window, if any. */
  repeatConversationId: string | null;
  handoffAt: number | null;
  timeToHandoffMs: number | null;
  botTurnsBeforeHandoff: number | null;
  botTurns: number;
  fallbacks: number;
  firstResponseAfterHandoffMs: number | null;
  resolved: boolean;
  csat: number | null;
  sentimentBeforeHandoff: number | null;
  sentimentAfterHandoff: number | null;
  /** bot_only | bot_fallback | handoff | human_only | no_bot_reply */
  path: 'bot_only' | 'bot_fallback' | 'handoff' | 'human_only' | 'no_reply';
  /** resolved | abandoned | came_back | open */
  outcome: 'resolved' | 'abandoned' | 'came_back' | 'open';
}

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Seam's one handoff rule. Where the handoff happened: the first handoff event, else the first agent message
 * sent later than the bot's first message (an agent who wrote before the bot, or at the same moment, did not take
 * over from it). The import computes `conversations.had_handoff` and `first_handoff_at` by the same rule, in SQL
 * (imports.repository.ts, HANDOFF_SQL); a test feeds both the same conversations.
 */
export function handoffIndex(conv: MetricConversation): number {
  const ms = conv.messages;
  const event = ms.findIndex((m) => m.event === 'handoff');
  if (event >= 0) return event;
  const firstBot = ms.find((m) => m.role === 'bot');
  if (!firstBot) return -1;
  return ms.findIndex((m) => m.role === 'agent' && m.at > firstBot.at);
}

export function conversationFacts(conv: MetricConversation, later: OtherContact[], options: MetricOptions): ConversationFacts {
  const ms = conv.messages;
  const start = ms[0]?.at ?? 0;
  const end = ms[ms.length - 1]?.at ?? start;
  const botTurns = ms.filter((m) => m.role === 'bot').length;
  const agentTurns = ms.filter((m) => m.role === 'agent').length;
  const botEngaged = botTurns > 0;
  const h = handoffIndex(conv);
  const handoff = h >= 0;
  const contained = botEngaged && !handoff && agentTurns === 0;
  const fallbacks = ms.filter((m) => m.event === 'bot_fallback').length;
  const resolved = ms.some((m) => m.event === 'resolved');
  const csatValues = ms.filter((m) => m.event === 'csat' && m.eventValue !== null).map((m) => m.eventValue!);

  // Abandoned after a fallback: the bot's last turn was a fallback and the customer never wrote again.
  const lastBot = ms.map((m) => m.role).lastIndexOf('bot');
  const customerAfterLastBot = ms.some((m, i) => i > lastBot && m.role === 'customer');
  const abandonedAfterFallback = !handoff && !resolved && lastBot >= 0 && ms[lastBot].event === 'bot_fallback' && !customerAfterLastBot;

  let firstResponseAfterHandoffMs: number | null = null;
  let abandonedAfterHandoff = false;
  let handoffAt: number | null = null;
  let botTurnsBeforeHandoff: number | null = null;
  let sentimentBeforeHandoff: number | null = null;
  let sentimentAfterHandoff: number | null = null;
  if (handoff) {
    handoffAt = ms[h].at;
    botTurnsBeforeHandoff = ms.slice(0, h).filter((m) => m.role === 'bot').length;
    const firstAgent = ms.findIndex((m, i) => i >= h && m.role === 'agent');
    if (firstAgent >= 0) firstResponseAfterHandoffMs = ms[firstAgent].at - handoffAt;
    abandonedAfterHandoff = firstAgent < 0 && !resolved;
    sentimentBeforeHandoff = mean(ms.slice(0, h).filter((m) => m.role === 'customer' && m.sentiment !== null).map((m) => m.sentiment!));
    sentimentAfterHandoff = mean(ms.slice(h).filter((m) => m.role === 'customer' && m.sentiment !== null).map((m) => m.sentiment!));
  }

  const within = later.filter((o) => o.id !== conv.id && o.startedAt > start && o.startedAt - end <= options.repeatWindowMs).sort((a, b) => a.startedAt - b.startedAt);
  const same = within.filter((o) => o.intentId === null || conv.intentId === null || o.intentId === conv.intentId);
  const repeatAny = within.length > 0;
  const returning = conv.customerId === null ? null : later.some((o) => o.id !== conv.id && (o.startedAt < start || (o.startedAt === start && o.id < conv.id)));
  const repeatSameIntent = same.length > 0;
  const windowOpen = end + options.repeatWindowMs > options.dataEnd;
  // Judged once the repeat window has closed, for every bot-engaged conversation, so that the rate's denominator is consistent.
  const deflected = !botEngaged ? false : windowOpen ? null : contained && !abandonedAfterFallback && !repeatSameIntent;

  const path: ConversationFacts['path'] = !botEngaged ? (agentTurns > 0 ? 'human_only' : 'no_reply') : handoff ? 'handoff' : fallbacks > 0 ? 'bot_fallback' : 'bot_only';
  const outcome: ConversationFacts['outcome'] = repeatSameIntent ? 'came_back' : resolved ? 'resolved' : abandonedAfterFallback || abandonedAfterHandoff ? 'abandoned' : contained || agentTurns > 0 ? (windowOpen ? 'open' : 'resolved') : 'abandoned';

  return {
    botEngaged,
    handoff,
    contained,
    deflected,
    abandonedAfterFallback,
    abandonedAfterHandoff,
    repeatAny,
    returning,
    repeatSameIntent,
    repeatConversationId: (same[0] ?? within[0])?.id ?? null,
    handoffAt,
    timeToHandoffMs: handoffAt === null ? null : handoffAt - start,
    botTurnsBeforeHandoff,
    botTurns,
    fallbacks,
    firstResponseAfterHandoffMs,
    resolved,
    csat: mean(csatValues),
    sentimentBeforeHandoff,
    sentimentAfterHandoff,
    path,
    outcome,
  };
}
