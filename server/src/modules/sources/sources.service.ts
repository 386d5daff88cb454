import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { AnalysisService } from '../analysis/analysis.service';
import { ImportsService } from '../imports/imports.service';
import { confinedFolder, folderItems, httpItem, postgresItem, sqliteItem, temporaryDir } from './fetchers';
import { withPreset } from './presets';
import { FetchedItem, FolderConfig, HttpConfig, PostgresConfig, SqliteConfig } from './source.types';
import { NewSource, SourceRow, SourceRunRow, SourcesRepository } from './sources.repository';


export interface RunOutcome {
  /** False when another process (or this one) was already running the source: nothing was done. */
  ran: boolean;
  attempts: SourceRunRow[];
}

/**
 * Runs a source: takes its lease (so one process at a time runs it, however many share the database), finds
 * what is new, imports each item as an ordinary import under the source's name (so ids dedupe across runs),
 * records the item only once its import completed, retries a failed attempt with exponential backoff, and
 * analyses what came in. A run whose every attempt failed leaves the source failing until one succeeds.
 */
@Injectable()
export class SourcesService {
  private readonly logger = new Logger(SourcesService.name);
  private readonly stopping = new AbortController();
  /** The backoff wait of each source running here: cancelled when the source is disabled or deleted. */
  private readonly waits = new Map<number, AbortController>();
  /** Who holds a lease: this app (host, process, and an instance tag, so two apps in one process are two owners). */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(
    private readonly repo: SourcesRepository,
    private readonly imports: ImportsService,
    private readonly analysis: AnalysisService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  /** Ends backoff waits at shutdown; the lease is released by the run itself. */
  stop(): void {
    this.stopping.abort();
  }

  /** Whether a failed source is still to be retried; if not (Seam stopping, the source disabled), its run ends saying why. */
  private async stillWanted(id: number, error: string): Promise<boolean> {
    let now: Awaited<ReturnType<SourcesRepository['get']>>;
    try {
      now = await this.repo.get(id);
    } catch {
      // The database out of reach says nothing about the source: it is retried (unless Seam stops).
      return !this.stopping.signal.aborted;
    }
    if (!this.stopping.signal.aborted && now?.enabled) return true;
    if (now) await this.repo.finished(id, Date.now(), `${error} (${now.enabled ? 'Seam stopped' : 'the source was disabled'} before retrying)`);
    return false;
  }

  /** A source disabled or deleted: a retry it is waiting for here is not made. */
  cancelRetry(id: number): void {
    this.waits.get(id)?.abort();
  }

  list(): Promise<SourceRow[]> {
    return this.repo.list();
  }

  /** A source's attempts, newest first. */
  runs(id: number, limit: number): Promise<SourceRunRow[]> {
    return this.repo.runs(id, limit);
  }

  /** Deletes a source; a retry it waits for here is not made. */
  async remove(id: number): Promise<void> {
    await this.repo.remove(id);
    this.cancelRetry(id);
  }

  async get(id: number): Promise<SourceRow> {
    const source = await this.repo.get(id);
    if (!source) throw new SeamException(SeamErrorCode.NotFound, `no source ${id}`);
    return source;
  }

  async create(s: NewSource): Promise<SourceRow> {
    await this.checkFolder(s);
    if (await this.repo.byName(s.name)) throw new SeamException(SeamErrorCode.Exists, `a source named "${s.name}" exists`);
    return this.get(await this.repo.create(s));
  }

  async update(id: number, s: NewSource): Promise<SourceRow> {
    await this.get(id);
    await this.checkFolder(s);
    const other = await this.repo.byName(s.name);
    if (other && other.id !== id) throw new SeamException(SeamErrorCode.Exists, `a source named "${s.name}" exists`);
    await this.repo.update(id, s);
    return this.get(id);
  }

  async run(id: number, trigger: SourceRunRow['trigger']): Promise<RunOutcome> {
    const source = await this.get(id);
    const leaseMs = this.config.sourceLeaseMs;
    if (!(await this.repo.acquire(id, this.owner, Date.now() + leaseMs))) {
      this.logger.log(`source "${source.name}" is already running (${source.leaseOwner}); this run is skipped`);
      return { ran: false, attempts: [] };
    }
    const heartbeat = setInterval(() => {
      this.repo.extend(id, this.owner, Date.now() + leaseMs).catch((err) => this.logger.warn(`source "${source.name}": lease not extended: ${err}`));
    }, leaseMs / 3);
    const attempts: SourceRunRow[] = [];
    try {
      let imported = 0;
      for (let attempt = 1; attempt <= source.retries + 1; attempt++) {
        // An attempt the database failed (PostgreSQL restarting, a full disk) could not even be recorded: it is
        // retried like any other, and the next one finds the database back.
        const result = await this.recordedAttempt(source, attempt, trigger).catch((err: Error) => ({ messagesImported: 0, error: err.message, row: null }));
        if (result.row) attempts.push(result.row);
        imported += result.messagesImported;
        if (result.error === null) {
          await this.repo.finished(id, Date.now(), null);
          break;
        }
        this.logger.warn(`source "${source.name}" attempt ${attempt} of ${source.retries + 1} failed: ${result.error}`);
        if (attempt === source.retries + 1) {
          await this.repo.finished(id, Date.now(), result.error).catch((err: Error) => this.logger.error(`source "${source.name}": its failure not recorded: ${err.message}`));
          break;
        }
        // No retry for a source disabled or deleted during the attempt, or while it waits (cancelRetry ends the wait).
        if (!(await this.stillWanted(id, result.error))) break;
        const wait = new AbortController();
        this.waits.set(id, wait);
        try {
          await sleep(this.config.sourceBackoffMs * 2 ** (attempt - 1), undefined, { signal: AbortSignal.any([this.stopping.signal, wait.signal]) });
        } catch {
          // Stopping, or the source was disabled or deleted while it waited.
        } finally {
          this.waits.delete(id);
        }
        if (!(await this.stillWanted(id, result.error))) break;
      }
      if (imported > 0 && this.config.analyseAfterImport) await this.analysis.request();
      return { ran: true, attempts };
    } finally {
      clearInterval(heartbeat);
      // A lease that cannot be given back (the database is gone) expires after SEAM_SOURCE_LEASE_SECONDS.
      await this.repo.release(id, this.owner).catch((err: Error) => this.logger.warn(`source "${source.name}": lease not released: ${err.message}`));
    }
  }

  /** One attempt, recorded as a source run (the row as stored, to answer with). */
  private async recordedAttempt(source: SourceRow, attempt: number, trigger: SourceRunRow['trigger']): Promise<{ messagesImported: number; error: string | null; row: SourceRunRow }> {
    const runId = await this.repo.createRun({ sourceId: source.id, attempt, trigger, owner: this.owner });
    const result = await this.attempt(source, runId);
    return { ...result, row: (await this.repo.runs(source.id, 1))[0] };
  }

  /** One attempt: every new item imported in turn; stops at the first failure (the items before it stay recorded). */
  private async attempt(source: SourceRow, runId: number): Promise<{ messagesImported: number; error: string | null }> {
    const tmp = await temporaryDir();
    const done = { items: 0, messagesImported: 0, rowsRejected: 0, importRunIds: [] as number[] };
    let error: string | null = null;
    let note: string | null = null;
    try {
      const { items, settling, refused } = await this.fetch(source, tmp.dir);
      const list = (names: string[]) => `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
      const notes: string[] = [];
      if (settling.length > 0) {
        const seconds = (source.config as unknown as FolderConfig).settleSeconds ?? 30;
        notes.push(`${settling.length} file${settling.length > 1 ? 's' : ''} changed less than ${seconds} s ago (settleSeconds), left for the next run: ${list(settling)}`);
      }
      if (refused.length > 0) notes.push(`${refused.length} link${refused.length > 1 ? 's' : ''} to files outside SEAM_SOURCE_ROOTS, not read: ${list(refused)}`);
      note = notes.length > 0 ? notes.join('; ') : null;
      for (const item of items) {
        const [run] = await this.imports.importPath(item.file, { source: source.name, fileName: item.fileName, format: source.format ?? undefined, analyse: false });
        done.importRunIds.push(run.id);
        await this.repo.saveItem(source.id, item.key, item.fingerprint, run.id);
        done.items++;
        done.messagesImported += run.messagesInserted;
        done.rowsRejected += run.rejectedCount;
        if (item.temporary) await rm(item.file, { force: true });
      }
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    } finally {
      await tmp.remove();
    }
    await this.repo.finishRun(runId, { status: error === null ? 'completed' : 'failed', ...done, error, note });
    return { messagesImported: done.messagesImported, error };
  }

  private async fetch(source: SourceRow, dir: string): Promise<{ items: FetchedItem[]; settling: string[]; refused: string[] }> {
    const known = await this.repo.items(source.id);
    switch (source.kind) {
      case 'folder':
        return folderItems(source.config as unknown as FolderConfig, known, this.config.sourceRoots);
      case 'http': {
        const item = await httpItem(source.config as unknown as HttpConfig, known, dir, this.config.uploadLimitBytes, this.config.sourceAllowPrivate);
        return { items: item ? [item] : [], settling: [], refused: [] };
      }
      case 'postgres': {
        const item = await postgresItem(withPreset(source.config as unknown as PostgresConfig), known, dir);
        return { items: item ? [item] : [], settling: [], refused: [] };
      }
      case 'sqlite': {
        const item = await sqliteItem(withPreset(source.config as unknown as SqliteConfig), known, dir, this.config.sourceRoots);
        return { items: item ? [item] : [], settling: [], refused: [] };
      }
      case 'webhook':
        // Its conversations arrive by webhook (modules/hooks); a run has nothing to fetch.
        return { items: [], settling: [], refused: [] };
    }
  }

  /** A folder source must point within SEAM_SOURCE_ROOTS (checked again at every run: links may change). */
  private async checkFolder(s: NewSource): Promise<void> {
    if (s.kind !== 'folder' && s.kind !== 'sqlite') return;
    const folder = s.kind === 'folder' ? (s.config as unknown as FolderConfig).path : path.dirname((s.config as unknown as SqliteConfig).path);
    await confinedFolder(folder, this.config.sourceRoots).catch((err: Error) => {
      throw new SeamException(SeamErrorCode.Invalid, `config.path: ${err.message}`, { field: 'config.path' });
    });
  }
}
