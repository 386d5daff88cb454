import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeSample } from '../server/src/modules/sample/sample.generator';
import { loadConfig } from '../server/src/config/seam.config';
import { pgDatabase } from './dataset';
import { figure, flag } from './figures';
import { plainLoad } from './plain-loader';

/**
 * `npm run bench -- import [--messages N] [--engine sqlite|postgres]`: messages/s and peak RSS of one import, into
 * SQLite and PostgreSQL, and the plain loader's messages/s on the same file into another empty database of the same
 * engine (plain-loader.ts), with Seam's rate as a share of it.
 */
export async function importBench(args: string[]): Promise<void> {
  const target = Number(flag(args, 'messages') ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-bench-'));
  try {
    const file = path.join(dir, 'messages.jsonl');
    // About 7.8 messages a conversation in the generator's mix.
    const written = await writeSample(file, { seed: 99, conversations: Math.round(target / 7.8), end: Date.UTC(2025, 0, 1), days: 90 });
    figure('import_file_messages', written, 'messages');
    figure('import_file_size', (statSync(file).size / 1e6).toFixed(1), 'MB');
    const only = flag(args, 'engine');
    for (const engine of (['sqlite', 'postgres'] as const).filter((e) => !only || e === only)) {
      const env: NodeJS.ProcessEnv = { ...process.env, SEAM_DATA_DIR: path.join(dir, engine) };
      delete env.DATABASE_URL;
      let drop = async () => undefined as void;
      if (engine === 'postgres') {
        const pg = await pgDatabase(`seam_bench_${process.pid}`);
        env.DATABASE_URL = pg.url;
        drop = pg.drop;
      }
      try {
        const out = execFileSync(process.execPath, [path.join(__dirname, 'import.worker.js'), file], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
        const result = JSON.parse(out.trim().split('\n').pop()!);
        figure(`import_${engine}_messages_per_s`, Math.round(result.inserted / result.seconds), 'messages/s');
        figure(`import_${engine}_seconds`, result.seconds.toFixed(1), 's');
        figure(`import_${engine}_peak_rss`, Math.round(result.maxRssKb / 1024), 'MB');
        figure(`import_${engine}_rejected`, result.rejected, 'rows');
        const seam = result.inserted / result.seconds;
        const plain = await plainBaseline(engine, file, path.join(dir, `${engine}-plain`));
        figure(`import_${engine}_plain_messages_per_s`, Math.round(plain.inserted / plain.seconds), 'messages/s');
        figure(`import_${engine}_vs_plain`, (seam / (plain.inserted / plain.seconds)).toFixed(2), 'ratio');
      } finally {
        await drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The plain loader on the same file into an empty database of its own (dropped afterwards on PostgreSQL). */
async function plainBaseline(engine: 'sqlite' | 'postgres', file: string, dataDir: string): Promise<{ seconds: number; inserted: number }> {
  if (engine === 'sqlite') return plainLoad(file, loadConfig({ SEAM_DATA_DIR: dataDir }));
  const pg = await pgDatabase(`seam_bench_plain_${process.pid}`);
  try {
    return await plainLoad(file, loadConfig({ SEAM_DATA_DIR: dataDir, DATABASE_URL: pg.url }));
  } finally {
    await pg.drop();
  }
}
