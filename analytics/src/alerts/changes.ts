import type { AlertMetric } from '#contracts';

/**
 * What changed in the last period against its baseline (the same weekday of the previous weeks, or the previous
 * weeks), per subject (everything, an intent, a source), honest about noise: a change is reported when it is large
 * enough to matter (MIN_RATIO, MIN_POINTS), rests on enough conversations (MIN_CONVERSATIONS, MIN_RATE_BASE), and is
 * beyond chance after correcting for the number of tests made (Benjamini–Hochberg over every test of the period,
 * false discovery rate FDR). docs/metrics.md ("What changed") states the same rules.
 */

/** One period of one subject: conversations, and of them those with each outcome. */
export interface PeriodCounts {
  conversations: number;
  /** Conversations the bot took part in: the denominator of escalation, deflection and fallback. */
  engaged: number;
  escalated: number;
  /** Conversations the bot took part in whose deflection is decided (the customer came back or its window passed). */
  decided: number;
  deflected: number;
  fallback: number;
  /** Conversations of a known customer (the denominator of repeat contacts), and those the customer came back after. */
  known: number;
  repeat: number;
  /** Conversations with a sentiment, and those ending negative. */
  withSentiment: number;
  negative: number;
  /** Conversations where the customer chased an update (the act `chasing`). */
  chasing: number;
}

export interface Subject {
  /** `all`, `intent:<id>`, `source:<name>`, `version:<id>` (the days after a bot version against the days before). */
  key: string;
  kind: 'all' | 'intent' | 'source' | 'version';
  label: string;
  current: PeriodCounts;
  /** One entry per baseline period (4 by default). */
  baseline: PeriodCounts[];
}

export interface Change {
  /** subject key and metric: one alert per key and period. */
  key: string;
  subject: string;
  subjectKind: Subject['kind'];
  label: string;
  metric: AlertMetric;
  direction: 'up' | 'down';
  /** Volume: conversations in the period and in the usual baseline period (the median); rates: the shares. */
  value: number;
  baseline: number;
  /** Rates: hits and conversations counted on each side; volume: the conversations of each side (baseline summed). */
  counts: { current: { hits: number; of: number }; baseline: { hits: number; of: number } };
  /** Two-sided p-value of the test, and the Benjamini–Hochberg adjusted one (null for a new intent: no test). */
  p: number | null;
  q: number | null;
}

export const FDR = 0.01;
/** Volume: a change is at least half again or a third less than usual. */
export const MIN_RATIO = 1.5;
/** Volume: the period or its baseline mean holds at least this many conversations. */
export const MIN_CONVERSATIONS = 20;
/** Rates: move at least this many points (0.08 = 8 points). */
export const MIN_POINTS = 0.08;
/** Rates: at least this many conversations in the period's denominator, and in the baseline's. */
export const MIN_RATE_BASE = 30;
/** A subject with no conversation in the baseline is new once it holds this many. */
export const MIN_NEW = 10;

const RATES: { metric: Exclude<AlertMetric, 'volume' | 'new_intent' | 'silent_source'>; hits: keyof PeriodCounts; of: keyof PeriodCounts }[] = [
  { metric: 'escalation', hits: 'escalated', of: 'engaged' },
  { metric: 'deflection', hits: 'deflected', of: 'decided' },
  { metric: 'fallback', hits: 'fallback', of: 'engaged' },
  { metric: 'repeat_contact', hits: 'repeat', of: 'known' },
  { metric: 'negative_ending', hits: 'negative', of: 'withSentiment' },
  { metric: 'chasing', hits: 'chasing', of: 'conversations' },
];

/**
 * The families of tests of a period, each corrected on its own. Whether a customer came back (a repeat contact; a
 * deflection needs that it did not) is known a repeat window after the contact: the `lagged` family is compared on
 * the periods that ended that long before the newest conversation, the other on the latest ones.
 */
export const LAGGED_METRICS: AlertMetric[] = ['repeat_contact', 'deflection'];
export const ALERT_FAMILIES: { metrics: AlertMetric[]; lagged: boolean }[] = [
  { metrics: ['volume', 'escalation', 'fallback', 'negative_ending', 'chasing', 'new_intent', 'silent_source'], lagged: false },
  { metrics: LAGGED_METRICS, lagged: true },
];
/** Each family's share of the false discovery rate: the run's families together stay within FDR. */
export const FAMILY_FDR = FDR / ALERT_FAMILIES.length;

/** Standard normal upper tail (Abramowitz–Stegun 26.2.17, error < 7.5e-8). */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Two-sided p-value of a count `c` where a period usually holds `mu` with variance mu + kappa·mu² (negative binomial;
 * Poisson when kappa is 0): twice the smaller tail, summed exactly (a normal approximation over-reports spikes of
 * small counts and under-reports drops of large ones).
 */
export function countTest(c: number, mu: number, kappa: number): number {
  const m = Math.max(mu, 0.5);
  const r = kappa > 1e-9 ? 1 / kappa : Infinity;
  const logPmf = (k: number) =>
    r === Infinity ? k * Math.log(m) - m - logGamma(k + 1) : logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * Math.log(r / (r + m)) + k * Math.log(m / (r + m));
  const sd = Math.sqrt(m + kappa * m * m);
  const top = Math.ceil(Math.max(c, m + 40 * sd + 10));
  const logs = Array.from({ length: top + 1 }, (_, k) => logPmf(k));
  const peak = Math.max(...logs);
  let below = 0;
  let above = 0;
  let total = 0;
  logs.forEach((l, k) => {
    const p = Math.exp(l - peak);
    total += p;
    if (k <= c) below += p;
    if (k >= c) above += p;
  });
  return Math.min(1, (2 * Math.min(below, above)) / total);
}

/** Benjamini–Hochberg adjusted p-values (same order as given). */
export function adjustBH(ps: number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const q = new Array<number>(ps.length);
  let min = 1;
  for (let r = order.length - 1; r >= 0; r--) {
    min = Math.min(min, (order[r].p * ps.length) / (r + 1));
    q[order[r].i] = min;
  }
  return q;
}

/**
 * Day-to-day variation beyond a Poisson count's: customers do not arrive as independent draws (a campaign, the
 * weather, an outage elsewhere), so a period's count varies as μ + κμ² (negative binomial), not μ. κ is estimated
 * from each subject's baseline periods as (s² − ȳ) / ȳ² (never under 0), averaged over the subjects of at least
 * MIN_CONVERSATIONS a period whose baseline holds no change of its own (a period MIN_RATIO from its median: an outage,
 * a spike): a test that ignores it reports the busiest intents' ordinary days as spikes.
 */
export function overdispersion(subjects: Subject[]): number {
  const ks = subjects.flatMap((s) => {
    const ys = s.baseline.map((b) => b.conversations);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const middle = usual(ys);
    // A baseline holding a change of its own (an outage, a spike) says nothing of ordinary days.
    if (ys.length < 2 || mean < MIN_CONVERSATIONS || ys.some((y) => y > middle * MIN_RATIO || y < middle / MIN_RATIO)) return [];
    return [Math.max(0, (ys.reduce((a, y) => a + (y - mean) ** 2, 0) / (ys.length - 1) - mean) / (mean * mean))];
  });
  return ks.length === 0 ? 0 : ks.reduce((a, k) => a + k, 0) / ks.length;
}

/** The baseline's usual count: the median period, so that one odd period (an outage, a holiday) does not move it. */
function usual(ys: number[]): number {
  const sorted = [...ys].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Test {
  change: Omit<Change, 'q'>;
  p: number;
  matters: boolean;
}

/**
 * Every change of the period, most significant first; `metrics`: those tested (one family of tests: the correction
 * counts them alone).
 */
export function detectChanges(subjects: Subject[], fdr = FDR, metrics?: AlertMetric[]): Change[] {
  const tested = (m: AlertMetric) => !metrics || metrics.includes(m);
  const kappa = overdispersion(subjects);
  const tests: Test[] = [];
  const out: Change[] = [];
  for (const s of subjects) {
    const n = s.baseline.length;
    if (n === 0) continue;
    const c = s.current.conversations;
    const ys = s.baseline.map((x) => x.conversations);
    const b = ys.reduce((a, y) => a + y, 0);
    const mean = usual(ys);
    const base = { subject: s.key, subjectKind: s.kind, label: s.label };
    if (b === 0) {
      if (c >= MIN_NEW && s.kind === 'intent' && tested('new_intent')) {
        out.push({ ...base, key: `${s.key}|new_intent`, metric: 'new_intent', direction: 'up', value: c, baseline: 0, counts: { current: { hits: c, of: c }, baseline: { hits: 0, of: 0 } }, p: null, q: null });
      }
      continue;
    }
    if (s.kind === 'source' && c === 0 && mean >= MIN_NEW) {
      if (tested('silent_source')) out.push({ ...base, key: `${s.key}|silent_source`, metric: 'silent_source', direction: 'down', value: 0, baseline: mean, counts: { current: { hits: 0, of: 0 }, baseline: { hits: b, of: b } }, p: null, q: null });
      continue;
    }
    // Younger than its baseline (nothing in some periods, plenty in others): too new to compare.
    if (ys.some((y) => y === 0) && Math.max(...ys) >= MIN_NEW) continue;
    if (Math.max(c, mean) >= MIN_CONVERSATIONS && tested('volume')) {
      // The baseline's μ is itself an estimate: the count's variance (μ + κμ²) grows by 1/n of itself.
      const mu = Math.max(mean, 0.5);
      const p = countTest(c, mu, ((mu + kappa * mu * mu) * (1 + 1 / n) - mu) / (mu * mu));
      const ratio = (c + 0.5) / (mean + 0.5);
      tests.push({
        change: { ...base, key: `${s.key}|volume`, metric: 'volume', direction: c > mean ? 'up' : 'down', value: c, baseline: mean, counts: { current: { hits: c, of: c }, baseline: { hits: b, of: b } }, p },
        p,
        matters: ratio >= MIN_RATIO || ratio <= 1 / MIN_RATIO,
      });
    }
    for (const r of RATES) {
      if (!tested(r.metric)) continue;
      const x1 = s.current[r.hits];
      const n1 = s.current[r.of];
      const x0 = s.baseline.reduce((a, x) => a + x[r.hits], 0);
      const n0 = s.baseline.reduce((a, x) => a + x[r.of], 0);
      if (n1 < MIN_RATE_BASE || n0 < MIN_RATE_BASE) continue;
      const p1 = x1 / n1;
      const p0 = x0 / n0;
      const pooled = (x0 + x1) / (n0 + n1);
      const se = Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
      const p = se > 0 ? 2 * normalTail(Math.abs(p1 - p0) / se) : 1;
      tests.push({
        change: { ...base, key: `${s.key}|${r.metric}`, metric: r.metric, direction: p1 > p0 ? 'up' : 'down', value: p1, baseline: p0, counts: { current: { hits: x1, of: n1 }, baseline: { hits: x0, of: n0 } }, p },
        p,
        matters: Math.abs(p1 - p0) >= MIN_POINTS,
      });
    }
  }
  const q = adjustBH(tests.map((t) => t.p));
  tests.forEach((t, i) => {
    if (t.matters && q[i] <= fdr) out.push({ ...t.change, q: q[i] });
  });
  return out.sort((a, b) => (a.p ?? -1) - (b.p ?? -1));
}

/**
 * Changes not reported already: an ongoing one (a new intent, a silent source, a rate that stays high) is told once,
 * not every period, while `recent` (keys with direction reported in the previous periods) still holds it.
 */
export function freshChanges(changes: Change[], recent: Set<string>): Change[] {
  return changes.filter((c) => !recent.has(`${c.key}|${c.direction}`));
}
