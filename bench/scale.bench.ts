import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AlertsService } from '../server/src/modules/alerts/alerts.service';
import { AnalysisService } from '../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../server/src/modules/imports/imports.service';
import { MetricsService } from '../server/src/modules/metrics/metrics.service';
import { writeSample } from '../server/src/modules/sample/sample.generator';
import { benchApp, endpointLatency } from './dataset';
import { figure, flag } from './figures';

const DAY_MS = 86_400_000;
/** The sample generator writes about this many messages per conversation. */
const MESSAGES_PER_CONVERSATION = 7.8;
/** A team of this size: a million messages a month, so five million is five months of logs. */
const MESSAGES_PER_MONTH = 1_000_000;

/**
 * The process's peak resident set since the last call, in MB (Linux: `clear_refs` 5 resets the peak, VmHWM reads
 * it): one figure per stage, though the stages run in one process as they do in the server. Each size runs in a
 * process of its own, so that no stage carries what an earlier size left in the heap.
 */
function peakSinceLast(): number {
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  writeFileSync('/proc/self/clear_refs', '5');
  return Math.round(kb / 1024);
}

/** The database's size on disk: the SQLite file (its write-ahead log checkpointed first), or PostgreSQL's database. */
async function databaseBytes(ds: DataSource, engine: 'sqlite' | 'postgres'): Promise<number> {
  if (engine === 'postgres') return Number((await ds.query('SELECT pg_database_size(current_database()) AS n'))[0].n);
  await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
  const [{ page_count: pages }] = await ds.query('PRAGMA page_count');
  const [{ page_size: size }] = await ds.query('PRAGMA page_size');
  return Number(pages) * Number(size);
}

/** The dashboard's reads a manager makes on the last six weeks, one channel and one intent picked as the filters. */
function dashboardPaths(end: number, intent: number): string[] {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const range = `from=${day(end - 42 * DAY_MS)}&to=${day(end)}`;
  const filters = `${range}&channel=web&intent=${intent}`;
  return [
    `/api/metrics/overview?${filters}`,
    `/api/metrics/timeseries?${filters}&bucket=day`,
    `/api/metrics/by-intent?${range}&channel=web`,
    `/api/breakdowns?${filters}`,
    `/api/flows?${filters}`,
    `/api/flags?${filters}&limit=50`,
    `/api/intents?${range}&channel=web`,
    `/api/conversations?${range}&channel=web&limit=50`,
    `/api/behaviour/journeys?${range}`,
    `/api/behaviour/when?${range}&tz=Europe/Berlin`,
    `/api/behaviour/effort?${range}`,
    `/api/alerts?limit=50`,
  ];
}

/** One engine at one size: the whole pipeline on a fresh database, a figure and a peak RSS per stage. */
async function pipeline(engine: 'sqlite' | 'postgres', dir: string, messages: number, rounds: number): Promise<void> {
  const tag = `scale_${engine}_${messages}`;
  const end = Date.UTC(2025, 0, 1);
  const file = path.join(dir, `scale-${messages}.jsonl`);
  const written = await writeSample(file, {
    seed: 51,
    conversations: Math.round(messages / MESSAGES_PER_CONVERSATION),
    end,
    days: Math.max(30, Math.round((messages / MESSAGES_PER_MONTH) * 30)),
  });
  figure(`${tag}_file_messages`, written, 'messages');
  figure(`${tag}_file_mb`, Math.round(statSync(file).size / 2 ** 20), 'MB');
  const { app, token, drop } = await benchApp(engine, dir, `scale${messages}`);
  try {
    peakSinceLast();
    let t = Date.now();
    const runs = await app.get(ImportsService).importPath(file, { source: 'scale', analyse: false });
    const importSeconds = (Date.now() - t) / 1000;
    figure(`${tag}_import_seconds`, importSeconds.toFixed(1), 's');
    figure(`${tag}_import_rate`, Math.round(runs.reduce((n, r) => n + r.messagesInserted, 0) / importSeconds), 'msg/s');
    figure(`${tag}_import_peak_rss`, peakSinceLast(), 'MB');
    // An analysis run ends with the metrics recompute (all conversations after a re-cluster) and the change detector.
    const metrics = app.get(MetricsService);
    t = Date.now();
    await app.get(AnalysisService).schedule();
    const total = (Date.now() - t) / 1000;
    const metricsSeconds = metrics.lastRecompute!.ms / 1000;
    const analysisSeconds = total - metricsSeconds;
    figure(`${tag}_analysis_seconds`, analysisSeconds.toFixed(1), 's');
    figure(`${tag}_metrics_seconds`, metricsSeconds.toFixed(1), 's');
    figure(`${tag}_analysis_and_metrics_peak_rss`, peakSinceLast(), 'MB');
    t = Date.now();
    await app.get(AlertsService).detect();
    const alertSeconds = (Date.now() - t) / 1000;
    figure(`${tag}_alerts_seconds`, alertSeconds.toFixed(2), 's');
    figure(`${tag}_pipeline_seconds`, (importSeconds + total + alertSeconds).toFixed(1), 's');
    figure(`${tag}_database_mb`, Math.round((await databaseBytes(app.get(DataSource), engine)) / 2 ** 20), 'MB');
    const intent = (await metrics.byIntent({})).items.find((i) => i.intentId !== null)?.intentId ?? 1;
    await endpointLatency(app, token, dashboardPaths(end, intent), rounds, `${tag}_endpoint`);
    figure(`${tag}_endpoints_peak_rss`, peakSinceLast(), 'MB');
  } finally {
    await drop();
    rmSync(file, { force: true });
  }
}

/**
 * `npm run bench -- scale [--messages N] [--baseline M] [--engine sqlite|postgres] [--rounds R]`: the generated
 * sample at N messages (default 5,000,000; a million a month) through import, analysis (this machine's engine: the
 * lexical one) and metrics on a fresh database of each engine, with a time and a peak RSS per stage, then the
 * dashboard's endpoints' p95 on it (uncached, with filters). The same at M messages first (default 1,000,000; 0:
 * not), so that the analysis' growth from M to N prints beside them (1.0: linear).
 */
export async function scaleBench(args: string[]): Promise<void> {
  const target = Number(flag(args, 'messages') ?? 5_000_000);
  const baseline = Number(flag(args, 'baseline') ?? 1_000_000);
  const rounds = Number(flag(args, 'rounds') ?? 20);
  const only = flag(args, 'engine');
  if (args.includes('--single')) {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-scale-bench-'));
    try {
      await pipeline(only === 'postgres' ? 'postgres' : 'sqlite', dir, target, rounds);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  for (const engine of (['sqlite', 'postgres'] as const).filter((e) => !only || e === only)) {
    const seconds = new Map<string, number>();
    for (const size of baseline > 0 && baseline < target ? [baseline, target] : [target]) {
      const out = execFileSync(process.execPath, [path.join(__dirname, 'run.js'), 'scale', '--single', '--messages', String(size), '--engine', engine, '--rounds', String(rounds)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      });
      process.stdout.write(out);
      for (const [, name, value] of out.matchAll(/^scale_\w+?_\d+_(analysis_seconds|metrics_seconds) ([\d.]+)/gm)) seconds.set(`${size}:${name}`, Number(value));
    }
    if (!seconds.has(`${baseline}:analysis_seconds`)) continue;
    // Seconds per message at the target over seconds per message at the baseline.
    const growth = (stage: string) => (seconds.get(`${target}:${stage}`)! / target / (seconds.get(`${baseline}:${stage}`)! / baseline)).toFixed(2);
    figure(`scale_${engine}_analysis_growth`, growth('analysis_seconds'), 'x linear');
    figure(`scale_${engine}_metrics_growth`, growth('metrics_seconds'), 'x linear');
  }
}
