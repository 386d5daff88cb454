import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { readFile } from 'node:fs/promises';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { JobsService } from '../jobs/jobs.service';
import { parseSourceFile } from './dtos/source.dto';
import { SourceRow, SourcesRepository } from './sources.repository';
import { SourcesService } from './sources.service';

const jobName = (id: number) => `source:${id}`;
/** What a job is made from: a source whose signature changed is scheduled again. */
const signature = (s: SourceRow) => `${s.cron}|${s.enabled}|${s.updatedAt}`;
const SYNC = 'sources:sync';

/**
 * One cron job per enabled source, in every process with the scheduler on; the source's lease decides which
 * process runs it when several tick at once. Each process re-reads the sources every SEAM_SOURCE_SYNC_SECONDS,
 * so a source created or changed through another process's API is scheduled here too. Sources from
 * SEAM_SOURCES_FILE are created or updated by name at start.
 */
@Injectable()
export class SourcesScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SourcesScheduler.name);
  /** What each scheduled job was made from: source id → its cron, enabled flag and update time. */
  private readonly scheduled = new Map<number, string>();

  constructor(
    private readonly repo: SourcesRepository,
    private readonly sources: SourcesService,
    private readonly registry: SchedulerRegistry,
    private readonly jobs: JobsService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.sourcesFile) await this.loadFile(this.config.sourcesFile);
    if (!this.config.scheduler) return;
    await this.sync();
    const timer = setInterval(() => {
      this.sync().catch((err) => this.logger.warn(`sources not re-read: ${err instanceof Error ? err.message : err}`));
    }, this.config.sourceSyncMs);
    this.registry.addInterval(SYNC, timer);
  }

  /** Schedules what is new or changed in the database, unschedules what was deleted or disabled. */
  async sync(): Promise<void> {
    const sources = await this.repo.list();
    const seen = new Set<number>();
    for (const s of sources) {
      seen.add(s.id);
      if (this.scheduled.get(s.id) !== signature(s)) await this.refresh(s.id);
    }
    for (const id of [...this.scheduled.keys()]) if (!seen.has(id)) await this.refresh(id);
  }

  beforeApplicationShutdown(): void {
    this.sources.stop();
  }

  private async loadFile(file: string): Promise<void> {
    const list = parseSourceFile(file, await readFile(file, 'utf8'));
    for (const s of list) {
      const existing = await this.repo.byName(s.name);
      if (existing) await this.sources.update(existing.id, s);
      else await this.sources.create(s);
    }
    this.logger.log(`${list.length} source${list.length === 1 ? '' : 's'} from ${file}`);
  }

  /** Registers, replaces or removes the source's job after it was created, changed or deleted. */
  async refresh(id: number): Promise<void> {
    if (!this.config.scheduler) return;
    if (this.registry.doesExist('cron', jobName(id))) this.registry.deleteCronJob(jobName(id));
    const source = await this.repo.get(id);
    if (!source) {
      this.scheduled.delete(id);
      return;
    }
    this.scheduled.set(id, signature(source));
    if (!source.enabled) return;
    const job = CronJob.from({
      cronTime: source.cron,
      onTick: () => {
        // With workers (SEAM_JOBS=queue) the run is a job one of them takes; otherwise it runs here.
        const run = this.jobs.queued ? this.jobs.requestSourceRun(id) : this.sources.run(id, 'schedule');
        run.catch((err) => this.logger.error(`source "${source.name}": ${err instanceof Error ? err.message : err}`));
      },
      start: true,
    });
    this.registry.addCronJob(jobName(id), job);
  }

  /** When this process will next run the source (null: disabled, or the scheduler is off here). */
  nextRun(id: number): number | null {
    if (!this.registry.doesExist('cron', jobName(id))) return null;
    return this.registry.getCronJob(jobName(id)).nextDate().toMillis();
  }
}
