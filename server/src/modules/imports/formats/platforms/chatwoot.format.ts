import type { MessageRole } from '#contracts';
import { FormatInput, LogRecord, ParsedItem } from '../format.types';
import { at, isObject, JsonDocument, jsonDocuments, rejectDoc, str } from '../json-documents';
import { parseTimestamp } from '../normalize';

type Json = Record<string, unknown>;

/** messages.message_type (db/schema.rb: `enum message_type: { incoming: 0, outgoing: 1, activity: 2, template: 3 }`). */
const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;

/**
 * Chatwoot's activity messages (config/locales/en.yml, conversations.activity) that change what Seam counts: a
 * person taking the conversation (assignment, self-assignment, the agent bot failing over) is a handoff; a
 * resolution is a resolution. Other activity (labels, priority, snoozing) is not a message.
 */
const ACTIVITY: { pattern: RegExp; event: 'handoff' | 'resolved' }[] = [
  { pattern: /^Conversation was (marked resolved|resolved) by /, event: 'resolved' },
  { pattern: /^Assigned to .+ by /, event: 'handoff' },
  { pattern: / self-assigned this conversation$/, event: 'handoff' },
  { pattern: /^Conversation was marked open by system due to an error with the agent bot/, event: 'handoff' },
];

/** Rails keeps UTC in `timestamp without time zone`: written out as ISO 8601 text, which also sorts as the cursor. */
const utc = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The query a Chatwoot database source runs (sources/presets.ts): its messages, private notes left out, and its
 * CSAT answers, by `changed_at` (a message changes when its CSAT form is answered).
 */
export const CHATWOOT_QUERY = `SELECT 'message' AS kind, m.id AS message_id, c.account_id, c.display_id, m.message_type, m.sender_type, m.sender_id,
  m.content, ${utc('m.created_at')} AS created_at, ${utc('m.updated_at')} AS changed_at, c.contact_id, i.name AS inbox, i.channel_type, NULL AS rating
FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN inboxes i ON i.id = c.inbox_id
WHERE m.private = false
UNION ALL
SELECT 'csat', r.id, c.account_id, c.display_id, NULL, 'Contact', r.contact_id,
  r.feedback_message, ${utc('r.created_at')}, ${utc('r.updated_at')}, c.contact_id, i.name, i.channel_type, r.rating
FROM csat_survey_responses r JOIN conversations c ON c.id = r.conversation_id JOIN inboxes i ON i.id = c.inbox_id`;

/** A conversation is `<account id>:<display id>`, as both the database and the webhooks know it (webhooks give the display id). */
function conversationKey(account: unknown, displayId: unknown): string | undefined {
  const a = str(account);
  const d = str(displayId);
  return a && d ? `${a}:${d}` : undefined;
}

/** Incoming → customer; outgoing by a User → agent, by an AgentBot or by no one (automations, greetings) → bot; templates → bot. */
function roleOf(type: string, senderType: string | undefined): MessageRole | undefined {
  if (type === 'incoming') return 'customer';
  if (type === 'template') return 'bot';
  if (type === 'outgoing') return senderType === 'User' || senderType === 'user' ? 'agent' : 'bot';
  return undefined;
}

function messageType(value: unknown): string | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d$/.test(value))) return MESSAGE_TYPES[Number(value)];
  const s = str(value);
  return s && (MESSAGE_TYPES as readonly string[]).includes(s) ? s : undefined;
}

/**
 * Chatwoot: rows of its database (CHATWOOT_QUERY, as a PostgreSQL source reads them) and the webhooks it posts
 * (`message_created`, `conversation_status_changed`). Both name a conversation and a message alike, so the same
 * message from both is stored once. Private notes are never imported.
 */
export async function* parseChatwoot(input: FormatInput): AsyncGenerator<ParsedItem> {
  // A conversation's account, from the messages of the file: a status webhook does not always carry it.
  const accounts = new Map<string, string>();
  for await (const item of jsonDocuments(input)) {
    if (item.kind !== 'document') {
      yield item;
      continue;
    }
    const doc = item.doc;
    const v = doc.value;
    if (!isObject(v)) yield rejectDoc(doc, undefined, 'expected a Chatwoot message row or webhook payload');
    else if (typeof v.event === 'string') yield* webhook(doc, v, accounts);
    else yield* row(doc, v);
  }
}

function* row(doc: JsonDocument, r: Json): Generator<ParsedItem> {
  const conversationId = conversationKey(r.account_id, r.display_id);
  if (!conversationId) {
    yield rejectDoc(doc, r.account_id === undefined || r.account_id === null ? 'account_id' : 'display_id', 'missing the conversation (account_id and display_id)');
    return;
  }
  const timestamp = parseTimestamp(r.created_at);
  if (timestamp === undefined) {
    yield rejectDoc(doc, 'created_at', `unparseable timestamp ${JSON.stringify(r.created_at ?? null)}`);
    return;
  }
  const id = str(r.message_id);
  if (!id) {
    yield rejectDoc(doc, 'message_id', 'missing message id');
    return;
  }
  const channel = (str(r.channel_type)?.replace(/^Channel::/, '') ?? 'chatwoot').toLowerCase();
  const base = { conversationId, timestamp, channel };
  if (r.kind === 'csat') {
    const rating = Number(r.rating);
    if (!Number.isFinite(rating)) yield rejectDoc(doc, 'rating', `rating ${JSON.stringify(r.rating ?? null)} is not a number`);
    else yield { kind: 'record', line: doc.line, location: doc.location, record: { ...base, messageId: `csat-${id}`, role: 'system', text: str(r.content) ?? '', event: 'csat', eventValue: rating } };
    return;
  }
  if (r.private === true || r.private === 't' || r.private === 'true') return;
  const type = messageType(r.message_type);
  if (!type) {
    yield rejectDoc(doc, 'message_type', `unknown message_type ${JSON.stringify(r.message_type ?? null)} (expected 0–3 or incoming, outgoing, activity, template)`);
    return;
  }
  const text = str(r.content);
  if (type === 'activity') {
    const match = text ? ACTIVITY.find((a) => a.pattern.test(text)) : undefined;
    if (match) yield { kind: 'record', line: doc.line, location: doc.location, record: { ...base, messageId: id, role: 'system', text: text!, event: match.event } };
    return;
  }
  if (!text) return;
  const role = roleOf(type, str(r.sender_type))!;
  const record: LogRecord = { ...base, messageId: id, role, text };
  if (role === 'customer' && str(r.contact_id ?? r.sender_id)) record.customerId = str(r.contact_id ?? r.sender_id);
  if (role === 'agent' && str(r.sender_id)) record.agentId = `user-${str(r.sender_id)}`;
  const inbox = str(r.inbox);
  if (inbox) record.conversationMetadata = { inbox };
  yield { kind: 'record', line: doc.line, location: doc.location, record };
}

function* webhook(doc: JsonDocument, p: Json, accounts: Map<string, string>): Generator<ParsedItem> {
  const event = p.event as string;
  if (event === 'message_created' || event === 'message_updated') {
    const conversationId = conversationKey(at(p, 'account.id'), at(p, 'conversation.id'));
    if (conversationId) accounts.set(str(at(p, 'conversation.id'))!, str(at(p, 'account.id'))!);
    if (!conversationId) {
      yield rejectDoc(doc, 'conversation.id', 'missing the conversation (account.id and conversation.id)');
      return;
    }
    if (p.private === true) return;
    const type = messageType(p.message_type);
    if (!type) {
      yield rejectDoc(doc, 'message_type', `unknown message_type ${JSON.stringify(p.message_type ?? null)}`);
      return;
    }
    const timestamp = parseTimestamp(p.created_at);
    if (timestamp === undefined) {
      yield rejectDoc(doc, 'created_at', `unparseable timestamp ${JSON.stringify(p.created_at ?? null)}`);
      return;
    }
    const text = str(p.content);
    const senderType = str(at(p, 'sender.type'));
    const role = roleOf(type, senderType === 'user' ? 'User' : senderType === 'agent_bot' ? 'AgentBot' : senderType);
    if (!text || !role) return;
    const channel = (str(at(p, 'conversation.channel'))?.replace(/^Channel::/, '') ?? 'chatwoot').toLowerCase();
    const record: LogRecord = { conversationId, timestamp, messageId: str(p.id), role, text, channel };
    if (!record.messageId) {
      yield rejectDoc(doc, 'id', 'missing message id');
      return;
    }
    const contact = str(at(p, 'conversation.contact_inbox.contact_id')) ?? str(at(p, 'conversation.meta.sender.id')) ?? (role === 'customer' ? str(at(p, 'sender.id')) : undefined);
    if (role === 'customer' && contact) record.customerId = contact;
    if (role === 'agent' && str(at(p, 'sender.id'))) record.agentId = `user-${str(at(p, 'sender.id'))}`;
    const inbox = str(at(p, 'inbox.name'));
    if (inbox) record.conversationMetadata = { inbox };
    yield { kind: 'record', line: doc.line, location: doc.location, record };
    return;
  }
  if (event === 'conversation_status_changed') {
    const messages = Array.isArray(p.messages) ? p.messages : [];
    const conversationId = conversationKey(at(p, 'account.id') ?? at(messages[0], 'account_id') ?? accounts.get(str(p.id) ?? ''), p.id);
    if (!conversationId) {
      yield rejectDoc(doc, 'account.id', "missing the conversation's account (account.id, or a message of the conversation earlier in the file)");
      return;
    }
    // updated_at is when the status changed; timestamp is the conversation's last activity.
    const timestamp = parseTimestamp(p.updated_at) ?? parseTimestamp(p.timestamp) ?? parseTimestamp(p.last_activity_at);
    if (timestamp === undefined) {
      yield rejectDoc(doc, 'timestamp', 'no time for the status change (timestamp, last_activity_at or updated_at)');
      return;
    }
    const changes = Array.isArray(p.changed_attributes) ? p.changed_attributes : [];
    const previous = changes.map((c) => at(c, 'status.previous_value')).find((x) => x !== undefined);
    const status = str(p.status);
    // The agent bot hands over by opening a pending conversation (toggle_status); resolving ends it.
    const change = status === 'resolved' ? 'resolved' : status === 'open' && previous === 'pending' ? 'handoff' : null;
    if (change) yield { kind: 'record', line: doc.line, location: doc.location, record: { conversationId, timestamp, messageId: `status-${status}-${timestamp}`, role: 'system', text: change === 'handoff' ? 'the bot handed the conversation to the team' : '', event: change } };
    return;
  }
  // Other webhooks (contact_created, conversation_created, webwidget_triggered…) carry no message.
}
