import { parentPort } from 'node:worker_threads';
import { SeamException } from '../../common/seam.exception';
import { parserFor } from './formats/detect';
import { FormatName, HandoffNames } from './formats/format.types';
import { BatchSettings, ParsedBatch, parseBatches } from './import-batch';

/** A file for the parse thread to read, and how. */
export interface ParseJob {
  path: string;
  format: FormatName;
  wrapped: boolean;
  baseTime: number;
  handoff: HandoffNames;
  settings: BatchSettings;
}

/** From the importing thread: a file to parse, leave for `n` more batches, or stop early (the import failed). */
export type ParseRequest = { type: 'parse'; job: ParseJob } | { type: 'more'; n: number } | { type: 'stop' };

export type ParseReply =
  | { type: 'batch'; batch: ParsedBatch }
  | { type: 'end' }
  | { type: 'failed'; error: { message: string; code?: SeamException['code']; details?: Record<string, unknown> } };

/**
 * The parse thread of an import: reads the file, redacts and batches its rows, and hands the batches to the
 * importing thread, which writes them meanwhile (each side on its own core). It keeps at most the batches it was
 * asked for ahead of the writer, so memory stays bounded whatever the file's size.
 */
let credits = 0;
let stopped = false;
let wake: (() => void) | null = null;

function wakeUp(): void {
  const w = wake;
  wake = null;
  w?.();
}

async function parse(job: ParseJob): Promise<ParseReply> {
  let bytesRead = 0;
  const items = parserFor(job.format, job.wrapped)({
    path: job.path,
    fileName: job.settings.fileName,
    maxRecordBytes: job.settings.maxRecordBytes,
    baseTime: job.baseTime,
    handoff: job.handoff,
    onBytes: (b) => {
      bytesRead = b;
    },
  });
  try {
    for await (const batch of parseBatches(items, job.settings, () => bytesRead)) {
      while (credits === 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) break;
      credits--;
      parentPort!.postMessage({ type: 'batch', batch } satisfies ParseReply);
    }
    return { type: 'end' };
  } catch (err) {
    if (err instanceof SeamException) return { type: 'failed', error: { message: err.message, code: err.code, details: err.details } };
    return { type: 'failed', error: { message: err instanceof Error ? err.message : String(err) } };
  }
}

parentPort!.on('message', (request: ParseRequest) => {
  if (request.type === 'more') credits += request.n;
  else if (request.type === 'stop') stopped = true;
  else {
    credits = 0;
    stopped = false;
    void parse(request.job).then((reply) => parentPort!.postMessage(reply));
  }
  wakeUp();
});
