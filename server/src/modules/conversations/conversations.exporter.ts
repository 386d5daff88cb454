import { Injectable } from '@nestjs/common';
import { Bool, DataType, Field, Float64, Int32, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { csvField } from '../../../../analytics/src/text/spreadsheet';
import { EXPORT_ANALYSIS_COLUMNS, ExportAnalysisColumn } from '../imports/formats/seam-export';
import { ConversationsRepository, ExportRow } from './conversations.repository';
import { filterOf } from './conversations.service';
import { ConversationSetQuery, EXPORT_FORMATS } from './dtos/conversation.dto';

/** Conversations read per page: their messages are one query; memory stays bounded whatever the set's size. */
const PAGE = 500;

type Kind = 'text' | 'number' | 'integer' | 'boolean' | 'time';

type Column = [Kind, (r: ExportRow) => unknown];

/** The log fields, named as Seam's log format names them, so that an export imports again as it is (seam-export.ts). */
const LOG_COLUMNS: [string, ...Column][] = [
  ['conversation_id', 'text', (r) => r.conversation_id],
  ['message_id', 'text', (r) => r.message_id],
  ['timestamp', 'time', (r) => r.sent_at],
  ['role', 'text', (r) => r.role],
  ['text', 'text', (r) => r.text],
  ['event', 'text', (r) => r.event],
  ['event_value', 'number', (r) => r.event_value],
  ['bot_intent', 'text', (r) => r.bot_intent],
  ['bot_confidence', 'number', (r) => r.bot_confidence],
  ['customer_id', 'text', (r) => r.customer_id],
  ['channel', 'text', (r) => r.channel],
  ['agent_id', 'text', (r) => r.agent_id],
  ['source', 'text', (r) => r.source],
  ['metadata', 'text', (r) => r.metadata],
  ['conversation_metadata', 'text', (r) => r.conversation_metadata],
  ['text_deleted_at', 'time', (r) => r.text_deleted_at],
];

/** Then the message's analysis, then its conversation's: Seam's output, not read back at import. */
const ANALYSIS_COLUMNS: Record<ExportAnalysisColumn, Column> = {
  seq: ['integer', (r) => r.seq],
  sentiment: ['number', (r) => r.sentiment],
  sentiment_label: ['text', (r) => r.sentiment_label],
  sentiment_engine: ['text', (r) => r.sentiment_engine],
  message_intent: ['text', (r) => r.message_intent],
  conversation_intent: ['text', (r) => r.conversation_intent],
  outcome: ['text', (r) => r.outcome],
  bot_engaged: ['boolean', (r) => r.bot_engaged],
  handoff: ['boolean', (r) => r.handoff],
  contained: ['boolean', (r) => r.contained],
  deflected: ['boolean', (r) => r.deflected],
  csat: ['number', (r) => r.csat],
  conversation_sentiment_start: ['number', (r) => r.conversation_sentiment_start],
  conversation_sentiment_end: ['number', (r) => r.conversation_sentiment_end],
  conversation_sentiment_min: ['number', (r) => r.conversation_sentiment_min],
  conversation_sentiment_max_drop: ['number', (r) => r.conversation_sentiment_max_drop],
  flags: ['text', (r) => r.flags],
};

/** One row per message. */
const COLUMNS: [string, ...Column][] = [...LOG_COLUMNS, ...EXPORT_ANALYSIS_COLUMNS.map((name): [string, ...Column] => [name, ...ANALYSIS_COLUMNS[name]])];

const ARROW_TYPES: Record<Kind, () => DataType> = {
  text: () => new Utf8(),
  number: () => new Float64(),
  integer: () => new Int32(),
  boolean: () => new Bool(),
  time: () => new TimestampMillisecond(),
};

function typed(kind: Kind, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'boolean') return Number(v) === 1;
  if (kind === 'number' || kind === 'integer' || kind === 'time') return Number(v);
  return v;
}

/** Text cells are guarded against spreadsheet formulas (analytics' csvField; Seam's import undoes it). */
function csvCell(kind: Kind, v: unknown): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (kind === 'time') s = new Date(Number(v)).toISOString();
  else if (kind === 'boolean') s = Number(v) === 1 ? 'true' : 'false';
  else s = String(v);
  return csvField(s, kind === 'text');
}

const SCHEMA = new Schema(COLUMNS.map(([name, kind]) => new Field(name, ARROW_TYPES[kind](), true)));

function batchOf(rows: ExportRow[]): RecordBatch {
  const children = COLUMNS.map(([, kind, get]) => vectorFromArray(rows.map((r) => typed(kind, get(r))), ARROW_TYPES[kind]()).data[0]);
  return new RecordBatch(SCHEMA, makeData({ type: new Struct(SCHEMA.fields), length: rows.length, nullCount: 0, children }));
}

async function write(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (out.destroyed) throw new Error('the export was cancelled (the connection closed)');
  if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

/**
 * Any set of conversations (the list's filters), every message with its analysis, as CSV (RFC 4180, UTF-8,
 * a header row) or as an Apache Arrow IPC file (typed columns: timestamps, numbers, booleans). Streams page by
 * page into `out`, ends it and returns once it is finished (a file is on disk).
 */
@Injectable()
export class ConversationsExporter {
  constructor(private readonly repo: ConversationsRepository) {}

  async export(query: ConversationSetQuery, format: (typeof EXPORT_FORMATS)[number], out: Writable): Promise<{ conversations: number; messages: number }> {
    const filter = filterOf(query, PAGE);
    const counts = { conversations: 0, messages: 0 };
    const arrow = format === 'arrow' ? new RecordBatchFileWriter() : null;
    const piping = arrow ? pipeline(arrow.toNodeStream(), out) : null;
    if (!arrow) await write(out, COLUMNS.map(([name]) => name).join(',') + '\r\n');
    for (;;) {
      const page = await this.repo.list(filter);
      if (page.length === 0) break;
      const rows = await this.repo.exportRows(page.map((p) => p.conversation.id));
      counts.conversations += page.length;
      counts.messages += rows.length;
      if (arrow) arrow.write(batchOf(rows));
      else {
        await write(out, rows.map((r) => COLUMNS.map(([, kind, get]) => csvCell(kind, get(r))).join(',') + '\r\n').join(''));
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1].conversation;
      filter.after = { startedAt: last.startedAt ?? 0, id: last.id };
    }
    if (arrow) {
      if (counts.messages === 0) arrow.write(batchOf([]));
      arrow.finish();
      await piping;
    } else {
      out.end();
      await finished(out);
    }
    return counts;
  }
}
