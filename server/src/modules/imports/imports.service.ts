import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { isAlive, PROCESS_NAME } from '../../common/process-name';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { detectFormat } from './formats/detect';
import { FormatName } from './formats/format.types';
import { CreateImportBody, ImportRunDto, mapImportRun, mapRejectedRow, RejectedRowDto } from './dtos/import.dto';
import { ImportRunEntity } from './import-run.entity';
import { ImportThreads } from './import-threads';
import type { ImportJob } from './import.worker';
import { ImportsRepository } from './imports.repository';

export interface ImportOptions {
  format?: string;
  /** Names where the data comes from; ids are unique within a source. Defaults to the adapter's name, or `default`. */
  source?: string;
  /** The name to report (an upload's original name); defaults to the file's base name. */
  fileName?: string;
  /** Where the user names the format, for errors: `--format` unless said (an upload's form field). */
  formatOption?: string;
  onProgress?: (run: ImportRunEntity) => void;
  /** false: do not start the analysis after this import. */
  analyse?: boolean;
  /** Formats without times (SGD, ABCD, Taskmaster, JDDC) are laid out back from this day's midnight (epoch ms; default: today). */
  baseTime?: number;
  /** Told of each file of a folder that is not imported, and why. */
  onSkipped?: (file: string, reason: string) => void;
}

/** Files of a folder that are not logs: hidden ones, and notes (a data set's README.md or SOURCE.md, a licence). */
function skippedReason(name: string): string | null {
  if (name.startsWith('.')) return 'a hidden file';
  if (/\.(md|txt)$/i.test(name)) return 'a note (.md and .txt files are not read as logs; import one by its own name)';
  return null;
}

export interface StartedImport {
  run: ImportRunEntity;
  done: Promise<ImportRunEntity>;
}

const ADAPTER_FORMATS: FormatName[] = ['twcs', 'sgd', 'abcd', 'taskmaster', 'rasa', 'chatwoot', 'dialogflow-cx', 'lex', 'connect', 'intercom', 'zendesk', 'jddc'];

/**
 * Streams a file through its format's parser into the database in batches, in a worker thread with its own
 * connection, so that the server keeps answering while a night's import runs. Each batch is one transaction;
 * the run's conversations become visible only when the whole file is in. A run that dies half-way is
 * rolled back (here, by the next import, or at the next start), and the file can be imported again without duplicates.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ImportsService.name);
  /** Each import running here by run id, settled once it is in or rolled back. */
  private readonly running = new Map<number, Promise<unknown>>();
  private readonly threads: ImportThreads;
  private readonly completedListeners: ((run: ImportRunEntity) => void)[] = [];

  constructor(
    private readonly repo: ImportsRepository,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {
    this.threads = new ImportThreads(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.insideThread) await this.recoverStaleRuns();
  }

  /** Imports still running when Seam stops are stopped and rolled back (before the database closes). */
  async beforeApplicationShutdown(): Promise<void> {
    const running = [...this.running.values()];
    await this.threads.stop();
    await Promise.all(running);
  }

  /** Rolls back runs whose process is gone (same host) or whose heartbeat stopped. */
  async recoverStaleRuns(): Promise<number[]> {
    const recovered: number[] = [];
    const now = Date.now();
    for (const run of await this.repo.runsWithStatus('running')) {
      if (this.running.has(run.id)) continue;
      const dead = !isAlive(run.owner) || run.owner === PROCESS_NAME || now - run.heartbeatAt > this.config.staleImportMs;
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

  async hasAnyRun(): Promise<boolean> {
    return (await this.repo.listRuns(1)).length > 0;
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
      started = await this.start(file.path, { format: body.format, source: body.source, fileName: file.originalname || 'upload', formatOption: 'the "format" form field' });
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
    const runs: ImportRunEntity[] = [];
    for (const name of (await readdir(target)).sort()) {
      const file = path.join(target, name);
      const skipped = skippedReason(name) ?? ((await stat(file)).isFile() ? null : 'not a file');
      if (skipped) options.onSkipped?.(file, skipped);
      else runs.push(await (await this.start(file, { ...options, fileName: undefined })).done);
    }
    return runs;
  }

  /** Creates the run and returns it at once; `done` settles when the file is in (or rolled back). */
  async start(filePath: string, options: ImportOptions = {}): Promise<StartedImport> {
    const fileName = options.fileName ?? path.basename(filePath);
    const { format, wrapped } = await detectFormat(filePath, options.format, { fileName, formatOption: options.formatOption });
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
      owner: PROCESS_NAME,
      bytesTotal: size,
      bytesRead: 0,
      recordsRead: 0,
      messagesInserted: 0,
      messagesDuplicate: 0,
      rejectedCount: 0,
      conversationsTouched: 0,
      redactions: {},
    });
    const file = { path: filePath, fileName, format, wrapped, baseTime: Math.floor((options.baseTime ?? now) / 86_400_000) * 86_400_000, recordSources: options.source === undefined };
    const done = this.run(run, file, options).finally(() => this.running.delete(run.id));
    this.running.set(run.id, done.catch(() => undefined));
    return { run: { ...run }, done };
  }

  /** Runs the import in a thread of its own; `run` follows its progress. */
  private async run(run: ImportRunEntity, file: ImportJob['file'], options: ImportOptions): Promise<ImportRunEntity> {
    const progress = (update: ImportRunEntity) => {
      Object.assign(run, update);
      options.onProgress?.(run);
    };
    const end = await this.threads.run({ run, file }, progress);
    if (end.type === 'failed') {
      await this.rollBack(run, end.error);
      const { message, code, details } = end.error;
      throw code ? new SeamException(code, message, details) : new Error(message);
    }
    progress(end.run);
    if (options.analyse !== false) for (const listener of this.completedListeners) listener(run);
    return run;
  }

  /** A run that did not complete (a bad file, its thread dying, Seam stopping) has only staged rows: removed, so that the file can be imported again. */
  private async rollBack(run: ImportRunEntity, error: { message: string }): Promise<void> {
    this.logger.error(`import run ${run.id} (${run.fileName}) failed: ${error.message}`);
    Object.assign(run, { status: 'failed', error: error.message });
    await this.repo.rollbackRun(run.id, 'failed', error.message);
  }
}
