import type { BreakdownReason } from '#contracts';
import { conversationFacts, ConversationFacts, handoffIndex } from '../metrics/conversation-facts';
import type { MetricConversation, MetricMessage, MetricOptions, OtherContact } from '../metrics/types';
import { normalizeText, words } from '../text/tokenize';

export type { BreakdownReason };

export type Severity = 'low' | 'medium' | 'high';

export interface Breakdown {
  reason: BreakdownReason;
  severity: Severity;
  /** The messages that show it, in conversation order. */
  evidence: string[];
  /** A sentence a reviewer reads. */
  detail: string;
}

/** How customers ask for a person, in English and Chinese (matched on lower-cased, NFKC text). */
export const ASK_HUMAN_PATTERNS: RegExp[] = [
  /\b(talk|speak|chat)\s+(to|with)\s+(a\s+|an\s+|some\s*one|somebody|real|live|human|person|agent|representative|operator)/,
  /\b(real|live|actual)\s+(person|human|agent|people)\b/,
  /\bhuman\s*(agent|being|please|pls|!|$)/,
  /^\s*(agent|human|representative|operator|customer service)\s*(please|pls|now)?[!. ]*$/,
  /\b(get|give|connect|transfer|put)\s+me\s+(to\s+)?(a\s+|an\s+)?(someone|somebody|person|human|agent|representative|operator)/,
  /\b(representative|operator)\b/,
  /\bagent\s+(please|pls|now)\b/,
  /(转|找|接)\s*人工|人工客服|人工服务|真人|找客服|转客服/,
];

export function asksForHuman(text: string): boolean {
  const t = normalizeText(text);
  return ASK_HUMAN_PATTERNS.some((p) => p.test(t));
}

/** A customer turn asks for a person: in one of the listed phrasings, or (with a model) close to one in meaning. */
function asksHuman(m: MetricMessage, options: MetricOptions): boolean {
  return asksForHuman(m.text) || (m.humanSimilarity ?? -1) >= options.humanSimilarity;
}

/** Short turns ("yes", "ok thanks") are not questions, however alike; a semantic repeat needs this many words in both. */
const SEMANTIC_REPEAT_MIN_WORDS = 3;

/** What an agent may ask for again, with how the customer would have given it. */
const DETAILS: { name: string; ask: RegExp; given: RegExp }[] = [
  { name: 'order number', ask: /\border\s*(number|no\.?|id|#)|which order|订单号|哪个订单|单号/, given: /\b(order\s*(number|no\.?|id|#)?\s*:?\s*#?\s*[\w-]*\d{4,}|#\d{4,})|订单号?\s*[:：]?\s*\d{4,}|单号\s*\S*\d{4,}/ },
  { name: 'email address', ask: /\be-?mail\b|邮箱/, given: /[\w.+-]+@[\w-]+\.[\w.]+|<email>|\be-?mail\b.*\b(is|:)/ },
  { name: 'account', ask: /\b(account\s*(number|id|no)|user\s*name|username|member\s*id)\b|账号|账户/, given: /\b(account|username|user\s*name|member\s*id)\b\s*(is|:|number)?\s*[\w-]*\d|账号\s*[:：]?\s*\w+/ },
  { name: 'card digits', ask: /\b(last\s*(four|4)\s*digits|card\s*number)\b|卡号/, given: /\b(last\s*(four|4)|ending\s*(in)?)\b.*\d{4}|\bending\s+\d{4}/ },
  { name: 'phone number', ask: /\bphone\s*(number)?\b|手机号|电话/, given: /(\+?\d[\d\s().-]{7,}\d)|<phone>/ },
];
const ASK_PROBLEM = /\b(how can i help|what can i do for you|what('s| is) the (problem|issue)|what seems to be|how may i (help|assist)|what happened|describe (the|your) (problem|issue))\b|请问(遇到了)?什么问题|有什么可以帮|什么问题/;

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function tokens(text: string): Set<string> {
  return new Set(words(text));
}

/**
 * Every breakdown of one conversation: pure, from its messages in order (with customer sentiment where analysed)
 * and the same customer's later contacts. Each comes with the ids of the messages that show it.
 */
export function detectBreakdowns(conv: MetricConversation, later: OtherContact[], options: MetricOptions, facts: ConversationFacts = conversationFacts(conv, later, options)): Breakdown[] {
  const ms = conv.messages;
  const out: Breakdown[] = [];
  const h = handoffIndex(conv);

  const asking = new Set(ms.filter((m) => m.role === 'customer' && asksHuman(m, options)));
  const asks = [...asking];
  if (asks.length > 0) {
    const beforeHandoff = asks.filter((m) => h < 0 || ms.indexOf(m) < h);
    out.push({
      reason: 'asked_for_human',
      severity: asks.length > 1 || (h < 0 && facts.botEngaged) ? 'high' : 'medium',
      evidence: asks.map((m) => m.id),
      detail: `the customer asked for a person ${asks.length} time${asks.length > 1 ? 's' : ''}${h < 0 ? ' and no handoff followed' : beforeHandoff.length > 1 ? ' before the handoff' : ''}`,
    });
  }

  const fallbacks = ms.filter((m) => m.event === 'bot_fallback');
  const botTexts = new Map<string, MetricMessage[]>();
  for (const m of ms.filter((x) => x.role === 'bot' && x.text.trim() !== '')) {
    const key = normalizeText(m.text).trim();
    botTexts.set(key, [...(botTexts.get(key) ?? []), m]);
  }
  const repeatedBot = [...botTexts.values()].filter((g) => g.length >= 2).flat();
  if (fallbacks.length >= 2 || repeatedBot.length >= 2) {
    const evidence = [...new Set([...fallbacks, ...repeatedBot])].sort((a, b) => ms.indexOf(a) - ms.indexOf(b));
    out.push({
      reason: 'fallback_loop',
      severity: fallbacks.length >= 3 ? 'high' : 'medium',
      evidence: evidence.map((m) => m.id),
      detail: fallbacks.length >= 2 ? `the bot fell back ${fallbacks.length} times` : 'the bot repeated the same answer',
    });
  }

  const customer = ms.filter((m) => m.role === 'customer' && !asking.has(m));
  const repeats: MetricMessage[] = [];
  const byId = new Map(customer.map((m) => [m.id, m]));
  for (const m of customer) {
    const earlier = m.repeatOf ? byId.get(m.repeatOf) : undefined;
    if (earlier && (m.repeatSimilarity ?? -1) >= options.repeatSimilarity && [earlier, m].every((x) => words(x.text).length >= SEMANTIC_REPEAT_MIN_WORDS)) {
      repeats.push(earlier, m);
    }
  }
  const sets = customer.map((m) => tokens(m.text));
  for (let i = 0; i < customer.length; i++) {
    const ti = sets[i];
    if (ti.size < 2) continue;
    for (let j = i + 1; j < customer.length; j++) {
      const tj = sets[j];
      if (tj.size >= 2 && jaccard(ti, tj) >= 0.6) {
        repeats.push(customer[i], customer[j]);
        break;
      }
    }
  }
  if (repeats.length > 0) {
    const evidence = [...new Set(repeats)].sort((a, b) => ms.indexOf(a) - ms.indexOf(b));
    out.push({ reason: 'repeated_question', severity: evidence.length > 2 ? 'high' : 'medium', evidence: evidence.map((m) => m.id), detail: 'the customer had to ask the same thing again' });
  }

  if (h >= 0) {
    const before = ms.slice(0, h).filter((m) => m.role === 'customer');
    const agentAsks = ms.slice(h).filter((m) => m.role === 'agent');
    const lost: { ask: MetricMessage; given: MetricMessage; what: string }[] = [];
    for (const ask of agentAsks) {
      const text = normalizeText(ask.text);
      for (const d of DETAILS) {
        if (!d.ask.test(text)) continue;
        const given = before.find((m) => d.given.test(normalizeText(m.text)));
        if (given) lost.push({ ask, given, what: d.name });
      }
      const problem = ASK_PROBLEM.test(text) ? before.find((m) => words(m.text).length >= 3 && !asksHuman(m, options)) : undefined;
      if (problem) {
        lost.push({ ask, given: problem, what: 'the problem' });
      }
    }
    if (lost.length > 0) {
      const evidence = [...new Set(lost.flatMap((l) => [l.given, l.ask]))].sort((a, b) => ms.indexOf(a) - ms.indexOf(b));
      out.push({
        reason: 'context_lost',
        severity: lost.length > 1 ? 'high' : 'medium',
        evidence: evidence.map((m) => m.id),
        detail: `after the handoff the agent asked again for ${[...new Set(lost.map((l) => l.what))].join(' and ')}, which the customer had given the bot`,
      });
    }
  }

  const scored = ms.filter((m) => m.role === 'customer' && m.sentiment !== null);
  if (scored.length >= 2) {
    let peak = scored[0];
    let drop: [MetricMessage, MetricMessage] | null = null;
    for (const m of scored) {
      if (m.sentiment! > peak.sentiment!) peak = m;
      if (peak.sentiment! - m.sentiment! >= options.sentimentDrop && (!drop || peak.sentiment! - m.sentiment! > drop[0].sentiment! - drop[1].sentiment!)) drop = [peak, m];
    }
    if (drop) {
      out.push({ reason: 'sentiment_drop', severity: drop[0].sentiment! - drop[1].sentiment! >= 1 ? 'high' : 'medium', evidence: drop.map((m) => m.id), detail: `the customer's sentiment fell from ${drop[0].sentiment!.toFixed(2)} to ${drop[1].sentiment!.toFixed(2)}` });
    }
  }
  const last = scored[scored.length - 1];
  if (last && last.sentiment! < options.negativeEnd) {
    out.push({ reason: 'ended_negative', severity: last.sentiment! < -0.6 ? 'high' : 'medium', evidence: [last.id], detail: `the customer's last message scored ${last.sentiment!.toFixed(2)}` });
  }

  if (facts.firstResponseAfterHandoffMs !== null && facts.firstResponseAfterHandoffMs > options.longWaitMs) {
    const firstAgent = ms.find((m, i) => i >= h && m.role === 'agent')!;
    out.push({
      reason: 'long_wait_after_handoff',
      severity: facts.firstResponseAfterHandoffMs > 3 * options.longWaitMs ? 'high' : 'medium',
      evidence: [ms[h].id, firstAgent.id],
      detail: `the first agent reply came ${Math.round(facts.firstResponseAfterHandoffMs / 60_000)} min after the handoff`,
    });
  }

  const switches: MetricMessage[] = [];
  let side: 'bot' | 'agent' | null = null;
  for (const m of ms) {
    if (m.role !== 'bot' && m.role !== 'agent') continue;
    if (m.role !== side) {
      switches.push(m);
      side = m.role;
    }
  }
  if (switches.length >= 4) {
    out.push({ reason: 'ping_pong', severity: switches.length >= 5 ? 'high' : 'medium', evidence: switches.map((m) => m.id), detail: `the conversation went back and forth between bot and agent ${switches.length - 1} times` });
  }

  if (facts.contained && facts.repeatSameIntent && !facts.abandonedAfterFallback) {
    out.push({ reason: 'repeat_after_bot_resolved', severity: 'high', evidence: [ms[ms.length - 1].id], detail: `the bot seemed to settle it, but the customer came back within ${Math.round(options.repeatWindowMs / 86_400_000)} days about the same thing` });
  }

  if (facts.abandonedAfterHandoff) {
    out.push({ reason: 'abandoned_after_handoff', severity: 'high', evidence: [ms[h].id, ms[ms.length - 1].id].filter((v, i, a) => a.indexOf(v) === i), detail: 'the customer left after the handoff before an agent answered' });
  }
  return out;
}
