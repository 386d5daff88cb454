import type { MessageRole } from '#contracts';
import { FormatInput, LogRecord, ParsedItem } from '../format.types';
import { at, headOf, htmlToText, isObject, JsonDocument, jsonDocuments, lookup, rejectDoc, str } from '../json-documents';
import { parseTimestamp } from '../normalize';

type Json = Record<string, unknown>;

/** Zendesk's satisfaction scores on Seam's 1–5 CSAT scale (docs/log-format.md). */
const SATISFACTION: Record<string, number> = { good: 5, good_with_comment: 5, bad: 1, bad_with_comment: 1 };
/** The Sunshine sources that are bots: Zendesk's answer bot and AI agents. */
const SUNSHINE_BOTS = new Set(['zd:answerBot', 'ultimate', 'zd:agentCopilot']);
/** Zendesk itself (triggers, AI agents answering e-mail). */
const SYSTEM_USER = '-1';

interface User {
  role: string;
  name: string;
}

/** Who wrote a ticket comment: the requester and end users are customers; an answer bot, an AI agent or Zendesk itself the bot. */
function commentRole(comment: Json, users: Map<string, User>, requester: string | undefined): MessageRole {
  const author = str(comment.author_id);
  const channel = str(at(comment, 'via.channel')) ?? '';
  if (/^(answer_bot|ai_agent)/.test(channel) || author === SYSTEM_USER) return 'bot';
  const user = author ? users.get(author) : undefined;
  if (user) {
    if (/\b(bot|ai agent)\b/i.test(user.name)) return 'bot';
    return user.role === 'end-user' ? 'customer' : 'agent';
  }
  return author !== undefined && author === requester ? 'customer' : 'agent';
}

/** The side-loaded users (`include=users`), by id: their role tells customers from agents. */
async function readUsers(input: FormatInput): Promise<Map<string, User>> {
  const users = new Map<string, User>();
  for await (const item of jsonDocuments({ ...input, onBytes: undefined }, 'users', { whole: false })) {
    if (item.kind !== 'document' || !item.doc.location.startsWith('users[')) continue;
    const u = item.doc.value;
    const id = str(at(u, 'id'));
    if (id) users.set(id, { role: str(at(u, 'role')) ?? 'end-user', name: str(at(u, 'name')) ?? '' });
  }
  return users;
}

/**
 * Zendesk: tickets with their comments (the incremental ticket export's `tickets`, each with the `comments` of
 * `GET /tickets/{id}/comments`), the incremental ticket-event export with `include=comment_events`, and Sunshine
 * Conversations messages (a conversation's `messages`, or webhook `events`). Users side-loaded with `include=users`
 * say who is a customer. Private comments (internal notes) are never imported; solved → resolved; the satisfaction
 * rating → csat; Sunshine's switchboard passing control to the Agent Workspace → handoff.
 */
export async function* parseZendesk(input: FormatInput): AsyncGenerator<ParsedItem> {
  const users = await readUsers(input);
  const requesters = new Map<string, string>();
  // An incremental export is a page of tickets or of ticket events: its array is streamed, never held whole.
  const key = (await headOf(input.path)).includes('"ticket_events"') ? 'ticket_events' : 'tickets';
  for await (const item of jsonDocuments(input, key)) {
    if (item.kind !== 'document') {
      yield item;
      continue;
    }
    const doc = item.doc;
    if (doc.location.startsWith('users[')) continue;
    const v = doc.value;
    if (key === 'ticket_events' && doc.location.startsWith('ticket_events[')) {
      yield* ticketEvent(doc, users, requesters);
    } else if (!isObject(v)) {
      yield rejectDoc(doc, undefined, 'expected a Zendesk ticket, ticket events or Sunshine Conversations messages');
    } else if (Array.isArray(v.ticket_events)) {
      for (const [i, e] of v.ticket_events.entries()) yield* ticketEvent({ ...doc, location: `ticket_events[${i}]`, value: e }, users, requesters);
    } else if (Array.isArray(v.child_events)) {
      yield* ticketEvent(doc, users, requesters);
    } else if (Array.isArray(v.events) || Array.isArray(v.messages) || (isObject(v.author) && isObject(v.content))) {
      yield* sunshine(doc, input.fileName);
    } else if (Array.isArray(v.users) && !Array.isArray(v.tickets)) {
      continue;
    } else {
      yield* ticket(doc, users);
    }
  }
}

function* ticket(doc: JsonDocument, users: Map<string, User>): Generator<ParsedItem> {
  const t = doc.value as Json;
  const id = str(t.id);
  if (!id) {
    yield rejectDoc(doc, 'id', 'missing ticket id');
    return;
  }
  if (!Array.isArray(t.comments)) {
    yield rejectDoc(doc, 'comments', 'a ticket without its comments (add each ticket\'s GET /tickets/{id}/comments as "comments")');
    return;
  }
  const requester = str(t.requester_id);
  const channel = str(at(t, 'via.channel')) ?? 'zendesk';
  let last = parseTimestamp(t.created_at) ?? 0;
  for (const [i, c] of t.comments.entries()) {
    const where = { ...doc, location: `${doc.location}.comments[${i}]` };
    if (!isObject(c)) {
      yield rejectDoc(where, undefined, 'expected a comment object', c);
      continue;
    }
    if (c.public === false) continue;
    const timestamp = parseTimestamp(c.created_at);
    if (timestamp === undefined) {
      yield rejectDoc(where, 'created_at', `unparseable timestamp ${JSON.stringify(c.created_at ?? null)}`, c);
      continue;
    }
    last = Math.max(last, timestamp);
    const text = str(c.plain_body) ?? str(c.body) ?? (str(c.html_body) ? htmlToText(String(c.html_body)) : undefined);
    if (!text) continue;
    const role = commentRole(c, users, requester);
    const record: LogRecord = { conversationId: id, timestamp, messageId: str(c.id) ?? `${i}`, role, text, channel };
    if (role === 'customer' && str(c.author_id)) record.customerId = str(c.author_id);
    if (role === 'agent') record.agentId = str(c.author_id);
    if (i === 0) record.conversationMetadata = { subject: str(t.subject), status: str(t.status), tags: t.tags };
    yield { kind: 'record', line: doc.line, location: where.location, record };
  }
  const updated = parseTimestamp(t.updated_at) ?? last;
  const status = str(t.status);
  if (status === 'solved' || status === 'closed') yield { kind: 'record', line: doc.line, location: `${doc.location}.status`, record: { conversationId: id, timestamp: Math.max(updated, last), messageId: 'solved', role: 'system', text: '', event: 'resolved', channel } };
  const score = lookup(SATISFACTION, str(at(t, 'satisfaction_rating.score')));
  if (score !== undefined) {
    yield { kind: 'record', line: doc.line, location: `${doc.location}.satisfaction_rating`, record: { conversationId: id, timestamp: Math.max(updated, last) + 1, messageId: `rating-${str(at(t, 'satisfaction_rating.id')) ?? ''}`, role: 'system', text: str(at(t, 'satisfaction_rating.comment')) ?? '', event: 'csat', eventValue: score, channel } };
  }
}

/** `requesters`: each ticket's requester seen so far ("Create" sets requester_id), to tell the customer when users were not side-loaded. */
function* ticketEvent(doc: JsonDocument, users: Map<string, User>, requesters: Map<string, string>): Generator<ParsedItem> {
  const e = doc.value;
  if (!isObject(e) || !Array.isArray(e.child_events)) {
    yield rejectDoc(doc, 'child_events', 'expected a ticket event with child_events');
    return;
  }
  const ticketId = str(e.ticket_id);
  if (!ticketId) {
    yield rejectDoc(doc, 'ticket_id', 'missing ticket_id');
    return;
  }
  const eventTime = parseTimestamp(e.created_at) ?? parseTimestamp(e.timestamp);
  for (const [i, c] of e.child_events.entries()) {
    const where = { ...doc, location: `${doc.location}.child_events[${i}]` };
    if (!isObject(c)) continue;
    const type = str(c.event_type) ?? str(c.type);
    if (str(c.field_name) === 'requester_id' && str(c.value)) requesters.set(ticketId, str(c.value)!);
    const timestamp = parseTimestamp(c.created_at) ?? eventTime;
    if (timestamp === undefined) {
      yield rejectDoc(where, 'created_at', `unparseable timestamp ${JSON.stringify(c.created_at ?? e.created_at ?? null)}`, c);
      continue;
    }
    const base = { conversationId: ticketId, timestamp, channel: str(at(e, 'via.channel')) ?? 'zendesk' };
    if (type === 'Comment' || type === 'VoiceComment') {
      if (c.public === false) continue;
      const text = str(c.plain_body) ?? str(c.body) ?? (str(c.html_body) ? htmlToText(String(c.html_body)) : undefined);
      if (!text) continue;
      const role = commentRole(c, users, requesters.get(ticketId));
      const record: LogRecord = { ...base, messageId: str(c.id) ?? `${str(e.id)}:${i}`, role, text };
      if (role === 'customer' && str(c.author_id)) record.customerId = str(c.author_id);
      if (role === 'agent') record.agentId = str(c.author_id);
      yield { kind: 'record', line: doc.line, location: where.location, record };
    } else if (str(c.field_name) === 'status' && (c.value === 'solved' || c.value === 'closed')) {
      yield { kind: 'record', line: doc.line, location: where.location, record: { ...base, messageId: `${str(c.id) ?? str(e.id)}:solved`, role: 'system', text: '', event: 'resolved' } };
    } else if (str(c.field_name) === 'satisfaction_score' && lookup(SATISFACTION, str(c.value)) !== undefined) {
      yield { kind: 'record', line: doc.line, location: where.location, record: { ...base, messageId: `${str(c.id) ?? str(e.id)}:rating`, role: 'system', text: '', event: 'csat', eventValue: lookup(SATISFACTION, str(c.value))! } };
    }
  }
}

/** A Sunshine Conversations message's role: the end user, a person in the Agent Workspace, or a bot. */
function sunshineRole(m: Json): MessageRole | 'activity' | undefined {
  const type = str(at(m, 'author.type'));
  const subtypes = at(m, 'author.subtypes');
  if (type === 'user') return 'customer';
  if (type !== 'business') return undefined;
  if (Array.isArray(subtypes) && subtypes.includes('activity')) return 'activity';
  if (Array.isArray(subtypes) && subtypes.includes('AI')) return 'bot';
  const source = str(at(m, 'source.type')) ?? '';
  if (source === 'zd:agentWorkspace') return 'agent';
  return SUNSHINE_BOTS.has(source) || source.startsWith('zd:') || source === 'api' || source === '' ? 'bot' : 'agent';
}

function* sunshine(doc: JsonDocument, fileName: string): Generator<ParsedItem> {
  const v = doc.value as Json;
  const fromFile = fileName.replace(/\.[^.]+$/, '');
  const items: { where: string; conversationId: string; message?: Json; event?: Json }[] = [];
  const conversationOf = (x: unknown) => str(at(x, 'conversation.id')) ?? str(at(x, 'conversationId'));
  if (Array.isArray(v.events)) {
    v.events.forEach((e, i) => items.push({ where: `${doc.location}.events[${i}]`, conversationId: conversationOf(at(e, 'payload')) ?? fromFile, event: e as Json }));
  } else if (Array.isArray(v.messages)) {
    const conversationId = conversationOf(v) ?? fromFile;
    v.messages.forEach((m, i) => items.push({ where: `${doc.location}.messages[${i}]`, conversationId, message: m as Json }));
  } else {
    items.push({ where: doc.location, conversationId: conversationOf(v) ?? fromFile, message: v });
  }
  for (const { where, conversationId, message, event } of items) {
    const at_ = { ...doc, location: where };
    if (event) {
      const type = str(event.type);
      if (type === 'switchboard:passControl' && str(at(event, 'payload.conversation.activeSwitchboardIntegration.integrationType')) === 'zd:agentWorkspace') {
        const timestamp = parseTimestamp(event.createdAt);
        if (timestamp !== undefined) yield { kind: 'record', line: doc.line, location: where, record: { conversationId, timestamp, messageId: str(event.id) ?? `pass-${timestamp}`, role: 'system', text: 'passed to the Agent Workspace', event: 'handoff', channel: 'messaging' } };
        continue;
      }
      if (type !== 'conversation:message') continue;
    }
    const m = (message ?? at(event, 'payload.message')) as Json | undefined;
    if (!isObject(m)) {
      yield rejectDoc(at_, 'message', 'expected a Sunshine Conversations message', m ?? event);
      continue;
    }
    const role = sunshineRole(m);
    if (role === 'activity') continue;
    if (!role) {
      yield rejectDoc(at_, 'author.type', `unknown author type ${JSON.stringify(at(m, 'author.type') ?? null)} (expected user or business)`, m);
      continue;
    }
    const timestamp = parseTimestamp(m.received);
    if (timestamp === undefined) {
      yield rejectDoc(at_, 'received', `unparseable timestamp ${JSON.stringify(m.received ?? null)}`, m);
      continue;
    }
    const text = str(at(m, 'content.text')) ?? str(at(m, 'content.altText'));
    if (!text || m.deleted === true) continue;
    const record: LogRecord = { conversationId, timestamp, messageId: str(m.id) ?? `${timestamp}`, role, text, channel: 'messaging' };
    if (role === 'customer') record.customerId = str(at(m, 'author.userExternalId')) ?? str(at(m, 'author.userId'));
    if (role === 'agent') record.agentId = str(at(m, 'author.displayName'));
    yield { kind: 'record', line: doc.line, location: where, record };
  }
}
