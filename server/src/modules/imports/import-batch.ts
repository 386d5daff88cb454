import { redact } from '../../../../analytics/src/privacy/redact';
import { messageId, stableId } from '../../database/ids';
import { clip, LogRecord, ParsedItem } from './formats/format.types';
import type { ConversationRow, CustomerRow, MessageRow, RejectRow, StagedDuplicate } from './imports.repository';

/** What the parsing side of an import needs to know. */
export interface BatchSettings {
  /** Rows a batch holds before it is written (one transaction). */
  batchSize: number;
  /** Personal data patterns replaced at import; null when redaction is off. */
  redactPatterns: { name: string; pattern: RegExp }[] | null;
  /** The import's source; a record that names its own (a Seam export's `source`) goes there when `recordSources`. */
  source: string;
  /** The import named no source. */
  recordSources: boolean;
  fileName: string;
  /** The longest record (SEAM_MAX_RECORD_KB): a message whose text is longer is a bad row, whatever the format. */
  maxRecordBytes: number;
}

/** One batch's rows, ready for the staging tables. */
export interface StagedRows {
  messages: MessageRow[];
  conversations: ConversationRow[];
  customers: CustomerRow[];
  rejects: RejectRow[];
}

/** A batch and how far into the file the parser was when it was full. */
export interface ParsedBatch {
  rows: StagedRows;
  /** Records (accepted or rejected) read so far, and bytes of the file. */
  recordsRead: number;
  bytesRead: number;
  /** Messages accepted so far. */
  accepted: number;
  /** Personal data replaced so far, by kind; null when redaction is off. */
  redactions: Record<string, number> | null;
}

/** A message longer than the record limit (formats that read whole documents cannot stop it earlier). */
function tooLong(text: string, maxBytes: number): boolean {
  return text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes;
}

/**
 * A file's parsed items as batches of rows: records redacted and given their ids, rows too long or repeated within
 * the batch rejected. `bytesRead` is how far the parser has read the file (its `onBytes`).
 */
export async function* parseBatches(items: AsyncIterable<ParsedItem>, settings: BatchSettings, bytesRead: () => number): AsyncGenerator<ParsedBatch> {
  const privacy = settings.redactPatterns ? { patterns: settings.redactPatterns, counts: {} as Record<string, number> } : null;
  const batch = new Batch(settings.source, settings.recordSources, settings.fileName, privacy);
  let seq = 0;
  let accepted = 0;
  let recordsRead = 0;
  const full = (): ParsedBatch => ({ rows: batch.take(), recordsRead, bytesRead: bytesRead(), accepted, redactions: privacy && { ...privacy.counts } });
  for await (const item of items) {
    recordsRead++;
    if (item.kind === 'record' && tooLong(item.record.text, settings.maxRecordBytes)) {
      const reason = `text longer than ${settings.maxRecordBytes / 1024} KiB (SEAM_MAX_RECORD_KB)`;
      batch.reject({ fileName: settings.fileName, line: item.line, location: item.location ?? null, field: 'text', reason, raw: item.record.text.slice(0, 1024) });
    } else if (item.kind === 'reject') batch.reject({ fileName: settings.fileName, line: item.line, location: item.location ?? null, field: item.field ?? null, reason: item.reason, raw: item.raw });
    else {
      batch.add(item.record, item.line, item.location, ++seq, item.raw);
      accepted++;
    }
    if (batch.size + batch.rejects.length >= settings.batchSize) yield full();
  }
  yield full();
}

/** The rejected row for a staged message whose id an earlier batch of the same run already had. */
export function stagedDuplicateReject(fileName: string, d: StagedDuplicate): RejectRow {
  const messageId = d.externalId !== null && !CONTENT_ID.test(d.externalId) ? d.externalId : null;
  const raw = {
    conversationId: d.conversationExternalId,
    messageId: d.externalId,
    timestamp: d.sentAt,
    role: d.role,
    text: d.text,
    ...(d.event ? { event: d.event } : {}),
    ...(d.eventValue !== null ? { eventValue: d.eventValue } : {}),
  };
  return duplicateReject(fileName, d.conversationExternalId, messageId, d.line, d.location, raw, null);
}

/** `raw`: the row as the file has it, or (when the format keeps none) the record it was read as. */
function duplicateReject(fileName: string, conversationId: string, messageId: string | null, line: number, location: string | null, raw: string | object, firstLine: number | null): RejectRow {
  const what = messageId
    ? `duplicate message id ${JSON.stringify(messageId)} in conversation ${JSON.stringify(conversationId)}`
    : `the same message as an earlier row (conversation ${JSON.stringify(conversationId)}, same time, role and text)`;
  const where = firstLine !== null ? ` at line ${firstLine}` : ' earlier in this file';
  return { fileName, line, location, field: messageId ? 'message_id' : null, reason: `${what}; first seen${where}`, raw: typeof raw === 'string' ? clip(raw) : JSON.stringify(raw) };
}

/** A message id made from content (the export gave none): `h:` and a hash. */
const CONTENT_ID = /^h:[0-9a-f]{32}$/;

/** One batch of rows ready to write, with duplicates inside the batch already reported. */
class Batch {
  private messages = new Map<string, MessageRow>();
  private conversations = new Map<string, ConversationRow>();
  private customers = new Map<string, CustomerRow>();
  /** Source and external id → Seam id, so each conversation and customer is hashed once a batch. */
  private conversationIds = new Map<string, string>();
  private customerIds = new Map<string, string>();
  rejects: RejectRow[] = [];

  constructor(
    private readonly source: string,
    private readonly recordSources: boolean,
    private readonly fileName: string,
    /** Redaction patterns and the run's running counts; null when redaction is off. */
    private readonly privacy: { patterns: { name: string; pattern: RegExp }[]; counts: Record<string, number> } | null,
  ) {}

  /** Personal data replaced by typed placeholders, counted for the import report. */
  private clean(text: string, count: boolean): string {
    if (!this.privacy || text === '') return text;
    const { text: out, counts } = redact(text, this.privacy.patterns);
    if (count) for (const [k, n] of Object.entries(counts)) this.privacy.counts[k] = (this.privacy.counts[k] ?? 0) + n;
    return out;
  }

  /**
   * Metadata redacted value by value (redacting its JSON text could cut through a number and break the JSON):
   * strings, and whole numbers that read as personal data (a phone number stored as a number); other numbers,
   * such as scores, are left as they are.
   */
  private cleanValue(value: unknown): unknown {
    if (typeof value === 'string') return this.clean(value, true);
    if (typeof value === 'number' && Number.isInteger(value)) {
      const s = String(value);
      const out = this.clean(s, true);
      return out === s ? value : out;
    }
    if (Array.isArray(value)) return value.map((v) => this.cleanValue(v));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.cleanValue(v)]));
    return value;
  }

  reject(row: RejectRow): void {
    this.rejects.push({ ...row, raw: this.clean(row.raw, false) });
  }

  get size(): number {
    return this.messages.size;
  }

  add(record: LogRecord, line: number, location: string | undefined, seq: number, raw?: string): void {
    const r = this.privacy ? { ...record, text: this.clean(record.text, true), ...(record.metadata ? { metadata: this.cleanValue(record.metadata) as LogRecord['metadata'] } : {}) } : record;
    const source = this.recordSources && r.source ? r.source : this.source;
    const conversationKey = `${source}\u0000${r.conversationId}`;
    let conversationId = this.conversationIds.get(conversationKey);
    if (conversationId === undefined) {
      conversationId = stableId(source, r.conversationId);
      this.conversationIds.set(conversationKey, conversationId);
    }
    const externalId = r.messageId ?? `h:${stableId(r.conversationId, r.timestamp, r.role, r.text, r.event ?? '', r.eventValue ?? '')}`;
    const id = messageId(conversationId, source, r.conversationId, externalId);
    const earlier = this.messages.get(id);
    if (earlier) {
      this.rejects.push(duplicateReject(this.fileName, r.conversationId, r.messageId ?? null, line, location ?? null, raw === undefined ? { ...r, messageId: externalId } : this.clean(raw, false), earlier.line));
      return;
    }
    let customerId: string | null = null;
    if (r.customerId) {
      const customerKey = `${source}\u0000${r.customerId}`;
      customerId = this.customerIds.get(customerKey) ?? stableId(source, 'customer', r.customerId);
      if (!this.customers.has(customerId)) {
        this.customerIds.set(customerKey, customerId);
        this.customers.set(customerId, { id: customerId, source, externalId: r.customerId, firstSeenAt: r.timestamp });
      }
    }
    const conv = this.conversations.get(conversationId);
    const customerOfConversation = r.role === 'customer' ? customerId : null;
    if (!conv) {
      this.conversations.set(conversationId, {
        id: conversationId,
        source,
        externalId: r.conversationId,
        customerId: customerOfConversation,
        channel: r.channel ?? null,
        metadata: r.conversationMetadata ? JSON.stringify(r.conversationMetadata) : null,
        textPurgedAt: r.textDeletedAt ?? null,
      });
    } else {
      conv.customerId ??= customerOfConversation;
      conv.channel ??= r.channel ?? null;
      conv.textPurgedAt ??= r.textDeletedAt ?? null;
      if (!conv.metadata && r.conversationMetadata) conv.metadata = JSON.stringify(r.conversationMetadata);
    }
    this.messages.set(id, {
      id,
      conversationId,
      externalId,
      sentAt: r.timestamp,
      seq,
      role: r.role,
      text: r.text,
      customerId,
      agentId: r.agentId ?? null,
      channel: r.channel ?? null,
      event: r.event ?? null,
      eventValue: r.eventValue ?? null,
      metadata: r.metadata && Object.keys(r.metadata).length > 0 ? JSON.stringify(r.metadata) : null,
      botIntent: r.botIntent ?? null,
      botConfidence: r.botConfidence ?? null,
      line,
      location: location ?? null,
    });
  }

  /** The rows gathered so far; the batch starts empty again. */
  take(): StagedRows {
    const out = {
      messages: [...this.messages.values()],
      conversations: [...this.conversations.values()],
      customers: [...this.customers.values()],
      rejects: this.rejects,
    };
    this.messages = new Map();
    this.conversations = new Map();
    this.customers = new Map();
    this.conversationIds = new Map();
    this.customerIds = new Map();
    this.rejects = [];
    return out;
  }
}
