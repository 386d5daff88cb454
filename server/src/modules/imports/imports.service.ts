import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { redact } from '../../../../analytics/src/privacy/redact';
import { messageId, stableId } from '../../database/ids';
import { detectFormat, parserFor } from './formats/detect';
import { FormatName, LogRecord, ParsedItem } from './formats/format.types';
import { CreateImportBody, ImportRunDto, mapImportRun, mapRejectedRow, RejectedRowDto } from './dtos/import.dto';
import { ImportRunEntity } from './import-run.entity';
import { ConversationRow, CustomerRow, ImportsRepository, MessageRow, RejectRow, StagedDuplicate } from './imports.repository';

export interface ImportOptions {
  format?: string;
  /** Names where the data comes from; ids are unique within a source. Defaults to the adapter's name, or `default`. */
  source?: string;
  /** The name to report (an upload's original name); defaults to the file's base name. */
  fileName?: string;
  onProgress?: (run: ImportRunEntity) => void;
  /** false: do not start the analysis after this import. */
  analyse?: boolean;
}

export interface StartedImport {
  run: ImportRunEntity;
  done: Promise<ImportRunEntity>;
}

const ADAPTER_FORMATS: FormatName[] = ['twcs', 'sgd', 'abcd', 'taskmaster'];
const OWNER = `${hostname()}:${process.pid}`;

function isAlive(owner: string): boolean {
  const [host, pid] = [owner.slice(0, owner.lastIndexOf(':')), Number(owner.slice(owner.lastIndexOf(':') + 1))];
  if (host !== hostname()) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Streams a file through its format's parser into the database in batches. Each batch is one transaction;
 * the run's conversations become visible only when the whole file is in. A run that dies half-way is
 * rolled back by the next import (or the next start), which then imports the file again without duplicates.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ImportsService.name);
  private readonly running = new Set<number>();
  private readonly completedListeners: ((run: ImportRunEntity) => void)[] = [];

  constructor(
    private readonly repo: ImportsRepository,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.recoverStaleRuns();
  }

  /** Rolls back runs whose process is gone (same host) or whose heartbeat stopped. */
  async recoverStaleRuns(): Promise<number[]> {
    const recovered: number[] = [];
    const now = Date.now();
    for (const run of await this.repo.runsWithStatus('running')) {
      if (this.running.has(run.id)) continue;
      const dead = !isAlive(run.owner) || run.owner === OWNER || now - run.heartbeatAt > this.config.staleImportMs;
      if (!dead) continue;
      this.logger.warn(`import run ${run.id} (${run.fileName}) did not finish; rolling it back so that it can be imported again`);
      await this.repo.rollbackRun(run.id, 'rolled_back', 'the importing process stopped before the end; rolled back, import the file again');
      recovered.push(run.id);
    }
    return recovered;
  }

  /** Called after every import that completes (the analysis module listens, to analyse what is new). */
  onCompleted(listener: (run: ImportRunEntity) => void): void {
    this.completedListeners.push(listener);
  }

  async hasCompletedRun(source: string): Promise<boolean> {
    return (await this.repo.countSourceRuns(source)) > 0;
  }

  /** An uploaded file (already on disk, from multer): the temporary copy is removed when the import ends. */
  async upload(file: Express.Multer.File | undefined, body: CreateImportBody, wait: boolean): Promise<ImportRunDto> {
    if (!file) throw new SeamException(SeamErrorCode.NoFile, 'send the export as multipart/form-data in a field named "file"');
    const cleanup = () => rm(file.path, { force: true });
    let started: StartedImport;
    try {
      started = await this.start(file.path, { format: body.format, source: body.source, fileName: file.originalname || 'upload' });
    } catch (err) {
      await cleanup();
      throw err;
    }
    const done = started.done.finally(cleanup);
    if (wait) return mapImportRun(await done);
    done.catch(() => undefined);
    return mapImportRun(started.run);
  }

  async list(limit: number, before?: number): Promise<{ items: ImportRunDto[] }> {
    return { items: (await this.repo.listRuns(limit, before)).map(mapImportRun) };
  }

  async get(id: number, rejectedOffset: number, rejectedLimit: number): Promise<ImportRunDto & { rejected: { total: number; rows: RejectedRowDto[] } }> {
    const run = await this.repo.findRun(id);
    if (!run) throw new SeamException(SeamErrorCode.NotFound, `no import ${id}`);
    const [rows, total] = await this.repo.rejectedRows(id, rejectedOffset, rejectedLimit);
    return { ...mapImportRun(run), rejected: { total, rows: rows.map(mapRejectedRow) } };
  }

  /** Imports a file, or every file of a folder in name order, one run each. */
  async importPath(target: string, options: ImportOptions = {}): Promise<ImportRunEntity[]> {
    const info = await stat(target).catch(() => {
      throw new SeamException(SeamErrorCode.NotFound, `${target}: no such file or folder`);
    });
    if (!info.isDirectory()) return [await (await this.start(target, options)).done];
    const names = (await readdir(target)).filter((n) => !n.startsWith('.') && !/\.(md|txt)$/i.test(n)).sort();
    const runs: ImportRunEntity[] = [];
    for (const name of names) {
      const file = path.join(target, name);
      if ((await stat(file)).isFile()) runs.push(await (await this.start(file, { ...options, fileName: undefined })).done);
    }
    return runs;
  }

  /** Creates the run and returns it at once; `done` settles when the file is in (or rolled back). */
  async start(filePath: string, options: ImportOptions = {}): Promise<StartedImport> {
    const fileName = options.fileName ?? path.basename(filePath);
    const { format, wrapped } = await detectFormat(filePath, options.format);
    const source = (options.source ?? (ADAPTER_FORMATS.includes(format) ? format : 'default')).trim();
    if (!source || source.length > 200) throw new SeamException(SeamErrorCode.BadFilter, 'source must be 1 to 200 characters');
    await this.recoverStaleRuns();
    const now = Date.now();
    const size = (await stat(filePath)).size;
    const run = await this.repo.createRun({
      source,
      fileName,
      format,
      status: 'running',
      startedAt: now,
      heartbeatAt: now,
      owner: OWNER,
      bytesTotal: size,
      bytesRead: 0,
      recordsRead: 0,
      messagesInserted: 0,
      messagesDuplicate: 0,
      rejectedCount: 0,
      conversationsTouched: 0,
      redactions: {},
    });
    this.running.add(run.id);
    const input = {
      path: filePath,
      fileName,
      maxRecordBytes: this.config.maxRecordBytes,
      baseTime: Math.floor(now / 86_400_000) * 86_400_000,
      onBytes: (b: number) => {
        run.bytesRead = b;
      },
    };
    const items = parserFor(format, wrapped)(input);
    const done = this.run(run, items, options).finally(() => this.running.delete(run.id));
    return { run: { ...run }, done };
  }

  private async run(run: ImportRunEntity, items: AsyncIterable<ParsedItem>, options: ImportOptions): Promise<ImportRunEntity> {
    const privacy = this.config.redact ? { patterns: this.config.redactPatterns, counts: (run.redactions ??= {}) } : null;
    let batch = new Batch(run.source, run.fileName, privacy);
    let seq = 0;
    let batches = 0;
    // One batch is written while the next is parsed (PostgreSQL works on its own core meanwhile).
    let writing: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const handOver = async () => {
      await writing;
      if (writeError) throw writeError;
      const full = batch;
      batch = new Batch(run.source, run.fileName, privacy);
      writing = this.flush(run, full, ++batches).then(
        () => options.onProgress?.(run),
        (err) => {
          writeError = err;
        },
      );
    };
    try {
      for await (const item of items) {
        run.recordsRead++;
        if (item.kind === 'reject') batch.reject({ fileName: run.fileName, line: item.line, location: item.location ?? null, field: item.field ?? null, reason: item.reason, raw: item.raw });
        else batch.add(item.record, item.line, item.location, ++seq);
        if (batch.size + batch.rejects.length >= this.config.batchSize) await handOver();
      }
      await handOver();
      await writing;
      if (writeError) throw writeError;
      const counts = await this.repo.finalizeRun(run, (row) => batch.describeStaged(row));
      run.messagesInserted = counts.inserted;
      run.messagesDuplicate = counts.duplicates;
      run.rejectedCount += counts.sameRunDuplicates;
      run.conversationsTouched = counts.conversationsTouched;
      run.status = 'completed';
      run.finishedAt = Date.now();
      options.onProgress?.(run);
      if (options.analyse !== false) for (const listener of this.completedListeners) listener(run);
      return run;
    } catch (err) {
      await writing;
      const message = err instanceof Error ? err.message : String(err);
      this.logger.error(`import run ${run.id} (${run.fileName}) failed: ${message}`);
      await this.repo.rollbackRun(run.id, 'failed', message);
      run.status = 'failed';
      run.error = message;
      throw err;
    }
  }

  private async flush(run: ImportRunEntity, batch: Batch, batchNumber: number): Promise<void> {
    if (batch.size === 0 && batch.rejects.length === 0) return;
    const rows = batch.take();
    await this.repo.stageBatch(run.id, batchNumber, { bytesRead: run.bytesRead, recordsRead: run.recordsRead }, rows, run.redactions);
    run.rejectedCount += rows.rejects.length;
    run.heartbeatAt = Date.now();
  }
}

/** A message id made from content (the export gave none): `h:` and a hash. */
const CONTENT_ID = /^h:[0-9a-f]{32}$/;

/** One batch of rows ready to write, with duplicates inside the batch already reported. */
class Batch {
  private messages = new Map<string, MessageRow>();
  private conversations = new Map<string, ConversationRow>();
  private customers = new Map<string, CustomerRow>();
  /** External id → Seam id, so each conversation and customer is hashed once a batch. */
  private conversationIds = new Map<string, string>();
  private customerIds = new Map<string, string>();
  rejects: RejectRow[] = [];

  constructor(
    private readonly source: string,
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

  add(record: LogRecord, line: number, location: string | undefined, seq: number): void {
    const r = this.privacy ? { ...record, text: this.clean(record.text, true), ...(record.metadata ? { metadata: this.cleanValue(record.metadata) as LogRecord['metadata'] } : {}) } : record;
    let conversationId = this.conversationIds.get(r.conversationId);
    if (conversationId === undefined) {
      conversationId = stableId(this.source, r.conversationId);
      this.conversationIds.set(r.conversationId, conversationId);
    }
    const externalId = r.messageId ?? `h:${stableId(r.conversationId, r.timestamp, r.role, r.text, r.event ?? '', r.eventValue ?? '')}`;
    const id = messageId(conversationId, this.source, r.conversationId, externalId);
    const earlier = this.messages.get(id);
    if (earlier) {
      this.rejects.push(this.duplicate(r.conversationId, r.messageId ?? null, line, location ?? null, { ...r, messageId: externalId }, earlier.line));
      return;
    }
    let customerId: string | null = null;
    if (r.customerId) {
      customerId = this.customerIds.get(r.customerId) ?? stableId(this.source, 'customer', r.customerId);
      if (!this.customers.has(customerId)) {
        this.customerIds.set(r.customerId, customerId);
        this.customers.set(customerId, { id: customerId, source: this.source, externalId: r.customerId, firstSeenAt: r.timestamp });
      }
    }
    const conv = this.conversations.get(conversationId);
    const customerOfConversation = r.role === 'customer' ? customerId : null;
    if (!conv) {
      this.conversations.set(conversationId, {
        id: conversationId,
        source: this.source,
        externalId: r.conversationId,
        customerId: customerOfConversation,
        channel: r.channel ?? null,
        metadata: r.conversationMetadata ? JSON.stringify(r.conversationMetadata) : null,
      });
    } else {
      conv.customerId ??= customerOfConversation;
      conv.channel ??= r.channel ?? null;
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
      line,
      location: location ?? null,
    });
  }

  /** The rejected row for a staged message whose id an earlier batch of the same run already had. */
  describeStaged(d: StagedDuplicate): RejectRow {
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
    return this.duplicate(d.conversationExternalId, messageId, d.line, d.location, raw, null);
  }

  private duplicate(conversationId: string, messageId: string | null, line: number, location: string | null, raw: object, firstLine: number | null): RejectRow {
    const what = messageId
      ? `duplicate message id ${JSON.stringify(messageId)} in conversation ${JSON.stringify(conversationId)}`
      : `the same message as an earlier row (conversation ${JSON.stringify(conversationId)}, same time, role and text)`;
    const where = firstLine !== null ? ` at line ${firstLine}` : ' earlier in this file';
    return { fileName: this.fileName, line, location, field: messageId ? 'message_id' : null, reason: `${what}; first seen${where}`, raw: JSON.stringify(raw) };
  }

  take() {
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
