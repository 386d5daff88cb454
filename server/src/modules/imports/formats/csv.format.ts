import { badFile } from '../../../common/seam.exception';
import { csvRows, sniffDelimiter, splitFields } from './csv';
import { clip, FormatInput, ParsedItem } from './format.types';
import { readLines } from './line-reader';
import { fieldFor, normalize } from './normalize';
import { isSeamExport } from './seam-export';

/** CSV (or TSV, `;`- or `|`-separated) with a header row naming Seam's fields; Seam's own export read back as it was. */
export async function* parseCsv(input: FormatInput): AsyncGenerator<ParsedItem> {
  const lines = readLines(input);
  const first = await lines.next();
  if (first.done) return;
  if ('error' in first.value) throw badFile(input.fileName, 1, `the header is unreadable: ${first.value.error}`);
  const delimiter = sniffDelimiter(first.value.text);
  const header = csvHeader(first.value.text, delimiter);
  const required = { conversationId: 'conversation_id', role: 'role', text: 'text' } as const;
  const missing = (Object.keys(required) as (keyof typeof required)[]).filter((f) => !header.some((h) => fieldFor(h) === f)).map((f) => required[f]);
  if (missing.length > 0) {
    // The columns found are named only when they look like column names: the first line of a file that is no log stays unsaid.
    const names = header.length <= 50 && header.every((h) => /^[\p{L}\p{N}_ .()-]{1,60}$/u.test(h));
    throw badFile(input.fileName, 1, `the header has no column for ${missing.join(', ')} (${names ? `found: ${header.join(', ')}` : 'its first line is not a row of column names'})`);
  }
  const exported = isSeamExport(header) ? { unguard: true } : undefined;
  for await (const rec of csvRows(lines, header, delimiter, input.maxRecordBytes)) {
    if ('error' in rec) {
      yield { kind: 'reject', line: rec.line, reason: rec.error, raw: clip(rec.raw) };
      continue;
    }
    const result = normalize(rec.row, {}, exported);
    if (result.ok) yield { kind: 'record', line: rec.line, record: result.record, raw: rec.raw };
    else yield { kind: 'reject', line: rec.line, field: result.field, reason: result.reason, raw: clip(rec.raw) };
  }
}

export function csvHeader(line: string, delimiter: string): string[] {
  return splitFields(line, delimiter).fields.map((h) => h.trim());
}
