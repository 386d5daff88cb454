import autocannon from 'autocannon';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AnalysisService } from '../server/src/modules/analysis/analysis.service';
import { ReadCache } from '../server/src/modules/cache/read-cache';
import { ImportsService } from '../server/src/modules/imports/imports.service';
import { writeSample } from '../server/src/modules/sample/sample.generator';
import { benchApp } from './dataset';
import { figure, flag } from './figures';

const CONNECTIONS = 8;
/** Requests per second over all connections: a busy team's dashboards (each view is 6–10 requests), not a flood. */
const RATE = 40;
const END = Date.UTC(2025, 0, 1);

/** The dashboard's reads, each with the filters managers set: four date ranges, three channel choices (96 URLs). */
const WINDOWS = [
  ['2024-10-03', '2024-12-31'],
  ['2024-11-01', '2024-11-30'],
  ['2024-12-01', '2024-12-31'],
  ['2024-12-18', '2024-12-31'],
];
export const DASHBOARD_PATHS = WINDOWS.flatMap(([from, to]) =>
  ['', '&channel=web', '&channel=app'].flatMap((channel) => [
    `/api/metrics/overview?from=${from}&to=${to}${channel}`,
    `/api/metrics/timeseries?from=${from}&to=${to}&bucket=day${channel}`,
    `/api/metrics/by-intent?from=${from}&to=${to}${channel}`,
    `/api/breakdowns?from=${from}&to=${to}${channel}`,
    `/api/flows?from=${from}&to=${to}${channel}`,
    `/api/flags?status=open&limit=50&from=${from}&to=${to}${channel}`,
    `/api/intents?from=${from}&to=${to}${channel}`,
    `/api/conversations?limit=50&handoff=true&from=${from}&to=${to}${channel}`,
  ]),
);

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0;
}

/**
 * `npm run bench -- load [--messages N] [--night N] [--engine sqlite|postgres]`: a bounded load (autocannon,
 * 8 connections on loopback at 40 requests/s in all, the dashboard's main reads with managers' filters in turn; aggregate reads are
 * answered from the read cache while the data version holds) on a database of N messages (default 300,000),
 * alone and while a night's import of `--night` messages (default 20,000) runs; the import is timed alone and
 * under the load. First every view is read once, one at a time, uncached (`first_view_p95`). Prints requests/s, p95 latency and errors for each, and the import's rate both ways.
 * Last, a customer's 500 KB message is analysed while `/api/health` is asked every 50 ms: the slowest answer.
 */
export async function loadBench(args: string[]): Promise<void> {
  const messages = Number(flag(args, 'messages') ?? 300_000);
  const nightMessages = Number(flag(args, 'night') ?? 20_000);
  const only = flag(args, 'engine');
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-load-bench-'));
  try {
    const base = path.join(dir, 'base.jsonl');
    const nights = [path.join(dir, 'night-a.jsonl'), path.join(dir, 'night-b.jsonl')];
    await writeSample(base, { seed: 51, conversations: Math.round(messages / 7.8), end: END, days: 90 });
    for (const [i, night] of nights.entries()) {
      await writeSample(night, { seed: 52 + i, conversations: Math.round(nightMessages / 7.8), end: END + (i + 1) * 86_400_000, days: 1, customers: Math.round(messages / 7.8 / 2) });
    }
    for (const engine of (['sqlite', 'postgres'] as const).filter((e) => !only || e === only)) {
      const { app, token, drop } = await benchApp(engine, dir, 'load', {}, { analysisInThread: true });
      try {
        const imports = app.get(ImportsService);
        await imports.importPath(base, { source: 'bench', analyse: false });
        await app.get(AnalysisService).schedule();
        await app.listen(0, '127.0.0.1');
        const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
        const load = (seconds: number | null) => {
          const times: number[] = [];
          let finished: (err: Error | null, r: autocannon.Result) => void = () => undefined;
          const result = new Promise<autocannon.Result>((resolve, reject) => (finished = (err, r) => (err ? reject(err) : resolve(r))));
          const instance = autocannon(
            {
              url,
              connections: CONNECTIONS,
              overallRate: RATE,
              duration: seconds ?? 600,
              headers: { authorization: `Bearer ${token}` },
              requests: DASHBOARD_PATHS.map((p) => ({ method: 'GET' as const, path: p })),
            },
            (err, r) => finished(err, r),
          );
          instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
          return { stop: () => instance.stop(), result, times };
        };
        const cache = app.get(ReadCache);
        const report = (name: string, r: autocannon.Result, times: number[]) => {
          figure(`load_${engine}_${name}_requests_per_s`, Math.round(r.requests.average), 'requests/s');
          figure(`load_${engine}_${name}_p95`, p95(times).toFixed(1), 'ms');
          figure(`load_${engine}_${name}_errors`, r.errors + r.timeouts + r.non2xx, 'requests');
          figure(`load_${engine}_${name}_cache_hit_rate`, (cache.hits / (cache.hits + cache.misses || 1)).toFixed(2), 'ratio');
          cache.hits = 0;
          cache.misses = 0;
        };

        // Every view once, one at a time: what the first manager after a night's analysis waits (nothing cached).
        const cold: number[] = [];
        for (const p of DASHBOARD_PATHS) {
          const t = process.hrtime.bigint();
          const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${token}` } });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`${p}: ${res.status}`);
          cold.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        figure(`load_${engine}_first_view_p95`, p95(cold).toFixed(1), 'ms');
        cache.hits = 0;
        cache.misses = 0;

        const alone = load(15);
        report('alone', await alone.result, alone.times);

        let started = Date.now();
        const [quiet] = await imports.importPath(nights[0], { source: 'bench', analyse: false });
        const quietRate = quiet.messagesInserted / ((Date.now() - started) / 1000);
        figure(`load_${engine}_import_alone`, Math.round(quietRate), 'messages/s');

        const busy = load(null);
        started = Date.now();
        const [loaded] = await imports.importPath(nights[1], { source: 'bench', analyse: false });
        const busyRate = loaded.messagesInserted / ((Date.now() - started) / 1000);
        busy.stop();
        report('during_import', await busy.result, busy.times);
        // Requests still in the server finish before the database goes.
        await sleep(1000);
        figure(`load_${engine}_import_under_load`, Math.round(busyRate), 'messages/s');
        figure(`load_${engine}_import_rate_kept`, (busyRate / quietRate).toFixed(2), 'ratio');

        // A customer's 500 KB message (within SEAM_MAX_RECORD_KB) is analysed while /api/health is asked every 50 ms.
        const long = path.join(dir, 'long.jsonl');
        const text = 'my parcel never arrived and nobody answers ' + 'and again '.repeat(50_000);
        writeFileSync(long, JSON.stringify({ conversation_id: 'long-1', message_id: 'long-1-1', timestamp: new Date(END).toISOString(), role: 'customer', text }) + '\n');
        await imports.importPath(long, { source: 'bench', analyse: false });
        const health: number[] = [];
        let analysing = true;
        const probe = (async () => {
          while (analysing) {
            const t = process.hrtime.bigint();
            await (await fetch(`${url}/api/health`)).arrayBuffer();
            health.push(Number(process.hrtime.bigint() - t) / 1e6);
            await sleep(50);
          }
        })();
        started = Date.now();
        await app.get(AnalysisService).schedule();
        analysing = false;
        await probe;
        figure(`load_${engine}_long_message_analysis`, Date.now() - started, 'ms');
        figure(`load_${engine}_health_max_during_long_message`, Math.max(...health).toFixed(1), 'ms');
      } finally {
        await drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
