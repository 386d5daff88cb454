import type { MessageEvent, MessageRole } from '#contracts';

/** One message in Seam's log format, after validation. */
export interface LogRecord {
  conversationId: string;
  /** The exporter's id for the message; absent when the export has none (a content hash is used). */
  messageId?: string;
  /** Epoch milliseconds, UTC. */
  timestamp: number;
  role: MessageRole;
  text: string;
  customerId?: string;
  channel?: string;
  agentId?: string;
  event?: MessageEvent;
  eventValue?: number;
  metadata?: Record<string, unknown>;
  /** Facts about the whole conversation (nested formats: the scenario, the services). */
  conversationMetadata?: Record<string, unknown>;
  /** The source a Seam export names for the row; the import's own source wins when one was named. */
  source?: string;
  /** A Seam export's row whose text retention deleted: when (epoch ms). Its text is empty. */
  textDeletedAt?: number;
}

export type ParsedItem =
  /** `raw`: the row as the file has it (a line of text formats), for the report should it turn out to repeat another. */
  | { kind: 'record'; line: number; location?: string; record: LogRecord; raw?: string }
  | { kind: 'reject'; line: number; location?: string; field?: string; reason: string; raw: string };

export interface FormatInput {
  path: string;
  /** The name reported in errors: the file's name as the user gave it. */
  fileName: string;
  maxRecordBytes: number;
  /** Called with the number of bytes consumed so far, for progress. */
  onBytes?: (bytesRead: number) => void;
  /** Epoch ms used to lay out formats without timestamps (SGD, ABCD). */
  baseTime: number;
}

export type FormatParser = (input: FormatInput) => AsyncIterable<ParsedItem>;

export const FORMATS = ['jsonl', 'csv', 'json', 'arrow', 'twcs', 'sgd', 'abcd', 'taskmaster'] as const;
export type FormatName = (typeof FORMATS)[number];

/** How much of a bad row is kept for the report. */
export const RAW_KEEP_CHARS = 64 * 1024;

export function clip(raw: string): string {
  return raw.length > RAW_KEEP_CHARS ? `${raw.slice(0, RAW_KEEP_CHARS)}… [cut, ${raw.length} characters]` : raw;
}
