import type { MessageRole } from '#contracts';
import { FormatInput, LogRecord, ParsedItem } from '../format.types';
import { at, htmlToText, isObject, JsonDocument, jsonDocuments, rejectDoc, str } from '../json-documents';
import { parseTimestamp } from '../normalize';

/** Parts that are messages someone read (a comment, or a teammate's reply sent while assigning, opening or closing). */
const SPOKEN = new Set(['comment', 'quick_reply', 'assignment', 'open', 'close', 'assign_and_reopen', 'assign_and_unsnooze', 'away_mode_assignment', 'default_assignment']);
/** Parts that hand the conversation to someone. */
const ASSIGNING = /assign/;

/** Who wrote a part: the customer (user, lead, contact), Fin or another bot, or a teammate. */
function roleOf(author: unknown): MessageRole | undefined {
  const type = str(at(author, 'type'));
  if (at(author, 'from_ai_agent') === true || at(author, 'is_ai_answer') === true || type === 'bot') return 'bot';
  if (type === 'user' || type === 'lead' || type === 'contact') return 'customer';
  if (type === 'admin' || type === 'team') return 'agent';
  return undefined;
}

/**
 * Intercom: conversations as the REST API returns them (`GET /conversations/{id}`: the conversation with its
 * `source` and `conversation_parts`; one, an array, a `conversation.list` page, or one per line). Users and leads →
 * customer, Fin and bots (author type bot, `from_ai_agent`) → bot, teammates → agent; notes are never imported
 * (teammates' private notes); assignment to a teammate → handoff, close → resolved, the conversation rating → csat.
 */
export async function* parseIntercom(input: FormatInput): AsyncGenerator<ParsedItem> {
  for await (const item of jsonDocuments(input, 'conversations')) {
    if (item.kind !== 'document') yield item;
    else yield* conversation(item.doc);
  }
}

function* conversation(doc: JsonDocument): Generator<ParsedItem> {
  const c = doc.value;
  if (!isObject(c) || (c.type !== undefined && c.type !== 'conversation')) {
    yield rejectDoc(doc, 'type', 'expected an Intercom conversation (type "conversation")');
    return;
  }
  const id = str(c.id);
  if (!id) {
    yield rejectDoc(doc, 'id', 'missing conversation id');
    return;
  }
  const contacts = at(c, 'contacts.contacts');
  const customerId = str(at(Array.isArray(contacts) ? contacts[0] : undefined, 'external_id')) ?? str(at(Array.isArray(contacts) ? contacts[0] : undefined, 'id'));
  const channel = str(at(c, 'source.type')) ?? 'intercom';
  const base = { conversationId: id, channel: channel === 'conversation' ? 'messenger' : channel.slice(0, 100) };
  const out: ParsedItem[] = [];
  const push = (location: string, record: LogRecord) => out.push({ kind: 'record', line: doc.line, location: `${doc.location}${location}`, record });
  const reject = (location: string, field: string, reason: string, value: unknown) => out.push(rejectDoc({ ...doc, location: `${doc.location}${location}` }, field, reason, value));

  const source = c.source;
  if (isObject(source) && str(source.body)) {
    const role = roleOf(source.author) ?? (source.delivered_as === 'customer_initiated' ? 'customer' : undefined);
    const timestamp = parseTimestamp(c.created_at);
    if (!role) reject('.source', 'author.type', `unknown author type ${JSON.stringify(at(source, 'author.type') ?? null)} (expected user, lead, admin or bot)`, source);
    else if (timestamp === undefined) reject('', 'created_at', `unparseable timestamp ${JSON.stringify(c.created_at ?? null)}`, c);
    else {
      const text = htmlToText(String(source.body));
      const record: LogRecord = { ...base, timestamp, messageId: `source-${str(source.id) ?? id}`, role, text };
      if (role === 'customer' && customerId) record.customerId = customerId;
      if (role === 'agent') record.agentId = str(at(source, 'author.id'));
      record.conversationMetadata = { state: c.state, ...(str(source.subject) ? { subject: htmlToText(String(source.subject)) } : {}), ...(c.ai_agent_participated ? { ai_agent: at(c, 'ai_agent.resolution_state') ?? true } : {}) };
      if (text) push('.source', record);
    }
  }

  const parts = at(c, 'conversation_parts.conversation_parts');
  let handedOff = false;
  for (const [i, part] of (Array.isArray(parts) ? parts : []).entries()) {
    const where = `.conversation_parts[${i}]`;
    if (!isObject(part)) {
      reject(where, '', 'expected a conversation part', part);
      continue;
    }
    const type = str(part.part_type) ?? 'comment';
    if (type === 'note' || type.startsWith('note_')) continue;
    const timestamp = parseTimestamp(part.created_at);
    if (timestamp === undefined) {
      reject(where, 'created_at', `unparseable timestamp ${JSON.stringify(part.created_at ?? null)}`, part);
      continue;
    }
    const partId = str(part.id) ?? `${i}`;
    const text = part.body ? htmlToText(String(part.body)) : '';
    const role = roleOf(part.author);
    if (text && SPOKEN.has(type)) {
      if (!role) {
        reject(where, 'author.type', `unknown author type ${JSON.stringify(at(part, 'author.type') ?? null)} (expected user, lead, admin or bot)`, part);
        continue;
      }
      const record: LogRecord = { ...base, timestamp, messageId: partId, role, text };
      if (role === 'customer' && customerId) record.customerId = customerId;
      if (role === 'agent') record.agentId = str(at(part, 'author.id'));
      push(where, record);
    }
    // Assigned to a teammate (not a team's queue, not nobody): a person now has the conversation.
    if (ASSIGNING.test(type) && str(at(part, 'assigned_to.type')) === 'admin' && !handedOff) {
      handedOff = true;
      push(`${where}.assigned_to`, { ...base, timestamp, messageId: `${partId}:assigned`, role: 'system', text: 'assigned to a teammate', event: 'handoff' });
    }
    if (type === 'close') push(`${where}.close`, { ...base, timestamp, messageId: `${partId}:closed`, role: 'system', text: '', event: 'resolved' });
  }

  const rating = c.conversation_rating;
  if (isObject(rating) && rating.rating !== null && rating.rating !== undefined) {
    const score = Number(rating.rating);
    const timestamp = parseTimestamp(rating.created_at) ?? parseTimestamp(c.updated_at);
    if (!Number.isFinite(score)) reject('.conversation_rating', 'rating', `rating ${JSON.stringify(rating.rating)} is not a number`, rating);
    else if (timestamp !== undefined) {
      const remark = str(rating.remark);
      push('.conversation_rating', { ...base, timestamp, messageId: 'rating', role: 'system', text: remark ?? '', event: 'csat', eventValue: score });
    }
  }
  yield* out;
}
