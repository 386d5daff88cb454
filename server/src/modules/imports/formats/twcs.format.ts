import { csvRecords, sniffDelimiter } from './csv';
import { csvHeader } from './csv.format';
import { clip, FormatInput, LogRecord, ParsedItem } from './format.types';
import { readLines } from './line-reader';
import { parseTimestamp } from './normalize';
import { badFile } from '../../../common/seam.exception';

const REQUIRED = ['tweet_id', 'author_id', 'inbound', 'created_at', 'text', 'in_response_to_tweet_id'];
const KNOWN = new Set([...REQUIRED, 'response_tweet_id']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39|#x[0-9a-fA-F]+|#\d+);/g, (m, name: string) => {
    if (ENTITIES[name]) return ENTITIES[name];
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : NaN;
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
  });
}

export function isTwcsHeader(columns: string[]): boolean {
  const set = new Set(columns.map((c) => c.trim().toLowerCase()));
  return ['tweet_id', 'author_id', 'inbound'].every((c) => set.has(c));
}

async function* rows(input: FormatInput, quiet: boolean) {
  const lines = readLines(quiet ? { ...input, onBytes: undefined } : input);
  const first = await lines.next();
  if (first.done) return;
  if ('error' in first.value) throw badFile(input.fileName, 1, `the header is unreadable: ${first.value.error}`);
  const delimiter = sniffDelimiter(first.value.text);
  const header = csvHeader(first.value.text, delimiter).map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) throw badFile(input.fileName, 1, `not a Customer Support on Twitter export: no column ${missing.join(', ')}`);
  const col = Object.fromEntries(header.map((h, i) => [h, i])) as Record<string, number>;
  for await (const rec of csvRecords(lines, delimiter, input.maxRecordBytes)) {
    yield { rec, header, col };
  }
}

/**
 * Customer Support on Twitter: threads rebuilt into conversations. A first pass maps each tweet to the
 * tweet it answers; a thread's conversation is named after its earliest tweet present in the file
 * (replies may point at tweets that are not in the export). Inbound tweets are the customer, brand replies the agent.
 */
export async function* parseTwcs(input: FormatInput): AsyncGenerator<ParsedItem> {
  const parent = new Map<string, string>();
  for await (const { rec, header, col } of rows(input, true)) {
    if ('error' in rec || rec.fields.length !== header.length) continue;
    const id = rec.fields[col.tweet_id].trim();
    if (!id) continue;
    const reply = rec.fields[col.in_response_to_tweet_id].trim().split(/[,\s]+/)[0];
    parent.set(id, reply && reply !== id ? reply : '');
  }
  const rootOf = (id: string): string => {
    const seen: string[] = [];
    let cur = id;
    for (;;) {
      const up = parent.get(cur);
      if (up === undefined || up === '' || !parent.has(up) || seen.length > 10_000) break;
      seen.push(cur);
      cur = up;
    }
    for (const s of seen) parent.set(s, cur === s ? '' : cur);
    return cur;
  };

  for await (const { rec, header, col } of rows(input, false)) {
    if ('error' in rec) {
      yield { kind: 'reject', line: rec.line, reason: rec.error, raw: clip(rec.raw) };
      continue;
    }
    if (rec.fields.length !== header.length) {
      yield { kind: 'reject', line: rec.line, reason: `expected ${header.length} fields as in the header, found ${rec.fields.length}`, raw: clip(rec.raw) };
      continue;
    }
    const f = (name: string) => rec.fields[col[name]]?.trim() ?? '';
    const reject = (field: string, reason: string): ParsedItem => ({ kind: 'reject', line: rec.line, field, reason, raw: clip(rec.raw) });
    const id = f('tweet_id');
    if (!id) {
      yield reject('tweet_id', 'missing tweet id');
      continue;
    }
    const inbound = f('inbound').toLowerCase();
    if (inbound !== 'true' && inbound !== 'false') {
      yield reject('inbound', `inbound must be True or False, got ${JSON.stringify(f('inbound'))}`);
      continue;
    }
    const timestamp = parseTimestamp(f('created_at'));
    if (timestamp === undefined) {
      yield reject('created_at', `unparseable timestamp ${JSON.stringify(f('created_at'))}`);
      continue;
    }
    const text = decodeEntities(rec.fields[col.text] ?? '').trim();
    if (!text) {
      yield reject('text', 'empty text');
      continue;
    }
    const author = f('author_id');
    const metadata: Record<string, unknown> = {};
    const inReplyTo = f('in_response_to_tweet_id');
    const responses = f('response_tweet_id');
    if (inReplyTo) metadata.in_response_to = inReplyTo;
    if (responses) metadata.responses = responses.split(/[,\s]+/).filter(Boolean);
    header.forEach((h, i) => {
      if (!KNOWN.has(h) && rec.fields[i] !== '') metadata[h] = rec.fields[i];
    });
    const record: LogRecord = {
      conversationId: `thread-${rootOf(id)}`,
      messageId: id,
      timestamp,
      role: inbound === 'true' ? 'customer' : 'agent',
      text,
      channel: 'twitter',
      metadata,
    };
    if (inbound === 'true') record.customerId = author;
    else record.agentId = author;
    yield { kind: 'record', line: rec.line, record, raw: rec.raw };
  }
}
