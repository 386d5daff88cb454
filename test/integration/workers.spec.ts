import { INestApplication } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { JobsService, QUEUES } from '../../server/src/modules/jobs/jobs.service';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { SourcesService } from '../../server/src/modules/sources/sources.service';
import { client } from '../support/access';
import { freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';

const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Stops a worker as a service manager would (SIGTERM) and waits until it has exited. */
async function stop(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null) return;
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.once('exit', resolve));
}

describe('seam worker: jobs from a queue in PostgreSQL (SEAM_JOBS=queue)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  const workers: ChildProcess[] = [];
  const count = async (sql: string) => Number((await ds.query(sql))[0].n);

  beforeAll(async () => {
    db = await freshDatabase('postgres', { SEAM_JOBS: 'queue', SEAM_ANALYSIS_PART_SIZE: '300', SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
    ds = app.get(DataSource);
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, ...db.env, SEAM_ANALYSE_AFTER_IMPORT: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
      workers.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('taking jobs') && resolve());
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
    }
  });

  afterAll(async () => {
    for (const w of workers) await stop(w);
    await app?.close();
    await db?.drop();
  });

  it('analyses in parts shared by the workers: every customer message once, none skipped, metrics after', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-workers-')), 'sample.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 31, conversations: 400, end: Date.UTC(2024, 6, 1), days: 14 })]);
    await app.get(ImportsService).importPath(file, { source: 'sample', analyse: false });
    const customers = await count(`SELECT COUNT(*) AS n FROM messages WHERE role = 'customer' AND text <> ''`);
    await app.get(AnalysisService).request();
    const run = await until('a completed analysis run', async () => (await ds.query(`SELECT * FROM analysis_runs WHERE status IN ('completed', 'failed') ORDER BY id DESC LIMIT 1`))[0]);
    expect(run).toMatchObject({ status: 'completed', error: null });
    expect(Number(run.messages_analysed)).toBe(customers);
    expect(await count(`SELECT COUNT(*) AS n FROM message_analysis`)).toBe(customers);
    const parts: { status: string; messages_scored: number; messages_stored: number }[] = await ds.query(`SELECT * FROM analysis_parts WHERE run_id = $1`, [run.id]);
    expect(parts.length).toBe(Math.ceil(customers / 300));
    expect(parts.every((p) => p.status === 'done')).toBe(true);
    expect(parts.reduce((n, p) => n + Number(p.messages_scored), 0)).toBe(customers);
    expect(parts.reduce((n, p) => n + Number(p.messages_stored), 0)).toBe(customers);
    await until('metrics of every conversation', async () => (await count(`SELECT COUNT(*) AS n FROM conversation_metrics`)) === (await count(`SELECT COUNT(*) AS n FROM conversations`)));
    expect(await count(`SELECT COUNT(*) AS n FROM intents WHERE status = 'active'`)).toBeGreaterThan(3);
  });

  it('answers POST /api/analysis?wait=true when the worker has finished the run', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-workers-')), 'more.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 32, conversations: 60, end: Date.UTC(2024, 6, 1), days: 3 })].map((m) => ({ ...m, conversation_id: `wait-${m.conversation_id}`, message_id: `wait-${m.message_id}` })));
    await app.get(ImportsService).importPath(file, { source: 'sample', analyse: false });
    const http = await client(app, 'admin');
    const res = await http.post('/api/analysis?wait=true').send({});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'completed', jobId: expect.any(String) });
    expect(await count(`SELECT COUNT(*) AS n FROM messages m LEFT JOIN message_analysis a ON a.message_id = m.id WHERE m.role = 'customer' AND m.text <> '' AND a.message_id IS NULL`)).toBe(0);
  });

  it('runs a scheduled source in a worker when its time comes, and analyses what it brought', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'seam-worker-drop-'));
    const file = path.join(folder, 'night.jsonl');
    writers.jsonl(file, [{ conversation_id: 'w-1', message_id: 'w-1-1', timestamp: '2024-07-01T10:00:00Z', role: 'customer', text: 'my card never arrived', customer_id: 'w', channel: 'web' }]);
    utimesSync(file, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const source = await app.get(SourcesService).create({ name: 'drop', kind: 'folder', config: { path: folder }, cron: '0 2 * * *', enabled: true, format: null, retries: 0 });
    await app.get(JobsService).requestSourceRun(source.id);
    const run = await until('the source run', async () => (await ds.query(`SELECT * FROM source_runs WHERE source_id = $1 AND status <> 'running'`, [source.id]))[0]);
    expect(run).toMatchObject({ status: 'completed', messages_imported: 1 });
    expect(run.owner).not.toContain(`:${process.pid}:`);
    await until('the new message analysed', async () => (await count(`SELECT COUNT(*) AS n FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE m.external_id = 'w-1-1'`)) === 1);
  });
});

describe('seam worker: a worker that dies mid-analysis (SEAM_STALE_ANALYSIS_SECONDS=5)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let worker: ChildProcess | null = null;
  const count = async (sql: string) => Number((await ds.query(sql))[0].n);

  beforeAll(async () => {
    db = await freshDatabase('postgres', { SEAM_JOBS: 'queue', SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_STALE_ANALYSIS_SECONDS: '5', SEAM_ANALYSIS_PART_SIZE: '100' });
    app = await createApp(db.config, false);
    await app.init();
    ds = app.get(DataSource);
  });

  afterAll(async () => {
    if (worker) await stop(worker);
    await app?.close();
    await db?.drop();
  });

  it('is found by its silent heartbeat: its run fails, its job goes back to the queue, and a live worker analyses everything', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-dead-worker-')), 'sample.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 33, conversations: 60, end: Date.UTC(2024, 6, 1), days: 7 })]);
    await app.get(ImportsService).importPath(file, { source: 'sample', analyse: false });
    const customers = await count(`SELECT COUNT(*) AS n FROM messages WHERE role = 'customer' AND text <> ''`);

    // A worker takes the analysis job, starts its run, then dies without a word: the job stays active.
    const analysis = app.get(AnalysisService);
    await analysis.request();
    const boss = new PgBoss({ connectionString: db.config.databaseUrl, schema: 'pgboss' });
    await boss.start();
    const [job] = await boss.fetch<{ recluster?: boolean }>(QUEUES.analyse);
    expect(job).toBeDefined();
    const silentSince = Date.now() - 60_000;
    const [{ id: deadRun }] = await ds.query(
      `INSERT INTO analysis_runs (status, started_at, heartbeat_at, owner, job_id, embedding_engine, embedding_model, sentiment_engine, sentiment_model)
       VALUES ('running', $1, $1, 'gone-host:1', $2, 'lexical', 'seam-lexical-v1', 'lexicon', 'seam-lexicon-v1') RETURNING id`,
      [silentSince, job.id],
    );

    expect(await analysis.sweepSilentRuns()).toEqual([deadRun]);
    const [dead] = await ds.query('SELECT status, error FROM analysis_runs WHERE id = $1', [deadRun]);
    expect(dead).toMatchObject({ status: 'failed', error: expect.stringMatching(/no heartbeat for 5 s/) });
    expect((await boss.getJobById(QUEUES.analyse, job.id))?.state).not.toBe('active');
    expect(await analysis.sweepSilentRuns()).toEqual([]);
    await boss.stop({ graceful: false });

    worker = spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, ...db.env }, stdio: 'ignore' });
    const run = await until('a run by the live worker', async () => (await ds.query(`SELECT * FROM analysis_runs WHERE id <> $1 AND status IN ('completed', 'failed') ORDER BY id DESC LIMIT 1`, [deadRun]))[0], 90_000);
    expect(run).toMatchObject({ status: 'completed', error: null });
    expect(run.owner).not.toBe('gone-host:1');
    expect(await count(`SELECT COUNT(*) AS n FROM message_analysis`)).toBe(customers);
  });

  it('gives the part of a worker that died to another: the run completes with every message analysed', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-dead-part-')), 'sample.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 34, conversations: 150, end: Date.UTC(2024, 7, 1), days: 7 })].map((m) => ({ ...m, conversation_id: `p-${m.conversation_id}`, message_id: `p-${m.message_id}` })));
    await app.get(ImportsService).importPath(file, { source: 'parts', analyse: false });
    const customers = await count(`SELECT COUNT(*) AS n FROM messages WHERE role = 'customer' AND text <> ''`);
    expect(customers).toBeGreaterThan(await count('SELECT COUNT(*) AS n FROM message_analysis'));

    // The live worker from the test before is stopped: this process runs the run, and a part is taken by a worker that dies.
    await stop(worker!);
    const run = app.get(AnalysisService).schedule({ distributed: true });
    const boss = new PgBoss({ connectionString: db.config.databaseUrl, schema: 'pgboss' });
    await boss.start();
    const taken = await until('a part job', async () => (await boss.fetch<{ runId: number; part: number }>(QUEUES.part))[0]);
    const silentSince = Date.now() - 60_000;
    await ds.query(`UPDATE analysis_parts SET status = 'running', worker = 'gone-host:2', started_at = $1, heartbeat_at = $1 WHERE job_id = $2`, [silentSince, taken.id]);
    await boss.stop({ graceful: false });

    worker = spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, ...db.env }, stdio: 'ignore' });
    const done = await run;
    expect(done).toMatchObject({ status: 'completed', error: null });
    const [part] = await ds.query('SELECT status, worker FROM analysis_parts WHERE job_id = $1', [taken.id]);
    expect(part.status).toBe('done');
    expect(part.worker).not.toBe('gone-host:2');
    expect(await count(`SELECT COUNT(*) AS n FROM message_analysis`)).toBe(customers);
  });
});
