import { MESSAGE_EVENTS, MessageEvent, MessageRole } from '#contracts';
import { unguardFormula } from '../../../../../analytics/src/text/spreadsheet';
import type { LogRecord } from './format.types';
import { isAnalysisColumn } from './seam-export';

export type Normalized = { ok: true; record: LogRecord } | { ok: false; field: string; reason: string };

/** Column and key names seen in real exports, mapped to Seam's fields. Compared without case, `_`, `-` or spaces. */
const ALIASES: Record<Exclude<keyof LogRecord, 'conversationMetadata' | 'source' | 'textDeletedAt'>, string[]> = {
  conversationId: ['conversation_id', 'conversation', 'conversationid', 'session_id', 'sessionid', 'chat_id', 'thread_id', 'ticket_id', 'dialogue_id', 'dialog_id', 'case_id', 'contact_id'],
  messageId: ['message_id', 'messageid', 'msg_id', 'id', 'turn_id', 'event_id'],
  timestamp: ['timestamp', 'ts', 'time', 'created_at', 'createdat', 'sent_at', 'datetime', 'date', 'created', 'time_stamp'],
  role: ['role', 'speaker', 'sender', 'sender_type', 'author_type', 'from', 'participant', 'party'],
  text: ['text', 'message', 'body', 'content', 'utterance', 'msg', 'message_text'],
  customerId: ['customer_id', 'customerid', 'customer', 'user_id', 'userid', 'visitor_id', 'client_id', 'contact'],
  channel: ['channel', 'medium', 'platform', 'source_channel'],
  agentId: ['agent_id', 'agentid', 'agent', 'operator_id', 'agent_name', 'operator'],
  event: ['event', 'event_type', 'eventtype', 'type'],
  eventValue: ['event_value', 'score', 'csat', 'csat_score', 'rating'],
  metadata: ['metadata', 'meta', 'extra', 'attributes'],
  botIntent: ['bot_intent', 'intent', 'intent_name', 'matched_intent', 'nlu_intent', 'predicted_intent', 'detected_intent'],
  botConfidence: ['bot_confidence', 'intent_confidence', 'confidence', 'nlu_confidence', 'intent_detection_confidence'],
};

const KEY_TO_FIELD = new Map<string, keyof LogRecord>();
for (const [field, names] of Object.entries(ALIASES) as [keyof LogRecord, string[]][]) {
  for (const name of names) KEY_TO_FIELD.set(squash(name), field);
}

function squash(key: string): string {
  return key.toLowerCase().replace(/[\s_\-.]/g, '');
}

const fieldCache = new Map<string, keyof LogRecord | null>();

/** The Seam field a column or key stands for, or undefined for one that goes to metadata. */
export function fieldFor(key: string): keyof LogRecord | undefined {
  let field = fieldCache.get(key);
  if (field === undefined) {
    field = KEY_TO_FIELD.get(squash(key)) ?? null;
    if (fieldCache.size < 10_000) fieldCache.set(key, field);
  }
  return field ?? undefined;
}

const ROLE_ALIASES: Record<string, MessageRole> = {
  customer: 'customer', user: 'customer', client: 'customer', visitor: 'customer', enduser: 'customer', consumer: 'customer', guest: 'customer', inbound: 'customer',
  bot: 'bot', assistant: 'bot', chatbot: 'bot', virtualagent: 'bot', va: 'bot', ai: 'bot', automated: 'bot', ivr: 'bot',
  agent: 'agent', humanagent: 'agent', human: 'agent', operator: 'agent', staff: 'agent', support: 'agent', representative: 'agent', rep: 'agent', advisor: 'agent', outbound: 'agent',
  system: 'system', action: 'system', note: 'system',
};

const EVENT_ALIASES: Record<string, MessageEvent> = {
  handoff: 'handoff', handover: 'handoff', transfer: 'handoff', transfertoagent: 'handoff', escalation: 'handoff', escalate: 'handoff', livechat: 'handoff',
  botfallback: 'bot_fallback', fallback: 'bot_fallback', nomatch: 'bot_fallback', notunderstood: 'bot_fallback', noinput: 'bot_fallback',
  resolved: 'resolved', resolve: 'resolved', solved: 'resolved',
  csat: 'csat', rating: 'csat', survey: 'csat', feedback: 'csat',
};

/** `type` columns often say what kind of row it is rather than naming an event. */
const NOT_AN_EVENT = new Set(['message', 'msg', 'text', 'chat', 'utterance', 'none', 'null']);

export function parseRole(value: unknown): MessageRole | undefined {
  if (typeof value !== 'string') return undefined;
  const key = squash(value);
  return Object.hasOwn(ROLE_ALIASES, key) ? ROLE_ALIASES[key] : undefined;
}

const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/**
 * Epoch milliseconds from the timestamp shapes of real exports: ISO 8601 (a timestamp without an offset
 * is UTC), epoch seconds or milliseconds (number or digits), RFC 2822 and Twitter's `Tue Oct 31 22:10:47 +0000 2017`.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'bigint') value = Number(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return parseTimestamp(Number(text));
  const iso = NAIVE_DATE_TIME.test(text) ? `${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}Z` : text;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1970 && year <= 2200 ? ms : undefined;
}

/** NUL characters carry nothing in a chat log and PostgreSQL's text cannot hold them: they are dropped. */
function withoutNul(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, '') : text;
}

function asId(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return undefined;
  const text = withoutNul(value).trim();
  return text === '' ? undefined : text;
}

const MAX_ID_CHARS = 500;

/** The fields a conversation object of a nested export gives all its messages. */
export function conversationDefaults(conv: Record<string, unknown>): Partial<LogRecord> {
  const defaults: Partial<LogRecord> = {};
  for (const [key, value] of Object.entries(conv)) {
    const field = key === 'id' ? 'conversationId' : fieldFor(key);
    if (field === 'conversationId' || field === 'customerId' || field === 'channel' || field === 'agentId') {
      const id = asId(value);
      if (id && defaults[field] === undefined) defaults[field] = id;
    }
  }
  return defaults;
}

const MAX_INTENT_CHARS = 300;

/**
 * The bot's matched intent (a name) and its confidence (0–1), as a log row gives them. Either is left out when it is
 * not one (an intent that is an object, a confidence of 87 or -0.2): the prediction is optional, and never costs
 * the message; `dropped` says what was left out, for the message's metadata.
 */
export function botPrediction(rawIntent: unknown, rawConfidence: unknown): { intent?: string; confidence?: number; dropped?: Record<string, unknown> } {
  const out: { intent?: string; confidence?: number; dropped?: Record<string, unknown> } = {};
  const given = (v: unknown) => v !== undefined && v !== null && v !== '';
  const intent = asId(rawIntent);
  if (intent !== undefined) out.intent = intent.slice(0, MAX_INTENT_CHARS);
  else if (given(rawIntent)) out.dropped = { bot_intent: rawIntent };
  if (given(rawConfidence)) {
    const confidence = typeof rawConfidence === 'number' ? rawConfidence : Number(String(rawConfidence).trim());
    if (Number.isFinite(confidence) && confidence >= 0 && confidence <= 1 && typeof rawConfidence !== 'boolean') out.confidence = confidence;
    else out.dropped = { ...(out.dropped ?? {}), bot_confidence: rawConfidence };
  }
  return out;
}

/** How a row of Seam's own export is read (seam-export.ts); `unguard`: its text cells carry the CSV formula guard. */
export interface ExportReading {
  unguard: boolean;
}

function jsonObject(raw: unknown, field: string): { ok: true; value?: Record<string, unknown> } | { ok: false; field: string; reason: string } {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return { ok: true, value: { ...(raw as Record<string, unknown>) } };
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: true };
  try {
    const parsed = JSON.parse(raw);
    return { ok: true, value: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { value: parsed } };
  } catch {
    return { ok: false, field, reason: `${field} is not valid JSON` };
  }
}

/**
 * Validates one message given as loose key/values (a CSV row, a JSON object, an Arrow row) and maps it
 * to a LogRecord. `defaults` fill fields the row leaves out (nested JSON: the conversation's). `exported`:
 * the row is one of Seam's own export, read back as the log it was.
 */
export function normalize(row: Record<string, unknown>, defaults: Partial<LogRecord> = {}, exported?: ExportReading): Normalized {
  const values: Partial<Record<keyof LogRecord, unknown>> = {};
  const extra: Record<string, unknown> = {};
  /** A Seam export's own columns (its source, deletion time, conversation metadata, analysis). */
  const own: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(row)) {
    const value = exported?.unguard && typeof raw === 'string' ? unguardFormula(raw) : raw;
    if (exported && (isAnalysisColumn(key) || key === 'source' || key === 'conversation_metadata' || key === 'text_deleted_at')) {
      own[key] = value;
      continue;
    }
    const field = fieldFor(key);
    if (field && values[field] === undefined) values[field] = value;
    else if (value !== null && value !== undefined && value !== '') extra[key] = value;
  }
  let textDeletedAt: number | undefined;
  const deleted = own.text_deleted_at;
  if (deleted !== null && deleted !== undefined && deleted !== '') {
    textDeletedAt = parseTimestamp(deleted);
    if (textDeletedAt === undefined) return { ok: false, field: 'text_deleted_at', reason: `unparseable timestamp ${JSON.stringify(String(deleted)).slice(0, 80)}` };
  }

  const conversationId = asId(values.conversationId) ?? defaults.conversationId;
  if (!conversationId) return { ok: false, field: 'conversation_id', reason: 'missing conversation id' };
  if (conversationId.length > MAX_ID_CHARS) return { ok: false, field: 'conversation_id', reason: `conversation id longer than ${MAX_ID_CHARS} characters` };

  const rawTs = values.timestamp;
  let timestamp: number | undefined;
  if (rawTs === undefined || rawTs === null || rawTs === '') {
    timestamp = defaults.timestamp;
    if (timestamp === undefined) return { ok: false, field: 'timestamp', reason: 'missing timestamp' };
  } else {
    timestamp = parseTimestamp(rawTs);
    if (timestamp === undefined) return { ok: false, field: 'timestamp', reason: `unparseable timestamp ${JSON.stringify(String(rawTs)).slice(0, 80)}` };
  }

  const rawRole = values.role;
  if (rawRole === undefined || rawRole === null || rawRole === '') return { ok: false, field: 'role', reason: 'missing role' };
  const role = parseRole(rawRole);
  if (!role) return { ok: false, field: 'role', reason: `unknown role ${JSON.stringify(String(rawRole)).slice(0, 60)} (expected customer, bot, agent or system)` };

  let event: MessageEvent | undefined;
  const rawEvent = values.event;
  if (rawEvent !== undefined && rawEvent !== null && rawEvent !== '' && !(typeof rawEvent === 'string' && NOT_AN_EVENT.has(squash(rawEvent)))) {
    const key = typeof rawEvent === 'string' ? squash(rawEvent) : '';
    event = Object.hasOwn(EVENT_ALIASES, key) ? EVENT_ALIASES[key] : undefined;
    if (!event) return { ok: false, field: 'event', reason: `unknown event ${JSON.stringify(String(rawEvent)).slice(0, 60)} (expected ${MESSAGE_EVENTS.join(', ')})` };
  }

  let eventValue: number | undefined;
  const rawValue = values.eventValue;
  if (rawValue !== undefined && rawValue !== null && rawValue !== '') {
    eventValue = typeof rawValue === 'number' ? rawValue : Number(String(rawValue).trim());
    if (!Number.isFinite(eventValue)) return { ok: false, field: 'event_value', reason: `event value ${JSON.stringify(String(rawValue)).slice(0, 40)} is not a number` };
  }
  if (event === 'csat' && eventValue === undefined) return { ok: false, field: 'event_value', reason: 'a csat event needs a numeric score' };

  const rawText = values.text;
  const text = withoutNul(typeof rawText === 'string' ? rawText : rawText === null || rawText === undefined ? '' : String(rawText)).trim();
  if (text === '' && !event && textDeletedAt === undefined) return { ok: false, field: 'text', reason: 'empty text' };

  const messageId = asId(values.messageId);
  if (messageId && messageId.length > MAX_ID_CHARS) return { ok: false, field: 'message_id', reason: `message id longer than ${MAX_ID_CHARS} characters` };

  const prediction = botPrediction(values.botIntent, values.botConfidence);
  // The bot's prediction is about what a customer said; other rows keep such columns in their metadata, as every row
  // keeps a value that is not a prediction (an intent object, a confidence out of 0–1).
  if (prediction.dropped) Object.assign(extra, prediction.dropped);
  if (role !== 'customer') {
    if (prediction.intent !== undefined) extra.bot_intent = prediction.intent;
    if (prediction.confidence !== undefined) extra.bot_confidence = prediction.confidence;
  }

  const meta = jsonObject(values.metadata, 'metadata');
  if (!meta.ok) return meta;
  let metadata = meta.value;
  if (Object.keys(extra).length > 0) metadata = { ...(metadata ?? {}), ...extra };
  if (defaults.metadata) metadata = { ...defaults.metadata, ...(metadata ?? {}) };

  const record: LogRecord = { conversationId, timestamp, role, text };
  if (messageId) record.messageId = messageId;
  const customerId = asId(values.customerId) ?? defaults.customerId;
  if (customerId) record.customerId = customerId.slice(0, MAX_ID_CHARS);
  const channel = asId(values.channel) ?? defaults.channel;
  if (channel) record.channel = channel.slice(0, 100);
  const agentId = asId(values.agentId) ?? defaults.agentId;
  if (agentId) record.agentId = agentId.slice(0, 200);
  if (event) record.event = event;
  if (eventValue !== undefined) record.eventValue = eventValue;
  if (role === 'customer' && prediction.intent !== undefined) record.botIntent = prediction.intent;
  if (role === 'customer' && prediction.confidence !== undefined) record.botConfidence = prediction.confidence;
  if (metadata) record.metadata = metadata;
  if (exported) {
    const conversationMeta = jsonObject(own.conversation_metadata, 'conversation_metadata');
    if (!conversationMeta.ok) return conversationMeta;
    if (conversationMeta.value) record.conversationMetadata = conversationMeta.value;
    const source = asId(own.source);
    if (source) record.source = source.slice(0, 200);
    if (textDeletedAt !== undefined) record.textDeletedAt = textDeletedAt;
  }
  return { ok: true, record };
}
