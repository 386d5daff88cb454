import { badFile } from '../../common/seam.exception';
import { WriteBehind } from '../../common/write-behind';
import { ParsedBatch, stagedDuplicateReject } from './import-batch';
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
  const writing = new WriteBehind();
  try {
    for await (const batch of batches) {
      const n = ++number;
      accepted = batch.accepted;
      await writing.push(async () => {
        await flush(repo, run, batch, n);
        onProgress(run);
      });
    }
    await writing.flush();
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
    await writing.settled();
    throw err;
  }
}

async function flush(repo: ImportsRepository, run: ImportRunEntity, batch: ParsedBatch, batchNumber: number): Promise<void> {
  run.recordsRead = batch.recordsRead;
  run.bytesRead = batch.bytesRead;
  run.redactions = batch.redactions;
  if (batch.rows.messages.length === 0 && batch.rows.rejects.length === 0) return;
  await repo.stageBatch(run.id, batchNumber, { bytesRead: batch.bytesRead, recordsRead: batch.recordsRead }, batch.rows, batch.redactions);
  run.rejectedCount += batch.rows.rejects.length;
  run.heartbeatAt = Date.now();
}
