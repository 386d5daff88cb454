import { clip, FormatInput, ParsedItem } from './format.types';
import { readLines } from './line-reader';
import { normalize } from './normalize';

/** JSON Lines: one message object per line, in Seam's log format (field names are matched loosely). */
export async function* parseJsonl(input: FormatInput): AsyncGenerator<ParsedItem> {
  for await (const line of readLines(input)) {
    if ('error' in line) {
      yield { kind: 'reject', line: line.line, reason: line.error, raw: clip(line.raw) };
      continue;
    }
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (err) {
      yield { kind: 'reject', line: line.line, reason: `malformed JSON: ${(err as Error).message}`, raw: clip(line.text) };
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'reject', line: line.line, reason: 'expected a JSON object on each line', raw: clip(line.text) };
      continue;
    }
    const result = normalize(value as Record<string, unknown>);
    if (result.ok) yield { kind: 'record', line: line.line, record: result.record, raw: line.text };
    else yield { kind: 'reject', line: line.line, field: result.field, reason: result.reason, raw: clip(line.text) };
  }
}
