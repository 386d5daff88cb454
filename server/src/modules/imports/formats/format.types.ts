import { IMPORT_FORMATS, ImportFormat, MessageEvent, MessageRole } from '#contracts';

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
  /** What the bot understood of a customer message, as the platform's log records it: the intent it matched. */
  botIntent?: string;
  /** How sure the bot was of `botIntent`, 0–1. */
  botConfidence?: number;
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
  /** What the platform's log calls a handoff to a person (default: DEFAULT_HANDOFF). */
  handoff?: HandoffNames;
}

/** The bot actions and the intents that hand a conversation to a person (Rasa actions; any platform's intents), compared without case. */
export interface HandoffNames {
  actions: string[];
  intents: string[];
}

export const DEFAULT_HANDOFF: HandoffNames = {
  actions: ['action_handoff', 'human_handoff', 'action_human_handoff', 'action_handoff_to_human', 'action_transfer_to_agent'],
  intents: ['human_handoff', 'request_human', 'handoff', 'talk_to_human', 'speak_to_agent', 'live_agent', 'transfer_to_agent', 'escalate'],
};

/** Whether a name is one of `names`, compared without case, `_`, `-`, `.` or spaces (TransferToAgent is transfer_to_agent). */
export function nameMatcher(names: string[]): (name: string | undefined) => boolean {
  const squash = (n: string) => n.toLowerCase().replace(/[\s_\-.]/g, '');
  const set = new Set(names.map(squash));
  return (name) => name !== undefined && set.has(squash(name));
}

export type FormatParser = (input: FormatInput) => AsyncIterable<ParsedItem>;

export const FORMATS = Object.keys(IMPORT_FORMATS) as ImportFormat[];
export type FormatName = ImportFormat;

/** How much of a bad row is kept for the report. */
export const RAW_KEEP_CHARS = 64 * 1024;

export function clip(raw: string): string {
  return raw.length > RAW_KEEP_CHARS ? `${raw.slice(0, RAW_KEEP_CHARS)}… [cut, ${raw.length} characters]` : raw;
}
