import { DEFAULT_HANDOFF, FormatInput, LogRecord, nameMatcher, ParsedItem } from '../format.types';
import { at, isObject, jsonColumn, jsonDocuments, rejectDoc, str } from '../json-documents';
import { botPrediction, parseTimestamp } from '../normalize';

type Json = Record<string, unknown>;

/** The match types of a turn the agent did not understand (Match.MatchType). */
const NOT_UNDERSTOOD = new Set(['NO_MATCH', 'NO_INPUT']);

/** The session id of `projects/…/agents/…/[environments/…/]sessions/<id>`: its last segment. */
export function sessionOf(conversationName: string): string {
  const parts = conversationName.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? conversationName;
}

/**
 * Dialogflow CX's interaction logs as exported to BigQuery (one row a turn: conversation_name, turn_position,
 * request_time, request and response JSON), read as JSON Lines, a JSON array or CSV. A turn is the customer's
 * text (queryInput.text, or the transcript of speech), with the intent the agent matched (match.intent.displayName)
 * and its confidence, then the agent's text responses; NO_MATCH / NO_INPUT make that reply a fallback, a
 * liveAgentHandoff response a handoff, a conversationSuccess response a resolution.
 */
export async function* parseDialogflowCx(input: FormatInput): AsyncGenerator<ParsedItem> {
  const handoffIntent = nameMatcher((input.handoff ?? DEFAULT_HANDOFF).intents);
  for await (const item of jsonDocuments(input)) {
    if (item.kind !== 'document') {
      yield item;
      continue;
    }
    const doc = item.doc;
    const row = doc.value;
    if (!isObject(row)) {
      yield rejectDoc(doc, undefined, 'expected a row of the interaction export (conversation_name, turn_position, request_time, request, response)');
      continue;
    }
    const name = str(row.conversation_name);
    if (!name) {
      yield rejectDoc(doc, 'conversation_name', 'missing conversation_name');
      continue;
    }
    const turn = Number(row.turn_position);
    if (!Number.isInteger(turn)) {
      yield rejectDoc(doc, 'turn_position', `turn_position ${JSON.stringify(row.turn_position ?? null)} is not a whole number`);
      continue;
    }
    const time = parseTimestamp(typeof row.request_time === 'string' ? row.request_time.replace(/ UTC$/, 'Z') : row.request_time);
    if (time === undefined) {
      yield rejectDoc(doc, 'request_time', `unparseable timestamp ${JSON.stringify(row.request_time ?? null)}`);
      continue;
    }
    const request = jsonColumn(row.request);
    const response = jsonColumn(row.response);
    if (!request.ok) {
      yield rejectDoc(doc, 'request', `request is ${request.reason}`);
      continue;
    }
    if (!response.ok) {
      yield rejectDoc(doc, 'response', `response is ${response.reason}`);
      continue;
    }
    const result = (at(response.value, 'queryResult') ?? {}) as Json;
    const conversationId = sessionOf(name);
    const base = { conversationId, channel: str(at(request.value, 'queryParams.channel'))?.slice(0, 100) ?? 'dialogflow' };
    const id = (part: string) => `${turn}:${part}`;
    const text = str(at(request.value, 'queryInput.text.text')) ?? str(result.transcript) ?? (str(at(request.value, 'queryInput.event.event')) ? undefined : str(result.text));
    const match = (result.match ?? {}) as Json;
    const matchType = str(match.matchType);
    const intentName = str(at(match, 'intent.displayName')) ?? str(at(result, 'intent.displayName'));
    if (text) {
      const understood = !(matchType && NOT_UNDERSTOOD.has(matchType));
      const prediction = botPrediction(understood ? intentName : undefined, understood ? (match.confidence ?? result.intentDetectionConfidence) : undefined);
      const record: LogRecord = { ...base, timestamp: time, messageId: id('in'), role: 'customer', text };
      if (prediction.intent) record.botIntent = prediction.intent;
      if (prediction.confidence !== undefined) record.botConfidence = prediction.confidence;
      const metadata: Json = { turn };
      if (matchType) metadata.match_type = matchType;
      const page = str(at(result, 'currentPage.displayName'));
      if (page) metadata.page = page;
      const language = str(row.language_code) ?? str(result.languageCode);
      if (language) metadata.language = language;
      record.metadata = metadata;
      yield { kind: 'record', line: doc.line, location: doc.location, record };
      if (handoffIntent(prediction.intent)) {
        yield { kind: 'record', line: doc.line, location: doc.location, record: { ...base, timestamp: time + 1, messageId: id('asked'), role: 'system', text: `the customer asked for a person (intent ${prediction.intent})`, event: 'handoff' } };
      }
    }
    const messages = Array.isArray(result.responseMessages) ? (result.responseMessages as Json[]) : [];
    const replies = messages.flatMap((m) => (Array.isArray(at(m, 'text.text')) ? (at(m, 'text.text') as unknown[]).map(str).filter((t): t is string => !!t) : []));
    const fallback = (matchType !== undefined && NOT_UNDERSTOOD.has(matchType)) || /^sys\.no-(match|input)/.test(str(match.event) ?? '');
    if (replies.length > 0) {
      const record: LogRecord = { ...base, timestamp: time + 2, messageId: id('out'), role: 'bot', text: replies.join('\n') };
      if (fallback) record.event = 'bot_fallback';
      yield { kind: 'record', line: doc.line, location: doc.location, record };
    } else if (fallback) {
      yield { kind: 'record', line: doc.line, location: doc.location, record: { ...base, timestamp: time + 2, messageId: id('out'), role: 'system', text: `no match (${matchType ?? str(match.event)})`, event: 'bot_fallback' } };
    }
    if (messages.some((m) => isObject(m) && 'liveAgentHandoff' in m)) {
      yield { kind: 'record', line: doc.line, location: doc.location, record: { ...base, timestamp: time + 3, messageId: id('handoff'), role: 'system', text: 'live agent handoff', event: 'handoff' } };
    }
    if (messages.some((m) => isObject(m) && 'conversationSuccess' in m)) {
      yield { kind: 'record', line: doc.line, location: doc.location, record: { ...base, timestamp: time + 3, messageId: id('success'), role: 'system', text: '', event: 'resolved' } };
    }
  }
}
