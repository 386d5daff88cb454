import { Worker } from 'node:worker_threads';
import { workerFile } from '../../common/worker-file';
import { SeamException } from '../../common/seam.exception';
import type { ParsedBatch } from './import-batch';
import { THREAD_LIMITS } from './import-threads';
import type { ParseJob, ParseReply, ParseRequest } from './parse.worker';

/** Batches the parse thread may have ready ahead of the writer: one being written, one waiting, one being parsed. */
const AHEAD = 2;

/**
 * The importing thread's side of its parse thread (parse.worker.ts), started at the first import and kept with the
 * importing thread. `batches` yields a file's batches as the parse thread produces them, asking for the next ones as
 * they are taken; a failure of the parse (a file that cannot be read) is thrown as it was raised there.
 */
export class ParseThread {
  private worker: Worker | null = null;

  async *batches(job: ParseJob): AsyncGenerator<ParsedBatch> {
    const worker = (this.worker ??= this.start());
    const inbox: (ParseReply | { type: 'exit'; message: string })[] = [];
    let wake: (() => void) | null = null;
    const push = (reply: (typeof inbox)[number]) => {
      inbox.push(reply);
      const w = wake;
      wake = null;
      w?.();
    };
    const onMessage = (reply: ParseReply) => push(reply);
    let crash: Error | null = null;
    const onError = (err: Error) => (crash = err);
    const onExit = (code: number) => {
      this.worker = null;
      push({ type: 'exit', message: `the file's parsing stopped (${crash ? crash.message : `its thread exited with code ${code}`})` });
    };
    const next = async () => {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return inbox.shift()!;
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    const send = (request: ParseRequest) => worker.postMessage(request);
    let done = false;
    try {
      send({ type: 'parse', job });
      send({ type: 'more', n: AHEAD });
      for (;;) {
        const reply = await next();
        if (reply.type === 'batch') {
          send({ type: 'more', n: 1 });
          yield reply.batch;
          continue;
        }
        done = true;
        if (reply.type === 'end') return;
        if (reply.type === 'exit') throw new Error(reply.message);
        throw reply.error.code ? new SeamException(reply.error.code, reply.error.message, reply.error.details) : new Error(reply.error.message);
      }
    } finally {
      if (!done && this.worker) {
        // The writer gave up early (its database failed): the parse thread stops and says so before the next import.
        send({ type: 'stop' });
        for (let reply = await next(); reply.type === 'batch'; reply = await next());
      }
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    }
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(workerFile(__dirname, __filename, 'parse.worker.js'), { resourceLimits: THREAD_LIMITS });
    // An idle parse thread does not keep the importing thread alive.
    worker.unref();
    return worker;
  }
}
