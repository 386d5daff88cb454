import { DEFAULT_HANDOFF, FormatInput, HandoffNames, LogRecord, nameMatcher, ParsedItem } from '../format.types';
import { at, isObject, JsonDocument, jsonDocuments, rejectDoc, str } from '../json-documents';
import { botPrediction, parseTimestamp } from '../normalize';

type Json = Record<string, unknown>;

/** Rasa's own fallback: the action that answers "I did not understand", and the intent NLU predicts below its threshold. */
const FALLBACK_ACTIONS = new Set(['action_default_fallback', 'action_two_stage_fallback', 'action_default_ask_affirmation', 'action_default_ask_rephrase']);
const FALLBACK_INTENTS = new Set(['nlu_fallback']);
/** Rasa's bookkeeping: not something a person or the bot said. */
const QUIET_ACTIONS = new Set(['action_listen', 'action_session_start', 'action_restart', 'action_back', 'action_unlikely_intent', 'action_extract_slots']);

/** Where one sender's events are: the conversation (session) they belong to, and a fallback not yet answered. */
interface SenderState {
  conversationId: string;
  /** A fallback action ran and the bot's reply to it has not come yet (its time). */
  fallbackAt: number | null;
  fallbackName: string;
  /** The last event id given, and how many events had it: events of one time get -2, -3… */
  lastId: string;
  sameId: number;
  /** The session was handed to a person already (one handoff a session: the intent asking and the action doing it are one). */
  handedOff: boolean;
}

/**
 * Turns a sender's tracker events, in order, into Seam's messages. A sender's conversations are its Rasa sessions:
 * each `session_started` (or `restart`) begins a new one, named `<sender_id>/<session start, ISO 8601>`; events before
 * any session are `<sender_id>`. `user` → customer (with the bot's intent and confidence from `parse_data`), `bot` →
 * bot, a fallback action or `nlu_fallback` → the bot's next reply is a fallback, a handoff action or intent → a
 * handoff event. Other events (slots, action_listen, featurization) are not messages.
 */
class RasaReader {
  private readonly senders = new Map<string, SenderState>();
  private readonly handoffAction: (name: string | undefined) => boolean;
  private readonly handoffIntent: (name: string | undefined) => boolean;

  constructor(handoff: HandoffNames) {
    this.handoffAction = nameMatcher(handoff.actions);
    this.handoffIntent = nameMatcher(handoff.intents);
  }

  private state(sender: string): SenderState {
    let s = this.senders.get(sender);
    if (!s) {
      s = { conversationId: sender, fallbackAt: null, fallbackName: '', handedOff: false, lastId: '', sameId: 0 };
      this.senders.set(sender, s);
    }
    return s;
  }

  /**
   * One event of `sender`. `sessionStartedAt`: the sender's latest session start before this event, when a query
   * gave it (seconds). Its id is its type and time (timeId), whichever way it was exported.
   */
  *event(doc: JsonDocument, sender: string, e: Json, sessionStartedAt?: number): Generator<ParsedItem> {
    const s = this.state(sender);
    const id = this.idOf(s, e);
    const kind = str(e.event);
    const ts = parseTimestamp(e.timestamp);
    if (!kind) {
      yield rejectDoc(doc, 'event', 'missing event type (Rasa events have "event": "user", "bot", "action" …)', e);
      return;
    }
    if (ts === undefined) {
      yield rejectDoc(doc, 'timestamp', `unparseable timestamp ${JSON.stringify(e.timestamp ?? null)}`, e);
      return;
    }
    if (sessionStartedAt !== undefined) {
      const started = parseTimestamp(sessionStartedAt);
      const name = started === undefined ? sender : `${sender}/${new Date(started).toISOString()}`;
      if (name !== s.conversationId) {
        yield* this.unansweredFallback(doc, sender, s);
        s.handedOff = false;
      }
      s.conversationId = name;
    }
    const base = { conversationId: s.conversationId, customerId: sender, timestamp: ts };
    switch (kind) {
      case 'session_started':
      case 'restart':
        yield* this.unansweredFallback(doc, sender, s);
        if (sessionStartedAt === undefined) {
          s.conversationId = `${sender}/${new Date(ts).toISOString()}`;
          s.handedOff = false;
        }
        return;
      case 'user': {
        yield* this.unansweredFallback(doc, sender, s);
        const text = str(e.text);
        if (!text) return; // a user event without text: a button's payload-less trigger, or an external event
        const intent = at(e, 'parse_data.intent') as Json | undefined;
        // A score outside 0–1 (MITIE's, a cosine similarity) is no confidence: the intent stays, the score is left out.
        const prediction = botPrediction(intent?.name, intent?.confidence);
        const record: LogRecord = { ...base, messageId: str(e.message_id) ?? `event-${id}`, role: 'customer', text };
        const channel = str(e.input_channel);
        if (channel) record.channel = channel.slice(0, 100);
        if (prediction.intent) record.botIntent = prediction.intent;
        if (prediction.confidence !== undefined) record.botConfidence = prediction.confidence;
        const metadata: Json = {};
        const ranking = at(e, 'parse_data.intent_ranking');
        if (Array.isArray(ranking) && ranking.length > 1) metadata.intent_ranking = ranking.slice(0, 3).map((r) => ({ name: at(r, 'name'), confidence: at(r, 'confidence') }));
        const entities = at(e, 'parse_data.entities');
        if (Array.isArray(entities) && entities.length > 0) metadata.entities = entities.map((x) => ({ entity: at(x, 'entity'), value: at(x, 'value') }));
        if (Object.keys(metadata).length > 0) record.metadata = metadata;
        yield { kind: 'record', line: doc.line, location: doc.location, record };
        const name = prediction.intent?.toLowerCase();
        if (name && FALLBACK_INTENTS.has(name)) {
          s.fallbackAt = ts;
          s.fallbackName = name;
        }
        if (this.handoffIntent(name) && !s.handedOff) {
          s.handedOff = true;
          yield this.handoff(doc, base, `event-${id}:handoff`, `the customer asked for a person (intent ${prediction.intent})`);
        }
        return;
      }
      case 'bot': {
        const text = str(e.text) ?? buttonsText(e.data);
        if (!text) return;
        const record: LogRecord = { ...base, messageId: `event-${id}`, role: 'bot', text };
        const utter = str(at(e, 'metadata.utter_action'));
        if (utter) record.metadata = { utter_action: utter };
        if (s.fallbackAt !== null) {
          record.event = 'bot_fallback';
          record.metadata = { ...(record.metadata ?? {}), fallback: s.fallbackName };
          s.fallbackAt = null;
        }
        yield { kind: 'record', line: doc.line, location: doc.location, record };
        return;
      }
      case 'action': {
        const name = (str(e.name) ?? '').toLowerCase();
        if (!name || QUIET_ACTIONS.has(name)) return;
        if (FALLBACK_ACTIONS.has(name)) {
          s.fallbackAt ??= ts;
          s.fallbackName = name;
        }
        if (this.handoffAction(name) && !s.handedOff) {
          s.handedOff = true;
          yield this.handoff(doc, base, `event-${id}`, `handed to a person (${str(e.name)})`);
        }
        return;
      }
      default:
        return;
    }
  }

  /** An event's id: its type and time to the microsecond; two of one sender with the same type and time are told apart by their order. */
  private idOf(s: SenderState, e: Json): string {
    const id = timeId(e);
    s.sameId = id === s.lastId ? s.sameId + 1 : 1;
    s.lastId = id;
    return s.sameId === 1 ? id : `${id}-${s.sameId}`;
  }

  private handoff(doc: JsonDocument, base: Pick<LogRecord, 'conversationId' | 'customerId' | 'timestamp'>, messageId: string, text: string): ParsedItem {
    return { kind: 'record', line: doc.line, location: doc.location, record: { conversationId: base.conversationId, timestamp: base.timestamp, messageId, role: 'system', text, event: 'handoff' } };
  }

  /** A fallback the bot never answered with a message (the session moved on): recorded on its own. */
  private *unansweredFallback(doc: JsonDocument, sender: string, s: SenderState): Generator<ParsedItem> {
    if (s.fallbackAt === null) return;
    const at = s.fallbackAt;
    s.fallbackAt = null;
    yield {
      kind: 'record',
      line: doc.line,
      location: doc.location,
      record: { conversationId: s.conversationId, timestamp: at, messageId: `${sender}:fallback:${at}`, role: 'system', text: `fallback (${s.fallbackName})`, event: 'bot_fallback' },
    };
  }

  /** At the end of the file: fallbacks still waiting for a reply. */
  *finish(doc: JsonDocument): Generator<ParsedItem> {
    for (const [sender, s] of this.senders) yield* this.unansweredFallback(doc, sender, s);
  }
}

/** A bot event without text: the titles of its buttons or quick replies, which is what the customer saw. */
function buttonsText(data: unknown): string | undefined {
  const buttons = (at(data, 'buttons') ?? at(data, 'quick_replies')) as unknown;
  if (!Array.isArray(buttons)) return undefined;
  const titles = buttons.map((b) => str(at(b, 'title'))).filter(Boolean);
  return titles.length > 0 ? `[${titles.join(' | ')}]` : undefined;
}

/**
 * An event's id: its type and time to the microsecond (Rasa's own precision), which stay the same however much of
 * the tracker a later export includes, and whether it comes from a tracker, the SQL store or the event broker.
 */
function timeId(e: Json): string {
  return `${str(e.event) ?? 'event'}-${Math.round(Number(e.timestamp) * 1e6)}`;
}

/** The SQL tracker store's row: `data` is the event's JSON (text in the table, an object once a driver parsed it). */
function rowEvent(row: Json): { event: Json | null; reason?: string } {
  const data = row.data;
  if (isObject(data)) return { event: data };
  if (typeof data !== 'string') return { event: null, reason: 'missing data (the event JSON of the events table)' };
  try {
    const parsed = JSON.parse(data);
    return isObject(parsed) ? { event: parsed } : { event: null, reason: 'data is not a JSON object' };
  } catch (err) {
    return { event: null, reason: `data is not valid JSON: ${(err as Error).message}` };
  }
}

/**
 * Rasa: trackers (`GET /conversations/{id}/tracker`: one, an array of them, or one per line), rows of the SQL tracker
 * store's `events` table (id, sender_id, type_name, timestamp, intent_name, action_name, data), or event-broker
 * messages (an event with its sender_id). docs/log-format.md maps each event.
 */
export async function* parseRasa(input: FormatInput): AsyncGenerator<ParsedItem> {
  const reader = new RasaReader(input.handoff ?? DEFAULT_HANDOFF);
  let last: JsonDocument | null = null;
  for await (const item of jsonDocuments(input)) {
    if (item.kind !== 'document') {
      yield item;
      continue;
    }
    const doc = item.doc;
    last = doc;
    const v = doc.value;
    if (!isObject(v)) {
      yield rejectDoc(doc, undefined, 'expected a Rasa tracker, an events-table row or an event object');
      continue;
    }
    const sender = str(v.sender_id);
    if (!sender) {
      yield rejectDoc(doc, 'sender_id', 'missing sender_id (every tracker, events-table row and broker event names its sender)');
      continue;
    }
    if (Array.isArray(v.events)) {
      for (let i = 0; i < v.events.length; i++) {
        const e = v.events[i];
        const where = { ...doc, location: `${doc.location}.events[${i}]` };
        if (isObject(e)) yield* reader.event(where, sender, e);
        else yield rejectDoc(where, undefined, 'expected an event object', e);
      }
      continue;
    }
    if ('type_name' in v || 'data' in v) {
      const { event, reason } = rowEvent(v);
      if (!event) {
        yield rejectDoc(doc, 'data', reason!);
        continue;
      }
      const started = v.session_started_at;
      yield* reader.event(doc, sender, { ...event, event: event.event ?? v.type_name, timestamp: event.timestamp ?? v.timestamp }, typeof started === 'number' || typeof started === 'string' ? Number(started) : undefined);
      continue;
    }
    if ('event' in v) {
      yield* reader.event(doc, sender, v);
      continue;
    }
    yield rejectDoc(doc, 'events', 'a tracker without events (ask the tracker endpoint with include_events=ALL)');
  }
  if (last) yield* reader.finish(last);
}
