import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import type { SeamConfig } from '../../config/seam.config';
import { databaseUnavailable } from '../../common/database-errors';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { openDataSource } from '../../database/data-source';
import { parserFor } from './formats/detect';
import { FormatName } from './formats/format.types';
import { ImportRunEntity } from './import-run.entity';
import { runImport } from './import-runner';
import { ImportsRepository } from './imports.repository';

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
 * while the thread lives). Parsing, redaction and SQLite's synchronous writes take this thread, not the
 * server's, which keeps answering requests (SQLite in WAL mode reads on its connection while this one writes).
 */
const config = workerData as SeamConfig;
let database: Promise<DataSource> | null = null;

async function importOne({ run, file }: ImportJob): Promise<ImportWorkerMessage> {
  try {
    const ds = await (database ??= openDataSource(config, 2));
    const items = parserFor(file.format, file.wrapped)({
      path: file.path,
      fileName: file.fileName,
      maxRecordBytes: config.maxRecordBytes,
      baseTime: file.baseTime,
      handoff: config.handoff,
      onBytes: (b) => {
        run.bytesRead = b;
      },
    });
    const settings = { batchSize: config.batchSize, redactPatterns: config.redact ? config.redactPatterns : null, recordSources: file.recordSources, maxRecordBytes: config.maxRecordBytes };
    await runImport(new ImportsRepository(ds), run, items, settings, () => parentPort!.postMessage({ type: 'progress', run } satisfies ImportWorkerMessage));
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
