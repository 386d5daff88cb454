import type { Line } from './line-reader';

export type CsvRecord =
  | { line: number; fields: string[]; raw: string }
  | { line: number; error: string; raw: string };

/** Picks the delimiter of a header line: the one of `,` `;` `\t` `|` that splits it most. */
export function sniffDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const count = splitFields(header, d).fields.length;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Splits one logical CSV record (RFC 4180 quoting); `open` is true when a quoted field is still open. */
export function splitFields(text: string, delimiter: string): { fields: string[]; open: boolean } {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let atStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && atStart) {
      quoted = true;
      atStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      atStart = true;
      i++;
      continue;
    }
    field += ch;
    atStart = false;
    i++;
  }
  fields.push(field);
  return { fields, open: quoted };
}

/**
 * Assembles CSV records from lines: a quoted field may hold line breaks, so a record can span lines;
 * it is reported at its first line. A record that grows past `maxBytes` or never closes its quote is an error.
 */
export async function* csvRecords(lines: AsyncIterable<Line>, delimiter: string, maxBytes: number): AsyncGenerator<CsvRecord> {
  let buffer: string | null = null;
  let startLine = 0;
  for await (const line of lines) {
    if ('error' in line) {
      if (buffer !== null) {
        yield { line: startLine, error: `record starting here is cut by a bad line ${line.line}: ${line.error}`, raw: buffer };
        buffer = null;
      }
      yield line;
      continue;
    }
    const text: string = buffer === null ? line.text : `${buffer}\n${line.text}`;
    if (buffer === null) startLine = line.line;
    const { fields, open } = splitFields(text, delimiter);
    if (!open) {
      buffer = null;
      if (text.trim() === '') continue;
      yield { line: startLine, fields, raw: text };
    } else if (text.length > maxBytes) {
      yield { line: startLine, error: `quoted field is never closed within ${maxBytes} bytes`, raw: text.slice(0, 64 * 1024) };
      buffer = null;
    } else {
      buffer = text;
    }
  }
  if (buffer !== null) yield { line: startLine, error: 'quoted field is not closed at the end of the file', raw: buffer };
}

/** Records as objects of the header's columns; a record with another number of fields than the header is an error. */
export async function* csvRows(
  lines: AsyncIterable<Line>,
  header: string[],
  delimiter: string,
  maxBytes: number,
): AsyncGenerator<{ line: number; row: Record<string, string>; raw: string } | { line: number; error: string; raw: string }> {
  for await (const rec of csvRecords(lines, delimiter, maxBytes)) {
    if ('error' in rec) yield rec;
    else if (rec.fields.length !== header.length) yield { line: rec.line, error: `expected ${header.length} fields as in the header, found ${rec.fields.length}`, raw: rec.raw };
    else {
      const row: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) row[header[i]] = rec.fields[i];
      yield { line: rec.line, row, raw: rec.raw };
    }
  }
}
