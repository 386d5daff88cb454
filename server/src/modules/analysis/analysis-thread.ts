import { Worker } from 'node:worker_threads';
import { workerFile } from '../../common/worker-file';
import type { SeamConfig } from '../../config/seam.config';
import type { AnalysisRunRow } from './analysis-rows';
import type { AnalysisJob, AnalysisWorkerMessage } from './analysis.worker';

/** An idle analysis thread (its app context loaded: about a second to start) is kept this long for the next run. */
const IDLE_MS = 5 * 60_000;

/**
 * The server's analysis runs in a thread of its own (analysis.worker.ts), one run at a time (the service that
 * calls it coalesces requests), so a long analysis never holds the thread that answers HTTP requests.
 */
export class AnalysisThread {
  private worker: Worker | null = null;
  private idle: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(private readonly config: SeamConfig) {}

  run(job: AnalysisJob, onProgress?: (run: Partial<AnalysisRunRow>) => void): Promise<AnalysisRunRow> {
    if (this.stopping) return Promise.reject(new Error('Seam is stopping'));
    if (this.idle) clearTimeout(this.idle);
    this.worker ??= new Worker(workerFile(__dirname, __filename, 'analysis.worker.js'), { workerData: this.config });
    const worker = this.worker;
    worker.ref();
    return new Promise((resolve, reject) => {
      let crash: Error | null = null;
      const onError = (err: Error) => (crash = err);
      const onExit = (code: number) => {
        finish();
        this.worker = null;
        reject(new Error(this.stopping ? 'Seam stopped during the analysis' : `the analysis thread stopped (${crash ? crash.message : `exit code ${code}`})`));
      };
      const onMessage = (message: AnalysisWorkerMessage) => {
        if (message.type === 'progress') return onProgress?.(message.run);
        finish();
        this.release(worker);
        if (message.type === 'done') resolve(message.run);
        else reject(new Error(message.message));
      };
      const finish = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(job);
    });
  }

  /** Ends the thread; a run in it ends as failed. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.idle) clearTimeout(this.idle);
    await this.worker?.terminate();
    this.worker = null;
  }

  private release(worker: Worker): void {
    worker.unref();
    this.idle = setTimeout(() => {
      if (this.worker === worker) this.worker = null;
      void worker.terminate();
    }, IDLE_MS);
    this.idle.unref();
  }
}
