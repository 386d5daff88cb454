import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createApp } from '../../server/src/app.factory';
import { openDataSource } from '../../server/src/database/data-source';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { ENGINES, freshDatabase } from '../support/engines';
import { writers } from '../support/formats';

const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');
const SERVER = path.resolve(__dirname, '../../dist/server/src/main.js');

interface Finished {
  code: number | null;
  output: string;
}

/** Runs a Seam process to its end (a server: until it answers /api/health, then stopped), with what it printed. */
function runProcess(args: string[], env: NodeJS.ProcessEnv, serveOn?: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env, ...(serveOn ? { PORT: String(serveOn), HOST: '127.0.0.1' } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const read = (d: Buffer) => {
      output += d.toString();
      if (serveOn && output.includes('Seam is serving')) {
        fetch(`http://127.0.0.1:${serveOn}/api/health`)
          .then((r) => (r.ok ? child.kill('SIGTERM') : reject(new Error(`health answered ${r.status}`))))
          .catch(reject);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: serveOn && output.includes('Seam is serving') ? 0 : code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.each(ENGINES)('several Seam processes on one new %s database', (engine) => {
  it('start together: a server, `seam migrate` and `seam import` each migrate or wait, and every migration runs once', async () => {
    const db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    const file = path.join(db.config.dataDir, 'night.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 3, conversations: 20, end: Date.UTC(2025, 0, 1), days: 5 })]);
    try {
      const started = await Promise.all([runProcess([SERVER], db.env, await freePort()), runProcess([CLI, 'migrate'], db.env), runProcess([CLI, 'import', file], db.env)]);
      for (const p of started) expect({ code: p.code, output: p.output }).toEqual({ code: 0, output: expect.not.stringMatching(/duplicate key|already exists|SQLITE_BUSY|QueryFailedError/) });
      const ds = await openDataSource(db.config);
      try {
        const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[];
        expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
      } finally {
        await ds.destroy();
      }
    } finally {
      await db.drop();
    }
  });
});

describe.each(ENGINES)('one analysis at a time across processes on %s', (engine) => {
  it('a server analysing while `seam import` and `seam analyse` start: each waits its turn, none fails another, everything is analysed', async () => {
    const db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    const app = await createApp(db.config, false);
    try {
      await app.init();
      const ds = app.get(DataSource);
      const big = path.join(db.config.dataDir, 'month.jsonl');
      writers.jsonl(big, [...generateSample({ seed: 5, conversations: 4000, end: Date.UTC(2025, 0, 1), days: 30 })]);
      await app.get(ImportsService).importPath(big, { source: 'sample', analyse: false });
      const night = path.join(db.config.dataDir, 'night.jsonl');
      writers.jsonl(night, [...generateSample({ seed: 6, conversations: 50, end: Date.UTC(2025, 0, 2), days: 1 })].map((m) => ({ ...m, conversation_id: `n-${m.conversation_id}`, message_id: `n-${m.message_id}` })));

      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const serverRun = app.get(AnalysisService).schedule({ onProgress: () => started() });
      await running;
      const [imported, analysed] = await Promise.all([runProcess([CLI, 'import', night], db.env), runProcess([CLI, 'analyse'], db.env)]);
      const run = await serverRun;

      expect(run.status).toBe('completed');
      expect(imported.code).toBe(0);
      expect(imported.output).toMatch(/night\.jsonl \(jsonl, source default\): completed/);
      expect(imported.output).toMatch(new RegExp(`waiting for analysis ${run.id} \\(`));
      expect(imported.output).not.toMatch(/failed|taken as dead|did not complete/);
      expect(analysed.code).toBe(0);
      expect(analysed.output).not.toMatch(/failed|taken as dead/);
      const runs = (await ds.query(`SELECT id, status, started_at, finished_at FROM analysis_runs ORDER BY started_at`)) as { status: string; started_at: string; finished_at: string }[];
      expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
      for (let i = 1; i < runs.length; i++) expect(Number(runs[i].started_at)).toBeGreaterThanOrEqual(Number(runs[i - 1].finished_at));
      const [{ pending }] = await ds.query(
        `SELECT COUNT(*) AS pending FROM messages m LEFT JOIN message_analysis a ON a.message_id = m.id WHERE m.role = 'customer' AND m.text <> '' AND a.message_id IS NULL`,
      );
      expect(Number(pending)).toBe(0);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('a run whose process died is failed at once by the next process on its host, not after SEAM_STALE_ANALYSIS_SECONDS', async () => {
    const db = await freshDatabase(engine);
    const app = await createApp(db.config, false);
    try {
      await app.init();
      const ds = app.get(DataSource);
      const dead = spawn(process.execPath, ['-e', '0']);
      await new Promise((resolve) => dead.once('exit', resolve));
      await ds.query(
        `INSERT INTO analysis_runs (status, started_at, heartbeat_at, owner, embedding_engine, embedding_model, sentiment_engine, sentiment_model)
         VALUES ('running', ${Date.now()}, ${Date.now()}, '${hostname()}:${dead.pid}', 'lexical', 'seam-lexical-v1', 'lexicon', 'seam-lexicon-v1')`,
      );
      const live = `${hostname()}:${process.pid}`;
      expect(await app.get(AnalysisService).sweepSilentRuns()).toHaveLength(1);
      await ds.query(
        `INSERT INTO analysis_runs (status, started_at, heartbeat_at, owner, embedding_engine, embedding_model, sentiment_engine, sentiment_model)
         VALUES ('running', ${Date.now()}, ${Date.now()}, '${live}', 'lexical', 'seam-lexical-v1', 'lexicon', 'seam-lexicon-v1')`,
      );
      expect(await app.get(AnalysisService).sweepSilentRuns()).toEqual([]);
      expect((await ds.query(`SELECT status, error FROM analysis_runs ORDER BY id`)) as unknown[]).toEqual([
        { status: 'failed', error: expect.stringMatching(/pid is gone/) },
        { status: 'running', error: null },
      ]);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
