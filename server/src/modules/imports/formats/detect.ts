import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { SeamErrorCode, SeamException } from '../../../common/seam.exception';
import { parseArrow } from './arrow.format';
import { splitFields, sniffDelimiter } from './csv';
import { parseCsv } from './csv.format';
import { FormatName, FORMATS, FormatParser } from './format.types';
import { parseNestedJson } from './json.format';
import { parseJsonl } from './jsonl.format';
import { isTwcsHeader, parseTwcs } from './twcs.format';
import { nextLineIsObject } from './json-documents';
import { parseChatwoot } from './platforms/chatwoot.format';
import { parseConnect } from './platforms/connect.format';
import { parseDialogflowCx } from './platforms/dialogflow-cx.format';
import { parseIntercom } from './platforms/intercom.format';
import { isJddcRow, parseJddc } from './platforms/jddc.format';
import { parseLex } from './platforms/lex.format';
import { parseRasa } from './platforms/rasa.format';
import { parseZendesk } from './platforms/zendesk.format';

const HEAD_BYTES = 64 * 1024;

async function head(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isArrow(buf: Buffer): boolean {
  return buf.subarray(0, 6).toString('latin1') === 'ARROW1' || buf.readUInt32LE(0) === 0xffffffff;
}

function isJsonObject(line: string): boolean {
  try {
    const v = JSON.parse(line);
    return !!v && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * A platform's export told by keys only it uses (in the file's first 64 KiB): the first that matches wins, so the
 * more specific come first. Generic Seam logs use none of these together.
 */
const PLATFORM_SHAPES: [FormatName, RegExp[]][] = [
  ['dialogflow-cx', [/"conversation_name"\s*:/, /"turn_position"\s*:/]],
  ['lex', [/"inputTranscript"\s*:/, /"sessionId"\s*:/]],
  ['lex', [/"(logEvents|events)"\s*:\s*\[/, /\\?"inputTranscript\\?"\s*:/]],
  ['connect', [/"Transcript"\s*:/, /"Participant(Id|Role)"\s*:/]],
  ['intercom', [/"conversation_parts"\s*:|"type"\s*:\s*"conversation(\.list)?"/, /"(source|conversation_parts)"\s*:/]],
  ['zendesk', [/"(tickets|ticket_events)"\s*:/, /"(comments|child_events|requester_id)"\s*:/]],
  ['zendesk', [/"author"\s*:\s*\{[^{}]*"type"\s*:\s*"(user|business)"/, /"received"\s*:/]],
  ['rasa', [/"sender_id"\s*:/, /"events"\s*:\s*\[|"type_name"\s*:|"event"\s*:\s*"(user|bot|action|session_started|slot|restart)"/]],
  ['chatwoot', [/"event"\s*:\s*"(message_created|message_updated|conversation_status_changed)"/, /"(message_type|changed_attributes|inbox_id)"\s*:/]],
  ['chatwoot', [/"display_id"\s*:/, /"message_type"\s*:/, /"sender_type"\s*:/]],
];

function platformOf(text: string): FormatName | undefined {
  return PLATFORM_SHAPES.find(([, keys]) => keys.every((k) => k.test(text)))?.[0];
}

export interface Detected {
  format: FormatName;
  /** Nested JSON whose conversations sit under a top-level `conversations` key. */
  wrapped: boolean;
}

/**
 * The format of a file: named by the user, or sniffed from its first bytes (then its extension). Errors name the
 * file as the user knows it (`fileName`: an upload's original name) and where the user names a format (`formatOption`).
 */
export async function detectFormat(file: string, named?: string, { fileName = path.basename(file), formatOption = '--format' } = {}): Promise<Detected> {
  if (named !== undefined && !(FORMATS as readonly string[]).includes(named)) {
    throw new SeamException(SeamErrorCode.UnknownFormat, `unknown format "${named}"; use one of ${FORMATS.join(', ')}`);
  }
  const buf = await head(file);
  const wrapped = /^\s*\{\s*"conversations"\s*:/.test(buf.toString('utf8').replace(/^\uFEFF/, ''));
  if (named) return { format: named as FormatName, wrapped };
  if (buf.length === 0) throw new SeamException(SeamErrorCode.BadFile, `${fileName}: the file is empty`, { file: fileName });
  if (buf.length >= 8 && isArrow(buf)) return { format: 'arrow', wrapped: false };
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart();
  const firstLine = start.split('\n')[0];
  // A first line longer than the head is not taken for a single document: JSON Lines is told by its next line.
  const cut = !buf.includes(0x0a) && buf.length === HEAD_BYTES;
  const singleDocument = start.startsWith('{') && (cut ? !(await nextLineIsObject(file)) : !isJsonObject(firstLine));
  if (/^<session [^>]+>/.test(firstLine) || isJddcRow(firstLine.replace(/\r$/, ''))) return { format: 'jddc', wrapped: false };
  if (/^\d{4}-\d\d-\d\dT\S*\s+\{/.test(firstLine) && /"inputTranscript"\s*:/.test(text)) return { format: 'lex', wrapped: false };
  if (start.startsWith('[') || start.startsWith('{')) {
    const platform = platformOf(text);
    if (platform) return { format: platform, wrapped: false };
  }
  if (start.startsWith('[') || wrapped || singleDocument) {
    const flavour =
      /"dialogue_id"\s*:/.test(text) && /"turns"\s*:/.test(text)
        ? 'sgd'
        : /"convo_id"\s*:/.test(text) && /"original"\s*:/.test(text)
          ? 'abcd'
          : /"conversation_id"\s*:/.test(text) && /"utterances"\s*:/.test(text)
            ? 'taskmaster'
            : 'json';
    return { format: flavour, wrapped };
  }
  if (start.startsWith('{')) return { format: 'jsonl', wrapped: false };
  const header = text.split('\n')[0].replace(/\r$/, '');
  const columns = splitFields(header, sniffDelimiter(header)).fields;
  if (isTwcsHeader(columns)) return { format: 'twcs', wrapped: false };
  if (['conversation_name', 'turn_position', 'request_time'].every((c) => columns.includes(c))) return { format: 'dialogflow-cx', wrapped: false };
  if (columns.length >= 3) return { format: 'csv', wrapped: false };
  throw new SeamException(
    SeamErrorCode.UnknownFormat,
    `${fileName}: cannot tell the format (not Arrow, JSON, JSON Lines or CSV with a header); name it with ${formatOption} (${FORMATS.join(', ')})`,
    { file: fileName },
  );
}

export function parserFor(format: FormatName, wrapped = false): FormatParser {
  switch (format) {
    case 'jsonl':
      return parseJsonl;
    case 'csv':
      return parseCsv;
    case 'twcs':
      return parseTwcs;
    case 'arrow':
      return parseArrow;
    case 'json':
    case 'sgd':
    case 'abcd':
    case 'taskmaster':
      return parseNestedJson(format, wrapped);
    case 'rasa':
      return parseRasa;
    case 'chatwoot':
      return parseChatwoot;
    case 'dialogflow-cx':
      return parseDialogflowCx;
    case 'lex':
      return parseLex;
    case 'connect':
      return parseConnect;
    case 'intercom':
      return parseIntercom;
    case 'zendesk':
      return parseZendesk;
    case 'jddc':
      return parseJddc;
  }
}
