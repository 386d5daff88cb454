import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AlertsService } from '../server/src/modules/alerts/alerts.service';
import { AnalysisService } from '../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../server/src/modules/imports/imports.service';
import { MetricsService } from '../server/src/modules/metrics/metrics.service';
import { writeSample } from '../server/src/modules/sample/sample.generator';
import { BehaviourService } from '../server/src/modules/behaviour/behaviour.service';
import { benchApp, endpointLatency } from './dataset';
import { figure, flag } from './figures';

const DATA = path.resolve(__dirname, '../../../shared/data');

const pct = (x: number | null) => (x === null ? 'n/a' : (x * 100).toFixed(1));

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/platforms');

/**
 * The metrics of the real multi-turn data sets (bot and human conversations no one here wrote) and of every
 * platform connector's fixture (test/fixtures/platforms), each imported by the product's own import (format detected).
 * Sets without times are laid out before 2024 so that the repeat-contact window has closed and deflection is decided.
 */
async function realData(dir: string): Promise<void> {
  const { app, drop } = await benchApp('sqlite', dir, 'real');
  try {
    const imports = app.get(ImportsService);
    const sgd = path.join(DATA, 'sgd-banking');
    const sets: [string, string][] = [
      // The dialogues, not the schema beside them.
      ...readdirSync(sgd).filter((f) => /^dialogues_\d+\.json$/.test(f)).map((f): [string, string] => ['sgd', path.join(sgd, f)]),
      ['abcd', path.join(DATA, 'abcd-sample/abcd_sample.json')],
      ['twcs', path.join(DATA, 'twcs/sample.csv')],
      ['taskmaster', path.join(DATA, 'taskmaster/tm4_coffee_data_07.json')],
      ['jddc_dev', path.join(DATA, 'jddc-dev/dev_question.txt')],
    ];
    for (const file of readdirSync(FIXTURES).sort()) sets.push([`fixture_${file.replace(/_analysis.*|\.[a-z]+$/g, '').replace(/[^A-Za-z0-9]+/g, '_').slice(0, 40)}`, path.join(FIXTURES, file)]);
    for (const [source, file] of sets) await imports.importPath(file, { source, analyse: false, baseTime: Date.UTC(2024, 0, 1) });
    await app.get(AnalysisService).schedule();
    const metrics = app.get(MetricsService);
    for (const source of new Set(sets.map(([name]) => name))) {
      const o = await metrics.overview({ source });
      figure(`metrics_real_${source}_conversations`, o.conversations, 'conversations');
      figure(`metrics_real_${source}_bot_engaged`, pct(o.botEngagedRate), '%');
      figure(`metrics_real_${source}_deflection`, pct(o.deflectionRate), '%');
      figure(`metrics_real_${source}_deflection_pending`, o.deflectionPending, 'conversations');
      figure(`metrics_real_${source}_containment`, pct(o.containmentRate), '%');
      figure(`metrics_real_${source}_escalation`, pct(o.escalationRate), '%');
      figure(`metrics_real_${source}_repeat_contact`, pct(o.repeatContactRate), '%');
      figure(`metrics_real_${source}_ended_negative`, pct(o.endedNegativeRate), '%');
      figure(`metrics_real_${source}_avg_sentiment`, o.averageSentiment === null ? 'n/a' : o.averageSentiment.toFixed(3), 'score');
      const b = await metrics.breakdowns({ source });
      figure(`metrics_real_${source}_top_breakdown`, b.reasons[0] ? `${b.reasons[0].reason}:${b.reasons[0].conversations}` : 'none', 'conversations');
    }
  } finally {
    await drop();
  }
}

/**
 * `npm run bench -- metrics [--messages N] [--engine sqlite|postgres]`: metrics of the real data, and timings at
 * 1,000,000 messages on both engines: analysis, metrics, the behaviour views, and the endpoints' p95.
 */
export async function metricsBench(args: string[]): Promise<void> {
  const target = Number(flag(args, 'messages') ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-metrics-bench-'));
  try {
    await realData(dir);
    const end = Date.UTC(2025, 0, 1);
    const big = path.join(dir, 'big.jsonl');
    const night = path.join(dir, 'night.jsonl');
    await writeSample(big, { seed: 41, conversations: Math.round(target / 7.8), end, days: 90 });
    await writeSample(night, { seed: 42, conversations: Math.round(20_000 / 7.8), end: end + 86_400_000, days: 1, customers: Math.round(target / 7.8 / 2) });
    const only = flag(args, 'engine');
    for (const engine of (['sqlite', 'postgres'] as const).filter((e) => !only || e === only)) {
      const { app, token, drop } = await benchApp(engine, dir, 'metrics');
      try {
        const imports = app.get(ImportsService);
        const metrics = app.get(MetricsService);
        const analysis = app.get(AnalysisService);
        await imports.importPath(big, { source: 'bench', analyse: false });
        // An analysis run ends by recomputing the metrics and flags it affected (all of them after a re-cluster).
        let t = Date.now();
        await analysis.schedule();
        const full = metrics.lastRecompute!;
        figure(`analysis_${engine}_full_seconds`, ((Date.now() - t - full.ms) / 1000).toFixed(1), 's');
        figure(`metrics_${engine}_full_seconds`, (full.ms / 1000).toFixed(1), 's');
        figure(`metrics_${engine}_full_conversations`, full.conversations, 'conversations');
        figure(`metrics_${engine}_flags`, full.flags, 'flags');
        await imports.importPath(night, { source: 'bench', analyse: false });
        t = Date.now();
        await analysis.schedule();
        const inc = metrics.lastRecompute!;
        figure(`analysis_${engine}_night_seconds`, ((Date.now() - t - inc.ms) / 1000).toFixed(1), 's');
        figure(`metrics_${engine}_night_seconds`, (inc.ms / 1000).toFixed(2), 's');
        figure(`metrics_${engine}_night_conversations`, inc.conversations, 'conversations');
        // What changed: every analysis ends with it (the same queries again; nothing new is stored twice).
        t = Date.now();
        await app.get(AlertsService).detect();
        figure(`alerts_${engine}_detect_seconds`, ((Date.now() - t) / 1000).toFixed(2), 's');
        // The behaviour views over every conversation (no filter): the service's own computation, once each.
        const behaviour = app.get(BehaviourService);
        for (const [name, run] of [
          ['journeys', () => behaviour.journeys({})],
          ['when', () => behaviour.when({ tz: 'Europe/Berlin' })],
          ['effort', () => behaviour.effort({})],
        ] as const) {
          const started = Date.now();
          await run();
          figure(`behaviour_${engine}_${name}_all_seconds`, ((Date.now() - started) / 1000).toFixed(2), 's');
        }
        const intents = (await metrics.byIntent({})).items;
        const intent = intents.find((i) => i.intentId !== null)?.intentId ?? 1;
        const filters = `from=2024-11-01&to=2024-12-15&channel=web&intent=${intent}`;
        await endpointLatency(
          app,
          token,
          [
            `/api/metrics/overview?${filters}`,
            `/api/metrics/timeseries?${filters}&bucket=day`,
            `/api/metrics/by-intent?from=2024-11-01&to=2024-12-15&channel=web`,
            `/api/breakdowns?${filters}`,
            `/api/flows?${filters}`,
            `/api/flags?${filters}&limit=50`,
            `/api/intents?from=2024-11-01&to=2024-12-15&channel=web`,
            `/api/conversations?from=2024-11-01&to=2024-12-15&channel=web&limit=50`,
            `/api/behaviour/journeys?from=2024-11-01&to=2024-12-15`,
            `/api/behaviour/when?from=2024-11-01&to=2024-12-15&tz=Europe/Berlin`,
            `/api/behaviour/effort?from=2024-11-01&to=2024-12-15`,
            `/api/alerts?limit=50`,
          ],
          40,
          `endpoint_${engine}`,
        );
      } finally {
        await drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
