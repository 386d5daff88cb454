import { clip, FormatInput, ParsedItem } from './format.types';
import { readLines } from './line-reader';
import { normalize } from './normalize';

/**
 * The JSON values of a JSON Lines file, a line each (blank lines skipped); a line that is unreadable or not JSON is a
 * rejected row. `prefix`: what may stand before the JSON on a line and is dropped (CloudWatch's time).
 */
export async function* jsonLines(input: FormatInput, prefix?: RegExp): AsyncGenerator<{ kind: 'value'; line: number; text: string; value: unknown } | Extract<ParsedItem, { kind: 'reject' }>> {
  for await (const line of readLines(input)) {
    if ('error' in line) {
      yield { kind: 'reject', line: line.line, reason: line.error, raw: clip(line.raw) };
      continue;
    }
    if (line.text.trim() === '') continue;
    try {
      yield { kind: 'value', line: line.line, text: line.text, value: JSON.parse(prefix ? line.text.replace(prefix, '') : line.text) };
    } catch (err) {
      yield { kind: 'reject', line: line.line, reason: `malformed JSON: ${(err as Error).message}`, raw: clip(line.text) };
    }
  }
}

/** JSON Lines: one message object per line, in Seam's log format (field names are matched loosely). */
export async function* parseJsonl(input: FormatInput): AsyncGenerator<ParsedItem> {
  for await (const item of jsonLines(input)) {
    if (item.kind !== 'value') {
      yield item;
      continue;
    }
    const { line, text, value } = item;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'reject', line, reason: 'expected a JSON object on each line', raw: clip(text) };
      continue;
    }
    const result = normalize(value as Record<string, unknown>);
    if (result.ok) yield { kind: 'record', line, record: result.record, raw: text };
    else yield { kind: 'reject', line, field: result.field, reason: result.reason, raw: clip(text) };
  }
}
