import { Worker } from 'node:worker_threads';
import { workerFile } from '../../common/worker-file';
import type { SeamConfig } from '../../config/seam.config';
import type { ImportJob, ImportWorkerMessage } from './import.worker';

/**
 * An import's threads allocate fast and keep little: a small young generation makes V8 collect more often instead of
 * growing the heap (1M-message import: peak RSS about 40 MB lower at the same speed).
 */
export const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** An idle thread is kept this long for the next import (a folder of files, a source's next run), then stopped. */
const IDLE_MS = 60_000;

/**
 * The threads imports run in, one import per thread at a time. A thread is started when no idle one is left
 * (two imports at once take two), and kept a minute after its import for the next one: starting one (loading
 * the database layer, opening a connection) costs about half a second.
 */
export class ImportThreads {
  private readonly idle = new Map<Worker, NodeJS.Timeout>();
  private readonly busy = new Set<Worker>();
  private stopping = false;

  constructor(private readonly config: SeamConfig) {}

  /** Runs one import; resolves with its last message (`done` or `failed`), also when the thread dies. */
  run(job: ImportJob, onProgress: (run: ImportJob['run']) => void): Promise<Exclude<ImportWorkerMessage, { type: 'progress' }>> {
    const worker = this.take();
    return new Promise((resolve) => {
      let crash: Error | null = null;
      const onError = (err: Error) => (crash = err);
      const onExit = (code: number) => {
        finish();
        const why = this.stopping ? 'Seam stopped during the import' : `the import stopped before the end (${crash ? crash.message : `its thread exited with code ${code}`})`;
        resolve({ type: 'failed', error: { message: `${why}; rolled back, import the file again` } });
      };
      const onMessage = (message: ImportWorkerMessage) => {
        if (message.type === 'progress') return onProgress(message.run);
        finish();
        this.release(worker);
        resolve(message);
      };
      const finish = () => {
        this.busy.delete(worker);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(job);
    });
  }

  /** Stops every thread; imports still running end as failed (and are rolled back by their caller). */
  async stop(): Promise<void> {
    this.stopping = true;
    const all = [...this.idle.keys(), ...this.busy];
    for (const timer of this.idle.values()) clearTimeout(timer);
    this.idle.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private take(): Worker {
    const [idle] = this.idle.keys();
    const worker = idle ?? new Worker(workerFile(__dirname, __filename, 'import.worker.js'), { workerData: this.config, resourceLimits: THREAD_LIMITS });
    if (idle) {
      clearTimeout(this.idle.get(idle));
      this.idle.delete(idle);
      idle.ref();
    }
    this.busy.add(worker);
    return worker;
  }

  /** An idle thread does not keep the process alive. */
  private release(worker: Worker): void {
    worker.unref();
    const timer = setTimeout(() => {
      this.idle.delete(worker);
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    this.idle.set(worker, timer);
  }
}
