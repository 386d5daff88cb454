import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { createApp } from '../server/src/app.factory';
import { loadConfig } from '../server/src/config/seam.config';
import { AnalysisService } from '../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../server/src/modules/imports/imports.service';
import { SampleMessage } from '../server/src/modules/sample/sample.generator';
import { writers } from '../test/support/formats';
import { writeTinyBert } from '../test/support/tiny-bert';
import { pgDatabase } from './dataset';
import { figure, flag } from './figures';
import { loadLabelled } from './intents.bench';

const DATA = path.resolve(__dirname, '../../../shared/data');
const CLI = path.resolve(__dirname, '../server/src/cli.js');

/** Real customer queries (Banking77, HWU64), each opening a conversation the bot answers: distinct texts to score and embed. */
function conversations(file: string, copies: number): number {
  const texts = [
    ...loadLabelled(path.join(DATA, 'banking77/train.csv'), 'text', 'category').texts,
    ...loadLabelled(path.join(DATA, 'banking77/test.csv'), 'text', 'category').texts,
    ...loadLabelled(path.join(DATA, 'hwu64/hwu64_all_folds.csv'), 'text', 'label').texts,
  ];
  const rows: SampleMessage[] = [];
  for (let copy = 0; copy < copies; copy++) {
    texts.forEach((text, i) => {
      const id = `b${copy}-${i}`;
      const at = Date.UTC(2024, 5, 1) + (copy * texts.length + i) * 30_000;
      rows.push({ conversation_id: id, message_id: `${id}-1`, timestamp: new Date(at).toISOString(), role: 'customer', text: copy === 0 ? text : `${text} (${copy})`, customer_id: `u${i % 5000}`, channel: 'web' });
      rows.push({ conversation_id: id, message_id: `${id}-2`, timestamp: new Date(at + 5000).toISOString(), role: 'bot', text: 'Let me check that for you.', customer_id: `u${i % 5000}`, channel: 'web' });
    });
  }
  writers.jsonl(file, rows);
  return rows.length / 2;
}

async function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('taking jobs') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return child;
}

/**
 * `npm run bench -- workers [--copies N]`: an analysis run of real customer queries (24,000 distinct texts per
 * copy) on one PostgreSQL database, with 1 and then 2 `seam worker` processes sharing its parts (sentiment, and
 * vectors of a generated BERT-shaped encoder standing in for the embedding model, which this machine cannot
 * download). Prints the parts' throughput, the run's time, and that no message was analysed twice or skipped.
 */
export async function workersBench(args: string[]): Promise<void> {
  const copies = Number(flag(args, 'copies') ?? 2);
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-workers-bench-'));
  const file = path.join(dir, 'queries.jsonl');
  const customers = conversations(file, copies);
  const modelsDir = path.join(dir, 'models');
  writeTinyBert(path.join(modelsDir, 'seam-bench', 'tiny-encoder'), { kind: 'encoder', hidden: 384 });
  figure('workers_customer_messages', customers, 'messages');
  const rates: Record<number, number> = {};
  for (const count of [1, 2]) {
    const pg = await pgDatabase(`seam_workers_${count}_${process.pid}`);
    const env = {
      DATABASE_URL: pg.url,
      SEAM_DATA_DIR: path.join(dir, `data-${count}`),
      SEAM_JOBS: 'queue',
      SEAM_MODELS_DIR: modelsDir,
      SEAM_EMBEDDING_MODEL: 'seam-bench/tiny-encoder',
      SEAM_ANALYSIS_PART_SIZE: '2000',
      SEAM_ANALYSE_AFTER_IMPORT: 'false',
    };
    const app = await createApp({ ...loadConfig(env), scheduler: false }, ['error']);
    await app.init();
    const workers: ChildProcess[] = [];
    try {
      await app.get(ImportsService).importPath(file, { source: 'bench', analyse: false });
      for (let i = 0; i < count; i++) workers.push(await startWorker(env));
      const ds = app.get(DataSource);
      await app.get(AnalysisService).request();
      let run: Record<string, unknown> | undefined;
      while (!(run = (await ds.query(`SELECT * FROM analysis_runs WHERE status IN ('completed', 'failed') LIMIT 1`))[0])) await sleep(250);
      if (run.status !== 'completed') throw new Error(`the analysis failed: ${run.error}`);
      const parts: Record<string, string | number>[] = await ds.query(`SELECT * FROM analysis_parts WHERE run_id = $1`, [run.id]);
      const started = Math.min(...parts.map((p) => Number(p.started_at)));
      const finished = Math.max(...parts.map((p) => Number(p.finished_at)));
      const scored = parts.reduce((n, p) => n + Number(p.messages_scored), 0);
      const [{ analysed }] = await ds.query(`SELECT COUNT(DISTINCT message_id) AS analysed FROM message_analysis`);
      const [{ skipped }] = await ds.query(
        `SELECT COUNT(*) AS skipped FROM messages m LEFT JOIN message_analysis a ON a.message_id = m.id WHERE m.role = 'customer' AND m.text <> '' AND a.message_id IS NULL`,
      );
      const byWorker = new Map<string, number>();
      for (const p of parts) byWorker.set(String(p.worker), (byWorker.get(String(p.worker)) ?? 0) + Number(p.messages_stored));
      rates[count] = Number(analysed) / ((finished - started) / 1000);
      figure(`workers_${count}_parts`, parts.length, 'parts');
      figure(`workers_${count}_messages_per_s`, Math.round(rates[count]), 'messages/s');
      figure(`workers_${count}_texts_embedded`, parts.reduce((n, p) => n + Number(p.texts_embedded), 0), 'texts');
      figure(`workers_${count}_run_seconds`, ((Number(run.finished_at) - Number(run.started_at)) / 1000).toFixed(1), 's');
      figure(`workers_${count}_messages_by_worker`, [...byWorker.values()].sort((a, b) => b - a).join('/'), 'messages');
      figure(`workers_${count}_analysed_twice`, scored - Number(analysed), 'messages');
      figure(`workers_${count}_skipped`, Number(skipped), 'messages');
    } finally {
      for (const w of workers) {
        w.kill('SIGTERM');
        await new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve)));
      }
      await app.close();
      await pg.drop();
    }
  }
  figure('workers_speedup_2_over_1', (rates[2] / rates[1]).toFixed(2), 'x');
  rmSync(dir, { recursive: true, force: true });
}
