import { createReadStream } from 'node:fs';
import { chain } from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';
import { streamArray } from 'stream-json/streamers/StreamArray';
import { streamValues } from 'stream-json/streamers/StreamValues';
import { open } from 'node:fs/promises';
import { clip, FormatInput, LogRecord, ParsedItem } from './format.types';
import { conversationDefaults, normalize, parseRole } from './normalize';

type Json = Record<string, unknown>;
export type JsonFlavour = 'json' | 'sgd' | 'abcd' | 'taskmaster';

/** Spacing of turns in formats that carry no timestamps (SGD, ABCD): documented in docs/log-format.md. */
export const SYNTHETIC_TURN_MS = 15_000;
export const SYNTHETIC_CONVERSATION_MS = 60 * 60_000;

/** The first character that is not white space (or a byte-order mark): `[` or `{` for JSON. */
async function firstChar(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart()[0] ?? '';
  } finally {
    await handle.close();
  }
}

/** Which nested layout one element of the top-level array has. */
export function flavourOf(element: unknown): JsonFlavour {
  if (element && typeof element === 'object') {
    const e = element as Json;
    if ('dialogue_id' in e && Array.isArray(e.turns)) return 'sgd';
    if ('convo_id' in e && Array.isArray(e.original)) return 'abcd';
    if ('conversation_id' in e && Array.isArray(e.utterances)) return 'taskmaster';
  }
  return 'json';
}

/**
 * Nested JSON, streamed one conversation at a time: a top-level array (or `{"conversations": [...]}`)
 * of conversations holding `messages`, of flat messages, of Schema-Guided Dialogue dialogues, or of ABCD chats.
 */
export function parseNestedJson(flavour: JsonFlavour, wrapped: boolean) {
  return async function* (input: FormatInput): AsyncGenerator<ParsedItem> {
    let bytes = 0;
    const single = !wrapped && (await firstChar(input.path)) === '{';
    const file = createReadStream(input.path, { highWaterMark: 1 << 20 });
    file.on('data', (chunk) => {
      bytes += chunk.length;
      input.onBytes?.(bytes);
    });
    const stages: unknown[] = [file, parser()];
    if (wrapped) stages.push(pick({ filter: 'conversations' }), streamArray());
    else stages.push(single ? streamValues() : streamArray());
    const pipeline = chain(stages as never);
    let index = -1;
    try {
      for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
        index = item.key;
        const element = item.value;
        const kind = flavour === 'json' ? flavourOf(element) : flavour;
        // Invented times run back from the import day's midnight, an hour a conversation: never in the future.
        const base = input.baseTime - (index + 1) * SYNTHETIC_CONVERSATION_MS;
        if (kind === 'sgd') yield* sgdDialogue(element as Json, index, base);
        else if (kind === 'abcd') yield* abcdChat(element as Json, index, base);
        else if (kind === 'taskmaster') yield* taskmasterDialog(element as Json, index, base);
        else yield* seamConversation(element, index);
      }
    } catch (err) {
      yield {
        kind: 'reject',
        line: index + 2,
        location: `[${index + 1}]`,
        reason: `malformed JSON after element ${index + 1}; the rest of the file was not read: ${(err as Error).message}`,
        raw: '',
      };
    } finally {
      file.destroy();
    }
  };
}

function* seamConversation(element: unknown, index: number): Generator<ParsedItem> {
  const where = `[${index}]`;
  if (!element || typeof element !== 'object' || Array.isArray(element)) {
    yield { kind: 'reject', line: index + 1, location: where, reason: 'expected a conversation or message object', raw: clip(JSON.stringify(element) ?? '') };
    return;
  }
  const conv = element as Json;
  const messages = conv.messages ?? conv.turns ?? conv.transcript;
  if (!Array.isArray(messages)) {
    // A flat array of messages.
    const result = normalize(conv);
    if (result.ok) yield { kind: 'record', line: index + 1, location: where, record: result.record };
    else yield { kind: 'reject', line: index + 1, location: where, field: result.field, reason: result.reason, raw: clip(JSON.stringify(conv)) };
    return;
  }
  const { messages: _m, turns: _t, transcript: _tr, ...convFields } = conv;
  const defaults = conversationDefaults(convFields);
  for (let j = 0; j < messages.length; j++) {
    const m = messages[j];
    const loc = `${where}.messages[${j}]`;
    if (!m || typeof m !== 'object' || Array.isArray(m)) {
      yield { kind: 'reject', line: index + 1, location: loc, reason: 'expected a message object', raw: clip(JSON.stringify(m) ?? '') };
      continue;
    }
    const result = normalize(m as Json, defaults);
    if (result.ok) yield { kind: 'record', line: index + 1, location: loc, record: result.record };
    else yield { kind: 'reject', line: index + 1, location: loc, field: result.field, reason: result.reason, raw: clip(JSON.stringify(m)) };
  }
}

function firstString(obj: Json, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

/** Schema-Guided Dialogue: USER → customer, SYSTEM → bot; the user's active intent kept per turn. */
function* sgdDialogue(d: Json, index: number, base: number): Generator<ParsedItem> {
  const where = `[${index}]`;
  const id = firstString(d, ['dialogue_id']);
  const turns = d.turns as unknown[];
  if (!id) {
    yield { kind: 'reject', line: index + 1, location: where, field: 'dialogue_id', reason: 'missing dialogue_id', raw: clip(JSON.stringify(d)) };
    return;
  }
  const services = Array.isArray(d.services) ? d.services : [];
  for (let t = 0; t < turns.length; t++) {
    const turn = turns[t] as Json;
    const loc = `${where}.turns[${t}]`;
    const speaker = typeof turn?.speaker === 'string' ? turn.speaker : '';
    const role = speaker === 'USER' ? 'customer' : speaker === 'SYSTEM' ? 'bot' : undefined;
    const text = typeof turn?.utterance === 'string' ? turn.utterance.trim() : '';
    if (!role) {
      yield { kind: 'reject', line: index + 1, location: loc, field: 'speaker', reason: `unknown speaker ${JSON.stringify(speaker)} (expected USER or SYSTEM)`, raw: clip(JSON.stringify(turn)) };
      continue;
    }
    if (!text) {
      yield { kind: 'reject', line: index + 1, location: loc, field: 'utterance', reason: 'empty text', raw: clip(JSON.stringify(turn)) };
      continue;
    }
    const frames = Array.isArray(turn.frames) ? (turn.frames as Json[]) : [];
    const intents = frames.map((f) => (f.state as Json | undefined)?.active_intent).filter((i) => typeof i === 'string' && i !== 'NONE');
    const acts = frames.flatMap((f) => (Array.isArray(f.actions) ? (f.actions as Json[]).map((a) => a.act) : []));
    const metadata: Json = {};
    if (intents.length > 0) metadata.intent = intents[0];
    if (acts.length > 0) metadata.acts = acts;
    const record: LogRecord = { conversationId: id, messageId: `${id}:${t}`, timestamp: base + t * SYNTHETIC_TURN_MS, role, text, channel: 'assistant' };
    if (Object.keys(metadata).length > 0) record.metadata = metadata;
    if (t === 0) record.conversationMetadata = { services, timestamps: 'synthetic' };
    yield { kind: 'record', line: index + 1, location: loc, record };
  }
}

/** Taskmaster: `utterances` of a USER and an ASSISTANT (a bot, or a person playing one) → customer and bot. */
function* taskmasterDialog(d: Json, index: number, base: number): Generator<ParsedItem> {
  const where = `[${index}]`;
  const id = firstString(d, ['conversation_id']);
  if (!id) {
    yield { kind: 'reject', line: index + 1, location: where, field: 'conversation_id', reason: 'missing conversation_id', raw: clip(JSON.stringify(d).slice(0, 2000)) };
    return;
  }
  const utterances = d.utterances as Json[];
  for (let t = 0; t < utterances.length; t++) {
    const u = utterances[t] ?? {};
    const loc = `${where}.utterances[${t}]`;
    const speaker = String(u.speaker ?? '').toUpperCase();
    const role = speaker === 'USER' ? 'customer' : speaker === 'ASSISTANT' ? 'bot' : undefined;
    const text = typeof u.text === 'string' ? u.text.trim() : '';
    if (!role) {
      yield { kind: 'reject', line: index + 1, location: loc, field: 'speaker', reason: `unknown speaker ${JSON.stringify(u.speaker)} (expected USER or ASSISTANT)`, raw: clip(JSON.stringify(u)) };
      continue;
    }
    if (!text) {
      yield { kind: 'reject', line: index + 1, location: loc, field: 'text', reason: 'empty text', raw: clip(JSON.stringify(u)) };
      continue;
    }
    const record: LogRecord = { conversationId: id, messageId: `${id}:${u.index ?? t}`, timestamp: base + t * SYNTHETIC_TURN_MS, role, text, channel: 'assistant' };
    if (t === 0) record.conversationMetadata = { scenario: d.scenario ?? d.instruction_id, vertical: d.vertical, timestamps: 'synthetic' };
    yield { kind: 'record', line: index + 1, location: loc, record };
  }
}

/** ABCD: `agent` / `customer` turns, and `action` turns (the agent's system actions) as system messages. */
function* abcdChat(c: Json, index: number, base: number): Generator<ParsedItem> {
  const where = `[${index}]`;
  const id = firstString(c, ['convo_id']);
  if (!id) {
    yield { kind: 'reject', line: index + 1, location: where, field: 'convo_id', reason: 'missing convo_id', raw: clip(JSON.stringify(c).slice(0, 2000)) };
    return;
  }
  const scenario = (c.scenario ?? {}) as Json;
  const personal = (scenario.personal ?? {}) as Json;
  // The account's username identifies the customer; a name or an e-mail address is personal data, never an id.
  const customerId = firstString(personal, ['username']);
  const turns = c.original as unknown[];
  for (let t = 0; t < turns.length; t++) {
    const turn = turns[t];
    const loc = `${where}.original[${t}]`;
    if (!Array.isArray(turn) || turn.length < 2) {
      yield { kind: 'reject', line: index + 1, location: loc, reason: 'expected [speaker, text]', raw: clip(JSON.stringify(turn) ?? '') };
      continue;
    }
    const role = parseRole(turn[0]);
    const text = typeof turn[1] === 'string' ? turn[1].trim() : '';
    if (!role) {
      yield { kind: 'reject', line: index + 1, location: loc, field: 'speaker', reason: `unknown speaker ${JSON.stringify(turn[0])} (expected agent, customer or action)`, raw: clip(JSON.stringify(turn)) };
      continue;
    }
    if (!text) {
      yield { kind: 'reject', line: index + 1, location: loc, field: 'text', reason: 'empty text', raw: clip(JSON.stringify(turn)) };
      continue;
    }
    const record: LogRecord = { conversationId: id, messageId: `${id}:${t}`, timestamp: base + t * SYNTHETIC_TURN_MS, role, text, channel: 'chat' };
    if (customerId) record.customerId = customerId;
    if (t === 0) record.conversationMetadata = { flow: scenario.flow, subflow: scenario.subflow, timestamps: 'synthetic' };
    yield { kind: 'record', line: index + 1, location: loc, record };
  }
}
