import type { MessageRole } from '#contracts';
import { FormatInput, LogRecord, ParsedItem } from '../format.types';
import { at, isObject, jsonDocuments, lookup, rejectDoc, str } from '../json-documents';
import { parseTimestamp } from '../normalize';

type Json = Record<string, unknown>;

/** Amazon Connect's participant roles (bots and contact flows speak as SYSTEM or CUSTOM_BOT). */
const ROLES: Record<string, MessageRole> = { CUSTOMER: 'customer', AGENT: 'agent', SUPERVISOR: 'agent', SYSTEM: 'bot', CUSTOM_BOT: 'bot' };

/** The time in a Contact Lens file name: `<contactId>_analysis_2020-02-04T21:14:16Z.json` (`:` may be `_`). */
export function fileNameTime(fileName: string): number | undefined {
  const m = /_(\d{4}-\d\d-\d\dT\d\d[:_]\d\d[:_]\d\d(?:\.\d+)?Z)/.exec(fileName);
  return m ? parseTimestamp(m[1].replace(/_/g, ':')) : undefined;
}

/**
 * Amazon Connect: Contact Lens output files (voice: turns with offsets from the call's start; chat: turns with their
 * AbsoluteTime) and Connect's chat transcripts. CUSTOMER → customer, AGENT → agent, SYSTEM / CUSTOM_BOT (the bot
 * and the contact flow) → bot; an agent joining a chat → handoff. Voice files carry no start time: it is read from
 * the file name (Connect names them by the time the agent connected), else the import's day is used.
 */
export async function* parseConnect(input: FormatInput): AsyncGenerator<ParsedItem> {
  for await (const item of jsonDocuments(input)) {
    if (item.kind !== 'document') {
      yield item;
      continue;
    }
    const doc = item.doc;
    const file = doc.value;
    if (!isObject(file) || !Array.isArray(file.Transcript)) {
      yield rejectDoc(doc, 'Transcript', 'expected a Contact Lens output file or a Connect chat transcript (with Transcript)');
      continue;
    }
    const contactId = str(at(file, 'CustomerMetadata.ContactId')) ?? str(file.ContactId) ?? str(file.InitialContactId) ?? input.fileName.replace(/_analysis.*$|\.json$/i, '');
    const roles = new Map<string, MessageRole>();
    for (const p of Array.isArray(file.Participants) ? (file.Participants as unknown[]).filter(isObject) : []) {
      const role = lookup(ROLES, str(p.ParticipantRole)) ?? lookup(ROLES, str(p.ParticipantId)) ?? (str(p.DisplayName) === 'SYSTEM_MESSAGE' ? 'bot' : undefined);
      if (role && str(p.ParticipantId)) roles.set(str(p.ParticipantId)!, role);
    }
    const start = fileNameTime(input.fileName) ?? input.baseTime;
    const channel = (str(file.Channel) ?? 'chat').toLowerCase();
    let agentJoined = false;
    const turns = file.Transcript as unknown[];
    for (let i = 0; i < turns.length; i++) {
      const t = turns[i];
      const where = { ...doc, location: `${doc.location === '$' ? '' : doc.location}Transcript[${i}]` };
      if (!isObject(t)) {
        yield rejectDoc(where, undefined, 'expected a transcript item', t);
        continue;
      }
      const absolute = t.AbsoluteTime !== undefined ? parseTimestamp(t.AbsoluteTime) : undefined;
      const offset = Number(t.BeginOffsetMillis);
      const timestamp = absolute ?? (Number.isFinite(offset) ? start + offset : undefined);
      if (timestamp === undefined) {
        yield rejectDoc(where, t.AbsoluteTime !== undefined ? 'AbsoluteTime' : 'BeginOffsetMillis', 'no time (AbsoluteTime or BeginOffsetMillis)', t);
        continue;
      }
      const role = lookup(ROLES, str(t.ParticipantRole)) ?? roles.get(str(t.ParticipantId) ?? '') ?? lookup(ROLES, str(t.ParticipantId));
      const id = str(t.Id) ?? `${i}`;
      const type = str(t.Type) ?? 'MESSAGE';
      if (type === 'EVENT') {
        // An agent joining the chat is the bot's handoff; other events (typing, read receipts, the end) are not messages.
        if (role === 'agent' && /participant\.joined$/.test(str(t.ContentType) ?? '') && !agentJoined) {
          agentJoined = true;
          yield { kind: 'record', line: doc.line, location: where.location, record: { conversationId: contactId, timestamp, messageId: id, role: 'system', text: `${str(t.DisplayName) ?? 'An agent'} joined`, event: 'handoff', channel } };
        }
        continue;
      }
      const text = str(t.Content);
      if (!text) continue;
      if (!role) {
        yield rejectDoc(where, 'ParticipantRole', `unknown participant ${JSON.stringify(t.ParticipantRole ?? t.ParticipantId ?? null)} (expected CUSTOMER, AGENT, SYSTEM or CUSTOM_BOT)`, t);
        continue;
      }
      const record: LogRecord = { conversationId: contactId, timestamp, messageId: id, role, text, channel };
      const metadata: Json = {};
      if (str(t.Sentiment)) metadata.contact_lens_sentiment = str(t.Sentiment);
      if (Array.isArray(t.IssuesDetected) && t.IssuesDetected.length > 0) metadata.issues = t.IssuesDetected.map((x) => str(at(x, 'Text'))).filter(Boolean);
      if (Object.keys(metadata).length > 0) record.metadata = metadata;
      if (i === 0 || record.role === 'customer') {
        const categories = at(file, 'Categories.MatchedCategories');
        if (Array.isArray(categories) && categories.length > 0) record.conversationMetadata = { contact_lens_categories: categories, language: str(file.LanguageCode) };
      }
      yield { kind: 'record', line: doc.line, location: where.location, record };
    }
  }
}
