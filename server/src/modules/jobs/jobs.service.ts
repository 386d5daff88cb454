import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';

/** The queues: a whole analysis run (one at a time, requests coalesce), a slice of one, a scheduled source run. */
export const QUEUES = { analyse: 'seam-analyse', part: 'seam-analyse-part', source: 'seam-source' } as const;

export interface PartJob {
  runId: number;
  part: number;
}

export interface SourceJob {
  sourceId: number;
}

/**
 * The job queue kept in PostgreSQL itself (pg-boss, in its own `pgboss` schema), used when SEAM_JOBS=queue:
 * the server and the scheduler put jobs in, `seam worker` processes take them (SKIP LOCKED: each job to one
 * worker), retried with backoff when a worker fails or dies.
 */
@Injectable()
export class JobsService implements OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private boss: Promise<PgBoss> | null = null;

  constructor(@Inject(SEAM_CONFIG) private readonly config: SeamConfig) {}

  get queued(): boolean {
    return this.config.jobs === 'queue';
  }

  private start(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const boss = new PgBoss({ connectionString: this.config.databaseUrl, schema: 'pgboss', max: 4 });
      boss.on('error', (err) => this.logger.error(`job queue: ${err.message}`));
      await boss.start();
      await boss.createQueue(QUEUES.analyse, { name: QUEUES.analyse, policy: 'stately', retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 6 * 3600 });
      await boss.createQueue(QUEUES.part, { name: QUEUES.part, policy: 'standard', retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600 });
      await boss.createQueue(QUEUES.source, { name: QUEUES.source, policy: 'stately', retryLimit: 0, expireInSeconds: 6 * 3600 });
      return boss;
    })();
    return this.boss;
  }

  /**
   * An analysis of what is new; while one waits in the queue, more requests add nothing (it will cover them).
   * Answers the id of the job that will cover this request: the new one, or the one already waiting.
   */
  async requestAnalysis(recluster = false): Promise<string | null> {
    const boss = await this.start();
    const id = await boss.send(QUEUES.analyse, { recluster });
    if (id) return id;
    const [waiting] = await boss.getDb().executeSql(`SELECT id FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry') ORDER BY created_on DESC LIMIT 1`, [QUEUES.analyse]).then((r) => r.rows as { id: string }[]);
    return waiting?.id ?? null;
  }

  /** Waits until a job has ended (completed, failed or cancelled; also when it is gone), polling its state. */
  async settled(queue: string, id: string, pollMs = 500): Promise<string | null> {
    for (;;) {
      const state = await this.state(queue, id);
      if (state === null || state === 'completed' || state === 'failed' || state === 'cancelled') return state;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async requestSourceRun(sourceId: number): Promise<void> {
    await (await this.start()).send(QUEUES.source, { sourceId } satisfies SourceJob, { singletonKey: `source:${sourceId}` });
  }

  async sendPart(job: PartJob): Promise<string> {
    const id = await (await this.start()).send(QUEUES.part, job);
    if (!id) throw new Error(`analysis ${job.runId} part ${job.part}: the queue refused the job`);
    return id;
  }

  /** pg-boss's state of a job: created, retry, active, completed, cancelled, failed (null when gone). */
  async state(queue: string, id: string): Promise<string | null> {
    return (await (await this.start()).getJobById(queue, id, { includeArchive: true }))?.state ?? null;
  }

  /** Takes jobs of a queue, `concurrency` at a time, until shutdown. */
  async work<T extends object>(queue: string, concurrency: number, handler: (data: T, jobId: string) => Promise<unknown>): Promise<void> {
    const boss = await this.start();
    for (let i = 0; i < concurrency; i++) {
      await boss.work<T>(queue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        await handler(job.data, job.id);
      });
    }
  }

  /** Fails an active job whose worker is gone, so that the queue retries it (or takes the next) now, not when it expires. */
  async fail(queue: string, id: string, reason: string): Promise<void> {
    await (await this.start()).fail(queue, id, { message: reason });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.boss) await (await this.boss).stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
