import { Act, actOfIntentName, isFallbackIntentName } from './acts';

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

export interface BotReading {
  botIntent: string;
  messages: number;
  /** Share of the scored messages the bot matched with a low confidence (below BOT_LOW_CONFIDENCE, contracts); null when none was scored. */
  lowConfidenceRate: number | null;
  /** Share of the messages Seam reads as the same intent (same name, or the act the bot's intent name stands for). */
  agreementRate: number;
  /**
   * Where Seam reads these messages otherwise, what it reads them as most often (an intent, or an act): the reason
   * customers had that the bot took for this intent. Null when Seam agrees on all of them.
   */
  seamIntentId: number | null;
  seamAct: string | null;
  seamLabel: string | null;
  /** Share of the bot intent's messages that reading holds. */
  seamShare: number;
  /** The bot's fallback intent (nlu_fallback, Default Fallback Intent…): what it did not understand. */
  fallback: boolean;
}

const squash = (name: string) => name.toLowerCase().replace(/[\s_\-.:]+/g, '');

/** Whether Seam's reading of a message is the bot's intent: the same name, or the act the bot's intent name stands for. */
function agrees(botIntent: string, group: ReadingGroup, names: Map<number, SeamIntentName>): boolean {
  if (group.act !== null) return actOfIntentName(botIntent) === (group.act as Act);
  if (group.intentId === null) return false;
  const seam = names.get(group.intentId);
  if (!seam) return false;
  const bot = squash(botIntent);
  // A bot intent's Seam name may carry its bot's name ("support-bot: refund_status").
  return squash(seam.label) === bot || (seam.botName !== null && squash(seam.botName.replace(/^.*:\s+/, '')) === bot);
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
