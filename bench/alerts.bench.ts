import { ALERT_FAMILIES, detectChanges, FAMILY_FDR, freshChanges } from '../analytics/src/alerts/changes';
import { CountsGroup, subjectsOf } from '../analytics/src/alerts/rules';
import { rng } from '../analytics/src/random';
import type { AlertMetric } from '#contracts';
import { figure, flag } from './figures';

/**
 * `npm run bench -- alerts [--days 60] [--seeds 1,2,…,10]`: the change detector (analytics/src/alerts/changes.ts, what
 * the server runs after each analysis, with the same once-per-change rule) on generated days of a contact centre —
 * twenty intents from 3 to 300 conversations a day, a weekly rhythm, day-to-day swings beyond chance, three sources —
 * with known changes injected: a day's conversations ×2.5 on an intent of ≥ 20 a day, ×0.3 on one of ≥ 60, escalation
 * or fallback +25 points on one of ≥ 60, a new intent of 30 a day, a source that stops delivering for five days. Prints precision and recall of the alerts, and the false alerts per 30 days on the same days with
 * nothing injected.
 */

interface Injection {
  day: number;
  /** Days it lasts (a new intent and a silent source go on). */
  days: number;
  subject: string;
  metric: AlertMetric;
  direction: 'up' | 'down';
}

const WEEKDAY = [0.6, 1.25, 1.15, 1.1, 1.05, 1.0, 0.7];
const SOURCES = [
  { name: 'chat', share: 0.6 },
  { name: 'email', share: 0.25 },
  { name: 'social', share: 0.15 },
];
const WARM_UP = 28;

interface IntentModel {
  id: number;
  mean: number;
  escalation: number;
  deflection: number;
  fallback: number;
  repeat: number;
  negative: number;
  chasing: number;
}

function intents(rand: () => number): IntentModel[] {
  return Array.from({ length: 20 }, (_, i) => ({
    id: i + 1,
    mean: Math.round(3 * Math.pow(100, i / 19)),
    escalation: 0.1 + 0.3 * rand(),
    deflection: 0.3 + 0.4 * rand(),
    fallback: 0.05 + 0.2 * rand(),
    repeat: 0.05 + 0.15 * rand(),
    negative: 0.1 + 0.15 * rand(),
    chasing: 0.02 + 0.08 * rand(),
  }));
}

function injections(rand: () => number, models: IntentModel[], days: number): Injection[] {
  const out: Injection[] = [];
  // Spikes on intents of 20 conversations a day or more; drops and rate jumps where a day holds enough to tell.
  const busy = models.filter((m) => m.mean >= 60);
  const any = models.filter((m) => m.mean >= 20);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const day = () => WARM_UP + 1 + Math.floor(rand() * (days - 2));
  for (let i = 0; i < 4; i++) out.push({ day: day(), days: 1, subject: `intent:${pick(any).id}`, metric: 'volume', direction: 'up' });
  for (let i = 0; i < 2; i++) out.push({ day: day(), days: 1, subject: `intent:${pick(busy).id}`, metric: 'volume', direction: 'down' });
  for (let i = 0; i < 3; i++) out.push({ day: day(), days: 1, subject: `intent:${pick(busy).id}`, metric: 'escalation', direction: 'up' });
  out.push({ day: day(), days: 1, subject: `intent:${pick(busy).id}`, metric: 'fallback', direction: 'up' });
  out.push({ day: day(), days: days, subject: 'intent:99', metric: 'new_intent', direction: 'up' });
  out.push({ day: day(), days: 5, subject: `source:${pick(SOURCES.slice(1)).name}`, metric: 'silent_source', direction: 'down' });
  return out;
}

/** Each day's conversations by intent and source, as the server's repository reads them. */
function simulate(seed: number, days: number, inject: boolean): { counts: CountsGroup[][]; injected: Injection[] } {
  const rand = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const poisson = (mean: number) => {
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
    let k = 0;
    for (let t = Math.exp(-mean), p = rand(); p > t; p *= rand()) k++;
    return k;
  };
  const binomial = (n: number, p: number) => {
    if (n > 50) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gauss())));
    let k = 0;
    for (let i = 0; i < n; i++) if (rand() < p) k++;
    return k;
  };
  const models = intents(rand);
  const injected = inject ? injections(rand, models, days) : [];
  const active = (d: number, subject: string, metric: AlertMetric) => injected.find((x) => x.subject === subject && x.metric === metric && d >= x.day && d < x.day + x.days);
  const counts: CountsGroup[][] = [];
  for (let d = 0; d < WARM_UP + days; d++) {
    const day: CountsGroup[] = [];
    // A swing shared by every intent that day (weather, a campaign) and one of each intent's own.
    const shared = Math.exp(0.08 * gauss());
    const newIntent = injected.find((x) => x.metric === 'new_intent' && d >= x.day);
    const all = newIntent ? [...models, { ...models[8], id: 99, mean: 30 }] : models;
    for (const m of all) {
      let mean = m.mean * WEEKDAY[d % 7] * shared * Math.exp(0.06 * gauss());
      const volume = active(d, `intent:${m.id}`, 'volume');
      if (volume) mean *= volume.direction === 'up' ? 2.5 : 0.3;
      const escalation = m.escalation + (active(d, `intent:${m.id}`, 'escalation') ? 0.25 : 0);
      const fallback = m.fallback + (active(d, `intent:${m.id}`, 'fallback') ? 0.25 : 0);
      for (const source of SOURCES) {
        if (active(d, `source:${source.name}`, 'silent_source')) continue;
        const n = poisson(mean * source.share);
        day.push({
          intentId: m.id,
          intentLabel: `intent ${m.id}`,
          source: source.name,
          counts: {
            conversations: n, engaged: n, escalated: binomial(n, escalation), decided: n, deflected: binomial(n, m.deflection), fallback: binomial(n, fallback),
            known: n, repeat: binomial(n, m.repeat), withSentiment: n, negative: binomial(n, m.negative), chasing: binomial(n, m.chasing),
          },
        });
      }
    }
    counts.push(day);
  }
  return { counts, injected };
}

/**
 * Runs the detector day by day as the server does each night: the subjects of the day's groups against the same
 * weekday of the four weeks before (subjectsOf), each family of tests on its own, an ongoing change told once.
 */
function alertsOf(counts: CountsGroup[][]): { day: number; key: string; metric: AlertMetric; direction: 'up' | 'down' }[] {
  const out: { day: number; key: string; metric: AlertMetric; direction: 'up' | 'down' }[] = [];
  for (let d = WARM_UP; d < counts.length; d++) {
    const subjects = subjectsOf(counts[d], [7, 14, 21, 28].map((w) => counts[d - w]));
    const recent = new Set(out.filter((a) => a.day >= d - 7).map((a) => `${a.key}|${a.direction}`));
    for (const family of ALERT_FAMILIES) {
      for (const c of freshChanges(detectChanges(subjects, FAMILY_FDR, family.metrics), recent)) out.push({ day: d, key: c.key, metric: c.metric, direction: c.direction });
    }
  }
  return out;
}

export async function alertsBench(args: string[]): Promise<void> {
  const days = Number(flag(args, 'days') ?? 60);
  const seeds = (flag(args, 'seeds') ?? '1,2,3,4,5,6,7,8,9,10').split(',').map(Number);
  let tp = 0;
  let alerts = 0;
  let found = 0;
  let injectedTotal = 0;
  let quietAlerts = 0;
  for (const seed of seeds) {
    const { counts, injected } = simulate(seed, days, true);
    const raised = alertsOf(counts);
    // An alert is right when an injected change of its metric and direction is under way that day, on its subject or
    // on everything or the source it adds to (a spike of one intent is a spike of all conversations too).
    // A silent source takes its share of every intent's conversations.
    const right = raised.filter((a) =>
      injected.some((x) => {
        const during = a.day >= x.day && a.day < x.day + x.days;
        const same = x.metric === a.metric && x.direction === a.direction && (a.key.startsWith(`${x.subject}|`) || !a.key.startsWith('intent:'));
        return during && (same || (x.metric === 'silent_source' && a.metric === 'volume' && a.direction === 'down'));
      }),
    );
    const caught = injected.filter((x) => raised.some((a) => a.key === `${x.subject}|${x.metric}` && a.direction === x.direction && a.day >= x.day && a.day <= x.day + 1));
    const quiet = alertsOf(simulate(seed, days, false).counts);
    for (const a of quiet) console.log(`  seed ${seed}: alert with nothing injected day ${a.day - WARM_UP} ${a.key} ${a.direction}`);
    for (const a of raised.filter((r) => !right.includes(r))) console.log(`  seed ${seed}: false alert day ${a.day - WARM_UP} ${a.key} ${a.direction}`);
    for (const x of injected.filter((i) => !caught.includes(i))) console.log(`  seed ${seed}: missed day ${x.day - WARM_UP} ${x.subject} ${x.metric} ${x.direction}`);
    console.log(`seed ${seed}: ${raised.length} alerts, ${right.length} right; ${caught.length} of ${injected.length} changes found; ${quiet.length} alerts on days with nothing injected`);
    tp += right.length;
    alerts += raised.length;
    found += caught.length;
    injectedTotal += injected.length;
    quietAlerts += quiet.length;
  }
  figure('alerts_precision', (alerts === 0 ? 1 : tp / alerts).toFixed(3), `ratio (${seeds.length} runs of ${days} days, engine-independent)`);
  figure('alerts_recall', (found / injectedTotal).toFixed(3), 'ratio');
  figure('alerts_false_per_30_days', ((quietAlerts / (seeds.length * days)) * 30).toFixed(2), 'alerts (no change injected)');
}
