import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { chain } from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';
import { streamArray } from 'stream-json/streamers/StreamArray';
import { streamValues } from 'stream-json/streamers/StreamValues';
import { csvRows, sniffDelimiter } from './csv';
import { csvHeader } from './csv.format';
import { clip, FormatInput, ParsedItem } from './format.types';
import { jsonLines } from './jsonl.format';
import { readLines } from './line-reader';
import { decodeEntities } from './twcs.format';

/** One JSON document of a platform's export: where it is (a line, or an element of an array) and its value. */
export interface JsonDocument {
  line: number;
  location: string;
  value: unknown;
}

export type DocumentItem = { kind: 'document'; doc: JsonDocument } | Extract<ParsedItem, { kind: 'reject' }>;

type Layout = 'array' | 'lines' | 'single';

/** How the file holds its documents: a JSON array, JSON Lines, or one object. */
/** Whether the file's second line starts a JSON object (read on past a first line of any length). */
export async function nextLineIsObject(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD);
    let newline = false;
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buf, 0, HEAD, position);
      if (bytesRead === 0) return false;
      let i = 0;
      if (!newline) {
        const at = buf.subarray(0, bytesRead).indexOf(0x0a);
        if (at < 0) {
          position += bytesRead;
          continue;
        }
        newline = true;
        i = at + 1;
      }
      for (; i < bytesRead; i++) {
        const c = buf[i];
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
        return c === 0x7b;
      }
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** CloudWatch Logs' export: each line a time and then the event's JSON. */
const PREFIXED_LINE = /^\d{4}-\d\d-\d\dT\S*\s+(?=\{)/;

const HEAD = 64 * 1024;

/** The file's first 64 KiB as text (a byte-order mark dropped). */
export async function headOf(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD);
    const { bytesRead } = await handle.read(buf, 0, HEAD, 0);
    return buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

async function layoutOf(file: string): Promise<Layout | 'table'> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (text.startsWith('[')) return 'array';
    if (PREFIXED_LINE.test(text)) return 'lines';
    if (!text.startsWith('{')) return 'table';
    // A first line longer than the head (a large conversation a line) is told by the line after it.
    if (!buf.subarray(0, bytesRead).includes(0x0a) && bytesRead === HEAD) return (await nextLineIsObject(file)) ? 'lines' : 'single';
    const firstLine = text.split('\n')[0];
    try {
      JSON.parse(firstLine);
      return 'lines';
    } catch {
      return 'single';
    }
  } finally {
    await handle.close();
  }
}

/**
 * The documents of a platform's JSON export, streamed: the elements of a top-level array, each line of JSON Lines,
 * or one object. `key`: in a single object, the documents are the elements of this key's array (an API page such as
 * `{"conversations": […]}`); a JSON Lines file of such pages gives each page's elements. Lines that begin with an ISO
 * time before the JSON (CloudWatch Logs' export) are read without it. `whole: false`: a single object without `key`
 * gives nothing (rather than itself). Malformed JSON is a
 * rejected row naming its line or element.
 */
export async function* jsonDocuments(input: FormatInput, key?: string, { whole = true }: { whole?: boolean } = {}): AsyncGenerator<DocumentItem> {
  const layout = await layoutOf(input.path);
  if (layout === 'table') {
    yield* tableRows(input);
    return;
  }
  if (layout === 'lines') {
    for await (const item of jsonLines(input, PREFIXED_LINE)) {
      if (item.kind !== 'value') {
        yield item;
        continue;
      }
      const { line, value } = item;
      const page = key && value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
      if (Array.isArray(page)) {
        for (let i = 0; i < page.length; i++) yield { kind: 'document', doc: { line, location: `${key}[${i}]`, value: page[i] } };
      } else {
        yield { kind: 'document', doc: { line, location: `line ${line}`, value } };
      }
    }
    return;
  }
  let bytes = 0;
  const file = createReadStream(input.path, { highWaterMark: 1 << 20 });
  file.on('data', (chunk) => {
    bytes += chunk.length;
    input.onBytes?.(bytes);
  });
  const stages: unknown[] = [file, parser()];
  if (layout === 'array') stages.push(streamArray());
  else if (key) stages.push(pick({ filter: key }), streamArray());
  else stages.push(streamValues());
  const pipeline = chain(stages as never);
  let index = -1;
  let any = false;
  try {
    for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
      index = item.key;
      any = true;
      const where = layout === 'array' ? `[${index}]` : key ? `${key}[${index}]` : '$';
      yield { kind: 'document', doc: { line: index + 1, location: where, value: item.value } };
    }
  } catch (err) {
    yield { kind: 'reject', line: index + 2, location: `[${index + 1}]`, reason: `malformed JSON after element ${index + 1}; the rest of the file was not read: ${(err as Error).message}`, raw: '' };
  } finally {
    file.destroy();
  }
  // A single object without the expected array: the object itself is the one document (unless the caller wants the array only).
  if (!any && layout === 'single' && key && whole) yield* jsonDocuments(input);
}

/** A CSV (or TSV) export with a header, such as BigQuery's: each row an object of its columns. */
async function* tableRows(input: FormatInput): AsyncGenerator<DocumentItem> {
  const lines = readLines(input);
  const first = await lines.next();
  if (first.done) return;
  if ('error' in first.value) {
    yield { kind: 'reject', line: 1, reason: `the header is unreadable: ${first.value.error}`, raw: clip(first.value.raw) };
    return;
  }
  const delimiter = sniffDelimiter(first.value.text);
  const header = csvHeader(first.value.text, delimiter);
  for await (const rec of csvRows(lines, header, delimiter, input.maxRecordBytes)) {
    if ('error' in rec) yield { kind: 'reject', line: rec.line, reason: rec.error, raw: clip(rec.raw) };
    else yield { kind: 'document', doc: { line: rec.line, location: `line ${rec.line}`, value: rec.row } };
  }
}

/** A column that holds JSON as text (BigQuery's CSV export, a database's text column), parsed; an object stays as it is. */
export function jsonColumn(value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof value !== 'string') return { ok: true, value };
  if (value.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch (err) {
    return { ok: false, reason: `not valid JSON: ${(err as Error).message}` };
  }
}

/** An object's field, read along a path of keys ("queryResult.match.intent.displayName"). */
export function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** A string field, trimmed; numbers are given as text (ids). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A rejected document: the location, the field and the reason, with the document as it was. */
export function rejectDoc(doc: JsonDocument, field: string | undefined, reason: string, value: unknown = doc.value): ParsedItem {
  return { kind: 'reject', line: doc.line, location: doc.location, ...(field ? { field } : {}), reason, raw: clip(JSON.stringify(value) ?? '') };
}

/** HTML of a help desk's message body as the plain text a customer read: paragraphs and breaks as new lines. */
export function htmlToText(html: string): string {
  return decodeEntities(html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|li|h\d)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n'),
  ).trim();
}

/** A table's entry for a key the data names: its own entries only ("constructor" or "toString" name nothing). */
export function lookup<T>(table: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
