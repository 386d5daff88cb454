import { badFile } from '../../common/seam.exception';
import { ParsedBatch, StagedRows, stagedDuplicateReject } from './import-batch';
import { ImportRunEntity } from './import-run.entity';
import { ImportsRepository } from './imports.repository';

/**
 * Writes a file's batches (import-batch.ts; parsed on another thread meanwhile) into the staging tables, each batch
 * one transaction, then moves the run's rows into place in one final transaction. A failure is thrown once the batch
 * being written has settled; the caller rolls the run's staged rows back (nothing else was written), and the file can
 * be imported again without duplicates.
 */
export async function runImport(repo: ImportsRepository, run: ImportRunEntity, batches: AsyncIterable<ParsedBatch>, onProgress: (run: ImportRunEntity) => void): Promise<ImportRunEntity> {
  let accepted = 0;
  let number = 0;
  // One batch is written while the next is taken (PostgreSQL works on its own core meanwhile).
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  try {
    for await (const batch of batches) {
      await writing;
      if (writeError) throw writeError;
      run.recordsRead = batch.recordsRead;
      run.bytesRead = batch.bytesRead;
      run.redactions = batch.redactions;
      accepted = batch.accepted;
      writing = flush(repo, run, batch.rows, ++number).then(
        () => onProgress(run),
        (err) => {
          writeError = err;
        },
      );
    }
    await writing;
    if (writeError) throw writeError;
    if (accepted === 0 && run.rejectedCount > 0) {
      // Not a conversation log: its lines (a configuration file, a password file) are not kept for anyone to read.
      await repo.forgetRejectedText(run.id);
      const [first] = await repo.rejectedRows(run.id, 0, 1);
      const where = first[0] ? ` (line ${first[0].line}${first[0].field ? `, field ${first[0].field}` : ''}: ${first[0].reason})` : '';
      throw badFile(run.fileName, null, `no row is a conversation message: all ${run.rejectedCount} were rejected${where}; is it a conversation log in the format it was read as (${run.format})?`);
    }
    const counts = await repo.finalizeRun(run, (row) => stagedDuplicateReject(run.fileName, row));
    run.messagesInserted = counts.inserted;
    run.messagesDuplicate = counts.duplicates;
    run.rejectedCount += counts.sameRunDuplicates;
    run.conversationsTouched = counts.conversationsTouched;
    run.status = 'completed';
    run.finishedAt = Date.now();
    return run;
  } catch (err) {
    await writing;
    throw err;
  }
}

async function flush(repo: ImportsRepository, run: ImportRunEntity, rows: StagedRows, batchNumber: number): Promise<void> {
  if (rows.messages.length === 0 && rows.rejects.length === 0) return;
  await repo.stageBatch(run.id, batchNumber, { bytesRead: run.bytesRead, recordsRead: run.recordsRead }, rows, run.redactions);
  run.rejectedCount += rows.rejects.length;
  run.heartbeatAt = Date.now();
}
