import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rng } from '../../../../analytics/src/random';
import { AGENT_ASK_PROBLEM, AGENT_GREETING, AGENTS, ANGRY, ASK_HUMAN, CHANNELS, FALLBACKS, GREETINGS, HANDOFF_NOTICE, IntentSpec, INTENTS, THANKS } from './sample.phrases';

/** One line of Seam's log format, as an export would carry it. */
export interface SampleMessage {
  conversation_id: string;
  message_id: string;
  timestamp: string;
  role: 'customer' | 'bot' | 'agent' | 'system';
  text: string;
  customer_id: string;
  channel: string;
  agent_id?: string;
  event?: 'handoff' | 'bot_fallback' | 'resolved' | 'csat';
  event_value?: number;
  /** What the sample's bot (Rasa) understood of a customer message, as its tracker logs it. */
  bot_intent?: string;
  bot_confidence?: number;
}

/**
 * What the sample's bot matches when it thinks it understood a reason it has no intent for: the nearest one it has
 * (its log then disagrees with what the customer meant, as real bots' logs do).
 */
/** What customers come back about after a first contact, as real ones do: a late delivery turns into a refund request… */
const FOLLOW_UP: Record<string, string> = { delivery_delay: 'refund_status', card_arrival: 'lost_or_stolen_card', cancel_order: 'refund_status', 查询物流: '退款' };
/** Lost or stolen cards pile up on Monday mornings (weekend losses); the share of them moved there. */
const MONDAY_MORNING = { intent: 'lost_or_stolen_card', share: 0.6 };
/** Yesterday's courier outage (SampleOptions.incident): this share of the late-delivery contacts, which the bot understands this badly. */
const INCIDENT = { intent: 'delivery_delay', share: 0.15, botSkill: 0.2 };

const MISREAD: Record<string, string> = { charged_twice: 'refund_status', account_closure: 'cancel_order', top_up_failed: 'refund_status', change_address: 'delivery_delay' };

export interface SampleOptions {
  seed: number;
  /** Conversations to write; about 9 messages each. */
  conversations: number;
  /** Epoch ms of the last day covered; conversations spread over `days` before it. */
  end: number;
  days: number;
  /** Distinct customers; some come back, as real customers do. */
  customers?: number;
  /** A courier's outage on this day (epoch ms, [start, end)): late-delivery contacts pile up and the bot handles them badly (INCIDENT). */
  incident?: { start: number; end: number };
}

const TOTAL_WEIGHT = INTENTS.reduce((s, i) => s + i.weight, 0);

const OPENERS = { en: ['', '', '', 'hi, ', 'hello ', 'hey, ', 'hi there. ', 'good morning, ', 'excuse me, ', 'quick question: '], zh: ['', '', '', '你好，', '您好，', '在吗，', '亲，', '请问'] };
const CLOSERS = { en: ['', '', '', '?', '!!', ' please', ' asap', ' thanks', ' help', '...', ' pls', ' :('], zh: ['', '', '', '？', '！', '呢', '啊', '，谢谢', '，急'] };

/**
 * A customer's wording of a phrase, as real messages vary: an opener, a closer, the case of the first letter, and now
 * and then a typo (a letter dropped or two swapped).
 */
function vary(text: string, lang: 'en' | 'zh', r: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  let t = text;
  if (lang === 'en' && r() < 0.25) {
    const i = 1 + Math.floor(r() * Math.max(1, t.length - 2));
    t = r() < 0.5 ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i - 1) + t[i] + t[i - 1] + t.slice(i + 1);
  }
  t = pick(OPENERS[lang]) + t + pick(CLOSERS[lang]);
  if (lang === 'en') t = r() < 0.5 ? t.charAt(0).toUpperCase() + t.slice(1) : t.toLowerCase();
  return t;
}

/**
 * Realistic bot-first, human-second conversations: the bot understands some intents better than others,
 * falls back, loops; customers ask for a human; agents sometimes ask again for what the customer already
 * told the bot; some customers give up, some come back a day or two later about the same thing.
 */
export function* generateSample(options: SampleOptions): Generator<SampleMessage> {
  const r = rng(options.seed);
  // The bot's readings draw from a stream of their own, so that the conversations are the same with or without them.
  const rb = rng(options.seed * 7919 + 17);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const customers = options.customers ?? Math.max(10, Math.round(options.conversations * 0.7));
  const start = options.end - options.days * 86_400_000;
  const returning: { at: number; customer: string; intent: IntentSpec; channel: string }[] = [];

  for (let c = 0; c < options.conversations; c++) {
    let intent: IntentSpec;
    let customer: string;
    let channel: string;
    let t: number;
    const comeback = returning.length > 0 && r() < 0.5 ? returning.shift()! : undefined;
    if (comeback) {
      ({ intent, customer, channel } = comeback);
      t = comeback.at;
    } else {
      let w = r() * TOTAL_WEIGHT;
      intent = INTENTS.find((i) => (w -= i.weight) < 0) ?? INTENTS[0];
      customer = `cust-${Math.floor(Math.pow(r(), 1.6) * customers) + 1}`;
      let u = r();
      channel = CHANNELS.find(([, p]) => (u -= p) < 0)?.[0] ?? 'web';
      // Busier in office hours: a day, then an hour drawn around 14:00 UTC.
      let day = Math.floor(r() * options.days);
      let hour = Math.min(22, Math.max(0, 14 + (r() + r() + r() - 1.5) * 7));
      if (intent.name === MONDAY_MORNING.intent && rb() < MONDAY_MORNING.share) {
        const weekday = (new Date(start + day * 86_400_000).getUTCDay() + 6) % 7;
        if (day >= weekday) day -= weekday;
        hour = 7.5 + rb() * 3;
      }
      t = start + day * 86_400_000 + hour * 3_600_000;
      if (options.incident && intent.name === INCIDENT.intent && rb() < INCIDENT.share) t = options.incident.start + ((options.incident.end - options.incident.start) * hour) / 24;
    }
    const lang = intent.lang;
    const id = `conv-${options.seed}-${c + 1}`;
    let n = 0;
    const out: SampleMessage[] = [];
    const say = (role: SampleMessage['role'], text: string, gapSeconds: number, extra: Partial<SampleMessage> = {}) => {
      t += Math.round(gapSeconds * 1000);
      out.push({ conversation_id: id, message_id: `${id}-${++n}`, timestamp: new Date(t).toISOString(), role, text, customer_id: customer, channel, ...extra });
    };

    // The bot's NLU reading of the customer's statement of the problem: the intent it matched, or its fallback.
    const read = (message: SampleMessage, understood: boolean, knows: boolean) => {
      const misread = MISREAD[intent.name];
      if (understood && knows) Object.assign(message, { bot_intent: intent.name, bot_confidence: round(0.72 + rb() * 0.27) });
      else if (understood && misread) Object.assign(message, { bot_intent: misread, bot_confidence: round(0.45 + rb() * 0.3) });
      else Object.assign(message, { bot_intent: 'nlu_fallback', bot_confidence: round(0.12 + rb() * 0.3) });
    };

    say('bot', GREETINGS[lang][0], 0);
    say('customer', vary(pick(intent.customer), lang, r), 5 + r() * 40);
    let statement = out[out.length - 1];
    const gaveDetail = intent.detail && r() < 0.6;
    if (gaveDetail) say('customer', pick(intent.detail!.give), 4 + r() * 20);

    const learning = intent.learntDaysAgo !== undefined && t < options.end - intent.learntDaysAgo * 86_400_000;
    const outage = options.incident !== undefined && intent.name === INCIDENT.intent && t >= options.incident.start && t < options.incident.end;
    const skill = learning ? 0.15 : outage ? INCIDENT.botSkill : intent.botSkill;
    const knows = !learning && !(intent.name in MISREAD && intent.learntDaysAgo === undefined);
    let understood = r() < skill;
    read(statement, understood, knows);
    let fallbacks = 0;
    while (!understood && fallbacks < 3) {
      say('bot', pick(FALLBACKS[lang]), 1 + r() * 2, { event: 'bot_fallback' });
      fallbacks++;
      if (r() < 0.12 * fallbacks) break;
      if (r() < 0.35) break;
      say('customer', vary(pick(intent.customer), lang, r), 8 + r() * 40);
      statement = out[out.length - 1];
      understood = r() < skill * 0.8;
      read(statement, understood, knows);
    }

    let handoff = false;
    let abandoned = false;
    if (understood) {
      say('bot', pick(intent.bot), 1 + r() * 2);
      const satisfied = r() < 0.7;
      if (satisfied) {
        say('customer', pick(THANKS[lang]), 5 + r() * 30);
        Object.assign(out[out.length - 1], { bot_intent: 'thankyou', bot_confidence: round(0.9 + rb() * 0.09) });
        say('system', '', 1, { event: 'resolved' });
        if (r() < 0.3) say('system', '', 30, { event: 'csat', event_value: r() < 0.8 ? 5 : 4 });
      } else if (r() < 0.6) {
        say('customer', pick(ASK_HUMAN[lang]), 10 + r() * 40);
        handoff = true;
      } else {
        abandoned = true;
      }
    } else if (fallbacks > 0 && r() < 0.75) {
      say('customer', pick(ASK_HUMAN[lang]), 5 + r() * 30);
      handoff = true;
    } else {
      abandoned = true;
    }

    if (handoff) {
      say('system', HANDOFF_NOTICE[lang], 1, { event: 'handoff' });
      const agent = pick(AGENTS);
      const wait = r() < 0.8 ? 20 + r() * 240 : 600 + r() * 1800;
      if (wait > 900 && r() < 0.5) {
        say('customer', pick(ANGRY[lang]), wait * 0.6);
        abandoned = r() < 0.5;
      }
      if (!abandoned) {
        say('agent', pick(AGENT_GREETING[lang]).replace('{agent}', agent), wait, { agent_id: agent });
        const contextLost = r() < 0.4;
        if (contextLost) say('agent', AGENT_ASK_PROBLEM[lang], 5 + r() * 10, { agent_id: agent });
        if (contextLost) say('customer', vary(pick(intent.customer), lang, r), 10 + r() * 40);
        if (intent.detail && (contextLost || !gaveDetail)) {
          say('agent', intent.detail.ask, 5 + r() * 20, { agent_id: agent });
          say('customer', pick(intent.detail.give), 10 + r() * 60);
        }
        say('agent', pick(intent.agent), 30 + r() * 240, { agent_id: agent });
        if (r() < 0.85) {
          say('customer', pick(THANKS[lang]), 10 + r() * 60);
          say('system', '', 1, { event: 'resolved' });
          if (r() < 0.4) say('system', '', 60, { event: 'csat', event_value: 1 + Math.floor(r() * 5) });
        } else {
          say('customer', pick(ANGRY[lang]), 20 + r() * 60);
        }
      }
    }
    const comesBackAt = t + (6 + r() * 60) * 3_600_000;
    if ((abandoned || (!handoff && r() < 0.08)) && r() < 0.6 && comesBackAt < options.end - 7_200_000) {
      returning.push({ at: comesBackAt, customer, intent, channel });
    } else if (!comeback && FOLLOW_UP[intent.name] && rb() < 0.4) {
      const laterAt = t + (1 + rb() * 4) * 86_400_000;
      if (laterAt < options.end - 7_200_000) returning.push({ at: laterAt, customer, intent: INTENTS.find((i) => i.name === FOLLOW_UP[intent.name])!, channel });
    }
    yield* out;
  }
}

/** Writes the sample as JSON Lines, respecting the stream's back-pressure. */
export async function writeSample(file: string, options: SampleOptions): Promise<number> {
  const stream = createWriteStream(file);
  let count = 0;
  let buffer = '';
  for (const m of generateSample(options)) {
    buffer += JSON.stringify(m) + '\n';
    count++;
    if (buffer.length > 1 << 16) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  stream.end(buffer);
  await once(stream, 'finish');
  return count;
}
