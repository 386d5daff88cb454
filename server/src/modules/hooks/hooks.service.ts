import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { ImportsService } from '../imports/imports.service';
import { SourcesRepository } from '../sources/sources.repository';

/** How long webhooks gather before they are imported together (one import run, then one analysis). */
const FLUSH_MS = 10_000;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A platform's webhooks for a source: each payload is checked against the source's secret and appended to the
 * source's spool file in the data folder; every few seconds the spool is imported as one file under the source's
 * name and format, so a message the source's database also has is stored once (same ids). A spool whose import failed
 * stays and is imported again at the next flush, and when the server starts.
 */
@Injectable()
export class HooksService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(HooksService.name);
  private readonly dir: string;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** Appends to a source's spool, one after another (a flush only takes it to set the spool aside). */
  private readonly appends = new Map<number, Promise<void>>();
  /** A source's flushes, one after another (each imports its batches), never holding up appends. */
  private readonly flushes = new Map<number, Promise<void>>();

  constructor(
    private readonly sources: SourcesRepository,
    private readonly imports: ImportsService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {
    this.dir = path.join(config.dataDir, 'hooks');
  }

  /** The server (not a CLI command) imports what an earlier run of it received and had not imported yet. */
  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    if (!this.config.scheduler) return;
    const pending = new Set((await readdir(this.dir)).filter((n) => n.endsWith('.jsonl')).map((name) => Number(/^(\d+)[.-]/.exec(name)?.[1])).filter(Number.isInteger));
    for (const id of pending) this.schedule(id, 0);
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
  }

  private chain(queues: Map<number, Promise<void>>, id: number, work: () => Promise<void>): Promise<void> {
    const next = (queues.get(id) ?? Promise.resolve()).then(work, work);
    queues.set(id, next.catch(() => undefined));
    return next;
  }

  /** Accepts one payload for source `id` of `format`; throws NOT_FOUND for a wrong source, format or token (nothing is revealed). */
  async receive(format: string, id: number, token: string | undefined, payload: unknown): Promise<void> {
    const source = await this.sources.get(id);
    const secret = source?.config.webhookSecret;
    if (!source || source.format !== format || typeof secret !== 'string' || !token || !sameSecret(token, secret)) {
      throw new SeamException(SeamErrorCode.NotFound, 'no such webhook (check the source id and its token)');
    }
    if (!source.enabled) throw new SeamException(SeamErrorCode.NotFound, `source "${source.name}" is disabled`);
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new SeamException(SeamErrorCode.Invalid, 'the webhook body must be a JSON object');
    await this.chain(this.appends, id, () => appendFile(this.spool(id), JSON.stringify(payload) + '\n', { mode: 0o600 }));
    this.schedule(id, FLUSH_MS);
  }

  private spool(id: number): string {
    return path.join(this.dir, `${id}.jsonl`);
  }

  private schedule(id: number, delay: number): void {
    if (this.timers.has(id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.flush(id).catch((err) => this.logger.error(`webhooks of source ${id}: ${err instanceof Error ? err.message : err}`));
    }, delay);
    timer.unref();
    this.timers.set(id, timer);
  }

  /**
   * Imports what gathered for source `id`. The spool is set aside first (webhooks arriving meanwhile start a new one,
   * and are answered at once). A batch none of whose payloads is a message (all rejected) is set aside as
   * `.rejected` and the next batches go on; a batch that failed otherwise (the database) waits for the next try.
   */
  flush(id: number): Promise<void> {
    return this.chain(this.flushes, id, async () => {
      await this.chain(this.appends, id, async () => {
        const spool = this.spool(id);
        if (await stat(spool).then(() => true, () => false)) await rename(spool, path.join(this.dir, `${id}-${Date.now()}.jsonl`));
      });
      const batches = (await readdir(this.dir)).filter((name) => name.startsWith(`${id}-`) && name.endsWith('.jsonl')).sort();
      const source = await this.sources.get(id);
      for (const name of batches) {
        const file = path.join(this.dir, name);
        if (!source) {
          await rm(file, { force: true });
          continue;
        }
        try {
          await this.imports.importPath(file, { source: source.name, format: source.format ?? undefined, fileName: `${source.format}-webhooks.jsonl` });
          await rm(file, { force: true });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (err instanceof SeamException && err.code === SeamErrorCode.BadFile) {
            this.logger.warn(`webhooks of source "${source.name}" (${name}) held no message: ${message}; kept as ${name}.rejected`);
            await rename(file, `${file}.rejected`);
            continue;
          }
          this.logger.error(`webhooks of source "${source.name}" (${name}) not imported, kept for the next try: ${message}`);
          this.schedule(id, FLUSH_MS * 6);
          return;
        }
      }
    });
  }
}
