import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessService } from '../server/src/modules/access/access.service';
import { AnalysisService } from '../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../server/src/modules/imports/imports.service';
import { writeSample } from '../server/src/modules/sample/sample.generator';
import { benchApp } from './dataset';
import { figure, flag } from './figures';
import { DASHBOARD_PATHS } from './load.bench';

const SERVER = path.resolve(__dirname, '../server/src/main.js');
const RATE = 40;
const CONNECTIONS = 8;
const END = Date.UTC(2025, 0, 1);
/** An upload of a night's log, then its analysis, this often. */
const CYCLE_MS = 120_000;
/** The first minutes (two import and analysis cycles: threads start, caches fill) are not held to the RSS goal. */
const WARM_UP_MINUTES = 4;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The resident memory of a process (Linux), in MiB: the server with its import and analysis threads. */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : 0;
}

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0;
}

/**
 * `npm run bench -- soak [--minutes 20] [--engine sqlite|postgres] [--messages N] [--night N]`: Seam's server as
 * its own process, on a database of N messages (default 100,000), answers the dashboard's reads at 40 requests/s
 * for the whole time while, every two minutes, a night's log (`--night`, 4,000 messages) is uploaded, imported and
 * analysed by the server. Prints per minute the requests, errors, p95 latency and the server's largest RSS; then
 * the totals, the worst minute's p95, how far the cycles' RSS peaks moved after the warm-up, and how much the data
 * grew meanwhile (goals: 0 errors, p95 under 250 ms, RSS within 10%).
 */
export async function soakBench(args: string[]): Promise<void> {
  const minutes = Number(flag(args, 'minutes') ?? 20);
  const messages = Number(flag(args, 'messages') ?? 100_000);
  const nightMessages = Number(flag(args, 'night') ?? 4000);
  const only = flag(args, 'engine');
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-soak-bench-'));
  try {
    const base = path.join(dir, 'base.jsonl');
    await writeSample(base, { seed: 61, conversations: Math.round(messages / 7.8), end: END, days: 90 });
    const cycles = Math.ceil((minutes * 60_000) / CYCLE_MS);
    const nights: string[] = [];
    for (let i = 0; i < cycles; i++) {
      const night = path.join(dir, `night-${i}.jsonl`);
      await writeSample(night, { seed: 70 + i, conversations: Math.round(nightMessages / 7.8), end: END + (i + 1) * 86_400_000, days: 1, customers: Math.round(messages / 7.8 / 2) });
      nights.push(night);
    }
    for (const engine of (['sqlite', 'postgres'] as const).filter((e) => !only || e === only)) {
      // The database is made and analysed here (this app then stays idle), and served by Seam's server process.
      const made = await benchApp(engine, dir, 'soak');
      await made.app.get(ImportsService).importPath(base, { source: 'bench', analyse: false });
      await made.app.get(AnalysisService).schedule();
      const { token } = made;
      // The nightly job's own account: an admin's token limited to imports.
      const access = made.app.get(AccessService);
      await access.createUser('importer', 'a password for the night job only', 'admin');
      const { token: importToken } = await access.createTokenFor('importer', 'soak', 'import');
      const env = { ...process.env, ...made.env, SEAM_ANALYSE_AFTER_IMPORT: 'true' };
      const port = await freePort();
      const server = spawn(process.execPath, [SERVER], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
      server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      try {
        while (!log.includes('Seam is serving')) {
          if (server.exitCode !== null) throw new Error(`the server stopped: ${log}`);
          await sleep(200);
        }
        const origin = `http://127.0.0.1:${port}`;
        const started = Date.now();
        const perMinute = Array.from({ length: minutes }, () => ({ times: [] as number[], errors: 0, rss: 0 }));
        const minuteOf = () => Math.min(minutes - 1, Math.floor((Date.now() - started) / 60_000));
        const memory = setInterval(() => {
          const m = perMinute[minuteOf()];
          m.rss = Math.max(m.rss, rssMiB(server.pid!));
        }, 1000);
        let finished: (err: Error | null, r: autocannon.Result) => void = () => undefined;
        const done = new Promise<autocannon.Result>((resolve, reject) => (finished = (err, r) => (err ? reject(err) : resolve(r))));
        const load = autocannon(
          {
            url: origin,
            connections: CONNECTIONS,
            overallRate: RATE,
            duration: minutes * 60,
            headers: { authorization: `Bearer ${token}` },
            requests: DASHBOARD_PATHS.map((p) => ({ method: 'GET' as const, path: p })),
          },
          (err, r) => finished(err, r),
        );
        load.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
          const m = perMinute[minuteOf()];
          m.times.push(ms);
          if (status >= 400) m.errors++;
        });
        load.on('reqError', () => perMinute[minuteOf()].errors++);

        // Every two minutes a night's log is uploaded (as the nightly job would); the server imports and analyses it.
        let uploads = 0;
        let uploadErrors = 0;
        const uploader = (async () => {
          for (const night of nights) {
            if (Date.now() - started > minutes * 60_000 - 30_000) break;
            const form = new FormData();
            form.append('file', new Blob([readFileSync(night)]), path.basename(night));
            const res = await fetch(`${origin}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${importToken}` }, body: form });
            const answer = await res.text();
            if (res.status === 202) uploads++;
            else {
              uploadErrors++;
              console.error(`upload of ${path.basename(night)}: ${res.status} ${answer}`);
            }
            const next = started + uploads * CYCLE_MS + uploadErrors * CYCLE_MS;
            await sleep(Math.max(0, next - Date.now()));
          }
        })();
        await done;
        await uploader;
        clearInterval(memory);

        for (const [i, m] of perMinute.entries()) {
          figure(`soak_${engine}_minute_${i + 1}_requests`, m.times.length, 'requests');
          figure(`soak_${engine}_minute_${i + 1}_errors`, m.errors, 'requests');
          figure(`soak_${engine}_minute_${i + 1}_p95`, p95(m.times).toFixed(1), 'ms');
          figure(`soak_${engine}_minute_${i + 1}_rss`, m.rss.toFixed(0), 'MiB');
        }
        // RSS swings within a cycle (the import thread starts and stops, the analysis thread's heap grows and is
        // collected): each cycle's peak is compared, the first after the warm-up with the last.
        const peaks: number[] = [];
        for (let i = WARM_UP_MINUTES; i < minutes; i += CYCLE_MS / 60_000) peaks.push(Math.max(...perMinute.slice(i, i + CYCLE_MS / 60_000).map((m) => m.rss)));
        const analyses = ((await (await fetch(`${origin}/api/analysis`, { headers: { authorization: `Bearer ${token}` } })).json()) as { runs: { status: string }[] }).runs;
        const imports = ((await (await fetch(`${origin}/api/imports?limit=100`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { status: string }[] }).items;
        figure(`soak_${engine}_requests`, perMinute.reduce((n, m) => n + m.times.length, 0), 'requests');
        figure(`soak_${engine}_errors`, perMinute.reduce((n, m) => n + m.errors, 0) + uploadErrors, 'requests');
        figure(`soak_${engine}_p95_worst_minute`, Math.max(...perMinute.map((m) => p95(m.times))).toFixed(1), 'ms');
        if (peaks.length > 1) figure(`soak_${engine}_rss_cycle_peak_drift_after_warm_up`, (peaks[peaks.length - 1] / peaks[0] - 1).toFixed(3), 'ratio');
        figure(`soak_${engine}_messages_growth`, ((messages + uploads * nightMessages) / messages - 1).toFixed(3), 'ratio');
        figure(`soak_${engine}_uploads`, uploads, 'imports');
        figure(`soak_${engine}_imports_completed`, imports.filter((r) => r.status === 'completed').length - 1, 'imports');
        figure(`soak_${engine}_analyses_failed`, analyses.filter((r) => r.status === 'failed').length, 'runs');
      } finally {
        server.kill('SIGTERM');
        await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
        await made.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
