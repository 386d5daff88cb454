import type { BotReading } from '#contracts';
import { Act, actOfIntentName, isFallbackIntentName } from './acts';
import { intentKey } from './assign';

/** Customer messages the bot logged as `botIntent`, grouped by what Seam made of them (an intent, an act, or neither). */
export interface ReadingGroup {
  botIntent: string;
  intentId: number | null;
  act: string | null;
  messages: number;
  /** Of them, with a confidence below the threshold; and with a confidence at all. */
  low: number;
  scored: number;
}

/** How Seam names its intents: the label shown, and the bot's own name for a bot intent. */
export interface SeamIntentName {
  label: string;
  botName: string | null;
}


/** Whether Seam's reading of a message is the bot's intent: the same name, or the act the bot's intent name stands for. */
function agrees(botIntent: string, group: ReadingGroup, names: Map<number, SeamIntentName>): boolean {
  if (group.act !== null) return actOfIntentName(botIntent) === (group.act as Act);
  if (group.intentId === null) return false;
  const seam = names.get(group.intentId);
  if (!seam) return false;
  // Names compared as a conversation's intent compares them (a bot intent's Seam name may carry its bot's name).
  const bot = intentKey(botIntent);
  return intentKey(seam.label) === bot || (seam.botName !== null && intentKey(seam.botName) === bot);
}

/**
 * The bot's own intents as its logs record them, beside Seam's reading of the same messages: how often the bot was
 * unsure, how often Seam agrees, and what Seam reads them as instead, most messages first.
 */
export function compareReadings(groups: ReadingGroup[], names: Map<number, SeamIntentName>): BotReading[] {
  const byIntent = new Map<string, ReadingGroup[]>();
  for (const g of groups) byIntent.set(g.botIntent, [...(byIntent.get(g.botIntent) ?? []), g]);
  const out: BotReading[] = [];
  for (const [botIntent, list] of byIntent) {
    const messages = list.reduce((s, g) => s + g.messages, 0);
    const scored = list.reduce((s, g) => s + g.scored, 0);
    const low = list.reduce((s, g) => s + g.low, 0);
    const agreeing = list.filter((g) => agrees(botIntent, g, names)).reduce((s, g) => s + g.messages, 0);
    const otherwise = list.filter((g) => !agrees(botIntent, g, names) && (g.intentId !== null || g.act !== null));
    const top = otherwise.sort((a, b) => b.messages - a.messages || (a.intentId ?? -1) - (b.intentId ?? -1))[0] as ReadingGroup | undefined;
    out.push({
      botIntent,
      messages,
      lowConfidenceRate: scored > 0 ? low / scored : null,
      agreementRate: messages > 0 ? agreeing / messages : 0,
      seamIntentId: top?.intentId ?? null,
      seamAct: top?.act ?? null,
      seamLabel: top && top.intentId !== null ? (names.get(top.intentId)?.label ?? null) : null,
      seamShare: top && messages > 0 ? top.messages / messages : 0,
      fallback: isFallbackIntentName(botIntent),
    });
  }
  return out.sort((a, b) => b.messages - a.messages || a.botIntent.localeCompare(b.botIntent));
}
