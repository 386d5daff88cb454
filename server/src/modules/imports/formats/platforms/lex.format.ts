import { DEFAULT_HANDOFF, FormatInput, LogRecord, nameMatcher, ParsedItem } from '../format.types';
import { at, isObject, JsonDocument, jsonDocuments, rejectDoc, str } from '../json-documents';
import { botPrediction, parseTimestamp } from '../normalize';

type Json = Record<string, unknown>;

/** Lex V2's built-in intent for what the bot did not understand. */
const FALLBACK_INTENT = 'fallbackintent';

/** `nluConfidence`: a string ("0.87") in conversation logs, `{score}` in the runtime API. */
function confidenceOf(interpretation: unknown): unknown {
  const c = at(interpretation, 'nluConfidence');
  return isObject(c) ? c.score : c;
}

/**
 * The log entries of a document: one entry, or CloudWatch's events, each a JSON string in `message` (a subscription
 * payload's `logEvents`, `aws logs filter-log-events`' `events`).
 */
function* entries(doc: JsonDocument): Generator<{ doc: JsonDocument; entry: unknown; time?: unknown; error?: string }> {
  const v = doc.value;
  const list = isObject(v) ? (Array.isArray(v.logEvents) ? { key: 'logEvents', events: v.logEvents } : Array.isArray(v.events) ? { key: 'events', events: v.events } : null) : null;
  if (list) {
    for (let i = 0; i < list.events.length; i++) {
      const e = list.events[i] as Json;
      const where = { ...doc, location: `${doc.location}.${list.key}[${i}]` };
      try {
        yield { doc: where, entry: JSON.parse(String(e?.message)), time: e?.timestamp };
      } catch (err) {
        yield { doc: where, entry: e, error: `message is not a Lex log entry (JSON): ${(err as Error).message}` };
      }
    }
    return;
  }
  yield { doc, entry: v };
}

/**
 * Amazon Lex V2 conversation text logs (CloudWatch: one JSON entry an utterance, as JSON Lines, an array, CloudWatch's
 * export with a time before each entry, or subscription payloads with `logEvents`). The customer's inputTranscript
 * with the intent Lex settled on (sessionState.intent, else the top interpretation) and its nluConfidence, then the
 * bot's messages; a missed utterance or FallbackIntent makes the reply a fallback; a handoff intent a handoff.
 */
export async function* parseLex(input: FormatInput): AsyncGenerator<ParsedItem> {
  const handoffIntent = nameMatcher((input.handoff ?? DEFAULT_HANDOFF).intents);
  for await (const item of jsonDocuments(input)) {
    if (item.kind !== 'document') {
      yield item;
      continue;
    }
    for (const { doc, entry, time, error } of entries(item.doc)) {
      if (error) {
        yield rejectDoc(doc, 'message', error, entry);
        continue;
      }
      if (!isObject(entry)) {
        yield rejectDoc(doc, undefined, 'expected a Lex V2 conversation log entry', entry);
        continue;
      }
      const sessionId = str(entry.sessionId);
      if (!sessionId) {
        yield rejectDoc(doc, 'sessionId', 'missing sessionId', entry);
        continue;
      }
      const timestamp = parseTimestamp(entry.timestamp ?? time);
      if (timestamp === undefined) {
        yield rejectDoc(doc, 'timestamp', `unparseable timestamp ${JSON.stringify(entry.timestamp ?? null)}`, entry);
        continue;
      }
      const requestId = str(entry.requestId) ?? String(timestamp);
      const base = { conversationId: sessionId, channel: (str(entry.inputMode) ?? 'lex').toLowerCase() === 'speech' ? 'voice' : 'lex' };
      const interpretations = Array.isArray(entry.interpretations) ? entry.interpretations : [];
      const settled = str(at(entry, 'sessionState.intent.name'));
      const chosen = interpretations.find((i) => str(at(i, 'intent.name')) === settled) ?? interpretations[0];
      const intent = settled ?? str(at(chosen, 'intent.name'));
      const missed = entry.missedUtterance === true || intent?.toLowerCase() === FALLBACK_INTENT;
      const text = str(entry.inputTranscript);
      if (text) {
        const prediction = botPrediction(missed ? undefined : intent, missed ? undefined : confidenceOf(chosen));
        const record: LogRecord = { ...base, timestamp, messageId: `${requestId}:in`, role: 'customer', text };
        if (prediction.intent) record.botIntent = prediction.intent;
        if (prediction.confidence !== undefined) record.botConfidence = prediction.confidence;
        const metadata: Json = {};
        const bot = str(at(entry, 'bot.name'));
        if (bot) metadata.bot = `${bot}${str(at(entry, 'bot.version')) ? ` v${str(at(entry, 'bot.version'))}` : ''}`;
        if (missed) metadata.missed_utterance = true;
        const contact = str(at(entry, 'sessionState.sessionAttributes.ContactId'));
        if (contact) metadata.contact_id = contact;
        if (Object.keys(metadata).length > 0) record.metadata = metadata;
        yield { kind: 'record', line: doc.line, location: doc.location, record };
        if (handoffIntent(prediction.intent)) {
          yield { kind: 'record', line: doc.line, location: doc.location, record: { ...base, timestamp: timestamp + 1, messageId: `${requestId}:handoff`, role: 'system', text: `the customer asked for a person (intent ${prediction.intent})`, event: 'handoff' } };
        }
      }
      const messages = Array.isArray(entry.messages) ? entry.messages : [];
      const replies = messages.map((m) => str(at(m, 'content')) ?? str(at(m, 'imageResponseCard.title'))).filter((t): t is string => !!t);
      if (replies.length > 0) {
        const record: LogRecord = { ...base, timestamp: timestamp + 2, messageId: `${requestId}:out`, role: 'bot', text: replies.join('\n') };
        if (missed && text) record.event = 'bot_fallback';
        yield { kind: 'record', line: doc.line, location: doc.location, record };
      } else if (missed && text) {
        yield { kind: 'record', line: doc.line, location: doc.location, record: { ...base, timestamp: timestamp + 2, messageId: `${requestId}:out`, role: 'system', text: 'missed utterance', event: 'bot_fallback' } };
      }
    }
  }
}
