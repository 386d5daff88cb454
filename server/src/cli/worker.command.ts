import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { PROCESS_NAME } from '../common/process-name';
import { loadConfig } from '../config/seam.config';
import { AnalysisService } from '../modules/analysis/analysis.service';
import { JobsService, PartJob, QUEUES, SourceJob } from '../modules/jobs/jobs.service';
import { SourcesService } from '../modules/sources/sources.service';
import { Command, options, UsageError } from './common';

async function run(args: string[]): Promise<number> {
  const { values } = options('worker', args, { concurrency: { type: 'string' } });
  const config = loadConfig();
  const concurrency = Number(values.concurrency ?? 1);
  if (config.jobs !== 'queue') {
    console.error('seam worker takes its jobs from the queue in PostgreSQL: set SEAM_JOBS=queue and DATABASE_URL');
    return 2;
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError('worker', '--concurrency must be a whole number from 1 to 32');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, scheduler: false }), { logger: ['log', 'error', 'warn'] });
  const jobs = app.get(JobsService);
  const analysis = app.get(AnalysisService);
  const sources = app.get(SourcesService);
  await jobs.work<{ recluster?: boolean }>(QUEUES.analyse, 1, (job, jobId) => analysis.schedule({ recluster: job.recluster, distributed: true, jobId }));
  await jobs.work<PartJob>(QUEUES.part, concurrency, (job) => analysis.scorePart(job.runId, job.part, PROCESS_NAME));
  await jobs.work<SourceJob>(QUEUES.source, 1, (job) => sources.run(job.sourceId, 'schedule'));
  console.log(`seam worker ${PROCESS_NAME}: taking jobs (${concurrency} analysis part${concurrency > 1 ? 's' : ''} at a time)`);
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  return 0;
}

export const workerCommand: Command = {
  help: `worker [--concurrency N]
      With SEAM_JOBS=queue and PostgreSQL: take analysis, analysis-part and scheduled-source jobs from the
      queue until stopped (SIGINT/SIGTERM finishes the jobs in hand). Start as many as you have cores and machines.`,
  run,
};
