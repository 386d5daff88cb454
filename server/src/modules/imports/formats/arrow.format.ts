import { createReadStream } from 'node:fs';
import { RecordBatchReader } from 'apache-arrow';
import { clip, FormatInput, ParsedItem } from './format.types';
import { normalize } from './normalize';
import { isSeamExport } from './seam-export';

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'object' && typeof (value as { toJSON?: () => unknown }).toJSON === 'function') return (value as { toJSON: () => unknown }).toJSON();
  return value;
}

async function* countBytes(chunks: AsyncIterable<Buffer>, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    onBytes?.(bytes);
    yield chunk;
  }
}

/** Apache Arrow IPC (file or stream), one message a row, columns named as in Seam's log format; read a batch at a time. */
export async function* parseArrow(input: FormatInput): AsyncGenerator<ParsedItem> {
  const file = createReadStream(input.path, { highWaterMark: 1 << 20 });
  const reader = await RecordBatchReader.from(countBytes(file, input.onBytes));
  let rowNo = 0;
  try {
    for await (const batch of reader) {
      const names = batch.schema.fields.map((f) => f.name);
      const columns = names.map((_, j) => batch.getChildAt(j));
      const exported = isSeamExport(names) ? { unguard: false } : undefined;
      for (let i = 0; i < batch.numRows; i++) {
        rowNo++;
        const row: Record<string, unknown> = {};
        for (let j = 0; j < names.length; j++) row[names[j]] = plain(columns[j]?.get(i));
        const result = normalize(row, {}, exported);
        if (result.ok) yield { kind: 'record', line: rowNo, location: `row ${rowNo}`, record: result.record };
        else {
          yield {
            kind: 'reject',
            line: rowNo,
            location: `row ${rowNo}`,
            field: result.field,
            reason: result.reason,
            raw: clip(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))),
          };
        }
      }
    }
  } finally {
    file.destroy();
  }
}
