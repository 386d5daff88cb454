import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parentPort, workerData } from 'node:worker_threads';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../../app.module';
import type { SeamConfig } from '../../config/seam.config';
import type { AnalysisRunRow } from './analysis-rows';
import { AnalysisService } from './analysis.service';

/** A run the server's thread hands over: its options (the server keeps coalescing requests itself). */
export interface AnalysisJob {
  recluster?: boolean;
  jobId?: string;
}

export type AnalysisWorkerMessage =
  | { type: 'progress'; run: Partial<AnalysisRunRow> }
  | { type: 'done'; run: AnalysisRunRow }
  | { type: 'failed'; message: string };

/**
 * The analysis thread: Seam's app without HTTP, on its own database connection, running one analysis at a time
 * (scoring, embedding, clustering, the metrics and detectors after it), so that the server's thread keeps
 * answering requests while a night's analysis runs. It recovers nothing at start: it is a thread of a process
 * that does that itself.
 */
const config = workerData as SeamConfig;
let app: Promise<INestApplicationContext> | null = null;

function context(): Promise<INestApplicationContext> {
  app ??= NestFactory.createApplicationContext(
    AppModule.forRoot({ ...config, analyseAfterImport: false, scheduler: false, sourcesFile: null, analysisInThread: false, insideThread: true }),
    { logger: ['error', 'warn'] },
  );
  return app;
}

parentPort!.on('message', (job: AnalysisJob) => {
  void (async (): Promise<AnalysisWorkerMessage> => {
    try {
      const analysis = (await context()).get(AnalysisService);
      const run = await analysis.schedule({ ...job, onProgress: (run) => parentPort!.postMessage({ type: 'progress', run } satisfies AnalysisWorkerMessage) });
      return { type: 'done', run };
    } catch (err) {
      return { type: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
  })().then((message) => parentPort!.postMessage(message));
});
