import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import type { SeamConfig } from '../../config/seam.config';
import { databaseUnavailable } from '../../common/database-errors';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { openDataSource } from '../../database/data-source';
import { FormatName } from './formats/format.types';
import { ImportRunEntity } from './import-run.entity';
import { runImport } from './import-runner';
import { ImportsRepository } from './imports.repository';
import { ParseThread } from './parse-thread';

/** One import a thread is given: the run, already created, and the file to read into it. */
export interface ImportJob {
  run: ImportRunEntity;
  file: { path: string; fileName: string; format: FormatName; wrapped: boolean; baseTime: number; recordSources: boolean };
}

export type ImportWorkerMessage =
  | { type: 'progress'; run: ImportRunEntity }
  | { type: 'done'; run: ImportRunEntity }
  | { type: 'failed'; error: { message: string; code?: SeamException['code']; details?: Record<string, unknown> } };

/**
 * An import thread: takes one job at a time, with its own database connection (opened at the first job, kept
 * while the thread lives) and its own parse thread (parse.worker.ts): the file is read, redacted and batched there
 * while this thread writes the batches before it (SQLite's writes are synchronous: on one thread, parsing and
 * writing would take turns). Neither is the server's thread, which keeps answering requests (SQLite in WAL mode
 * reads on its connection while this one writes).
 */
const config = workerData as SeamConfig;
let database: Promise<DataSource> | null = null;
const parseThread = new ParseThread();

async function importOne({ run, file }: ImportJob): Promise<ImportWorkerMessage> {
  try {
    const ds = await (database ??= openDataSource(config, 2));
    const settings = {
      batchSize: config.batchSize,
      redactPatterns: config.redact ? config.redactPatterns : null,
      source: run.source,
      recordSources: file.recordSources,
      fileName: file.fileName,
      maxRecordBytes: config.maxRecordBytes,
    };
    const batches = parseThread.batches({ path: file.path, format: file.format, wrapped: file.wrapped, baseTime: file.baseTime, handoff: config.handoff, settings });
    await runImport(new ImportsRepository(ds), run, batches, () => parentPort!.postMessage({ type: 'progress', run } satisfies ImportWorkerMessage));
    return { type: 'done', run };
  } catch (err) {
    if (err instanceof SeamException) return { type: 'failed', error: { message: err.message, code: err.code, details: err.details } };
    // The database's own failure (a full disk, PostgreSQL gone) reaches the caller as such, not as an internal error.
    const down = databaseUnavailable(err);
    return { type: 'failed', error: down ? { message: down, code: SeamErrorCode.Unavailable } : { message: err instanceof Error ? err.message : String(err) } };
  }
}

parentPort!.on('message', (job: ImportJob) => {
  void importOne(job).then((message) => parentPort!.postMessage(message));
});
