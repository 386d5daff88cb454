import { rng } from '../random';
import { adjustBH, countTest, detectChanges, freshChanges, normalTail, overdispersion, PeriodCounts, Subject } from './changes';

const period = (conversations: number, escalated = 0, more: Partial<PeriodCounts> = {}): PeriodCounts => ({
  conversations, engaged: conversations, escalated, decided: conversations, deflected: 0, fallback: 0, known: conversations, repeat: 0, withSentiment: 0, negative: 0, chasing: 0, ...more,
});
const subject = (key: string, current: PeriodCounts, baseline: PeriodCounts[], kind: Subject['kind'] = 'intent'): Subject => ({ key, kind, label: key, current, baseline });

describe('the tests behind alerts', () => {
  it('normal tail and Benjamini–Hochberg, worked by hand', () => {
    expect(normalTail(1.96)).toBeCloseTo(0.025, 4);
    expect(normalTail(0)).toBeCloseTo(0.5, 6);
    // Sorted 0.01, 0.03, 0.04, 0.2 → 0.04, 0.06, 0.0533, 0.2, then each the least of itself and those above it.
    const q = adjustBH([0.01, 0.04, 0.03, 0.2]);
    expect(q[0]).toBeCloseTo(0.04, 6);
    expect(q[1]).toBeCloseTo(0.16 / 3, 6);
    expect(q[2]).toBeCloseTo(0.16 / 3, 6);
    expect(q[3]).toBeCloseTo(0.2, 6);
  });

  it('pools the day-to-day variation beyond chance over subjects, leaving out baselines that hold a change', () => {
    // Deviations 0, −4, 4, 0: s² = 32/3 under the mean 100, so nothing beyond chance.
    expect(overdispersion([subject('a', period(0), [period(100), period(96), period(104), period(100)])])).toBe(0);
    // 80, 120, 80, 120: s² = 1600/3, (533.3 − 100) / 100² = 0.0433.
    expect(overdispersion([subject('a', period(0), [period(80), period(120), period(80), period(120)])])).toBeCloseTo(0.0433, 4);
    // 60 is a third under the median (an outage): that baseline is left out.
    expect(overdispersion([subject('a', period(0), [period(60), period(140), period(60), period(140)])])).toBe(0);
  });

  it('tests a count against its usual one exactly', () => {
    // Poisson(10): P(X ≥ 20) = 0.003454, twice that.
    expect(countTest(20, 10, 0)).toBeCloseTo(0.006909, 5);
    expect(countTest(10, 10, 0)).toBe(1);
    // More variation from day to day (κ = 0.05): the same 20 is less surprising.
    expect(countTest(20, 10, 0.05)).toBeGreaterThan(0.02);
  });
});

describe('what changed', () => {
  const usual = [period(100, 20), period(96, 19), period(104, 21), period(100, 20)];

  it('reports a doubling of conversations, not a 15% rise', () => {
    const [spike] = detectChanges([subject('intent:1', period(200, 40), usual)]);
    expect(spike).toMatchObject({ key: 'intent:1|volume', metric: 'volume', direction: 'up', value: 200, baseline: 100 });
    expect(spike.counts).toEqual({ current: { hits: 200, of: 200 }, baseline: { hits: 400, of: 400 } });
    expect(spike.q).toBeLessThan(0.01);
    expect(detectChanges([subject('intent:1', period(115, 23), usual)])).toEqual([]);
  });

  it('says nothing of a dozen extra conversations on a quiet intent', () => {
    expect(detectChanges([subject('intent:2', period(16), [period(3), period(5), period(4), period(4)])])).toEqual([]);
  });

  it('reports escalation rising from 20% to 45%, not to 25%', () => {
    const [rate] = detectChanges([subject('intent:1', period(100, 45), usual)]);
    expect(rate).toMatchObject({ metric: 'escalation', direction: 'up', value: 0.45, baseline: 0.2 });
    expect(rate.counts).toEqual({ current: { hits: 45, of: 100 }, baseline: { hits: 80, of: 400 } });
    expect(detectChanges([subject('intent:1', period(100, 25), usual)])).toEqual([]);
  });

  it('reports a new intent with its size, and a source that stopped delivering', () => {
    const none = [period(0), period(0), period(0), period(0)];
    expect(detectChanges([subject('intent:9', period(12), none)])).toMatchObject([{ metric: 'new_intent', value: 12, p: null }]);
    expect(detectChanges([subject('intent:9', period(8), none)])).toEqual([]);
    expect(detectChanges([subject('source:crm', period(0), usual, 'source')])).toMatchObject([{ metric: 'silent_source', direction: 'down', baseline: 100 }]);
  });

  it('reports nothing on 300 subjects of ordinary noise, and finds the one change among them', () => {
    const rand = rng(7);
    const poisson = (mean: number) => {
      let k = 0;
      for (let t = Math.exp(-mean), p = rand(); p > t; p *= rand()) k++;
      return k;
    };
    const draw = (mean: number, rate: number) => {
      const n = poisson(mean);
      return period(n, Array.from({ length: n }, () => rand() < rate).filter(Boolean).length);
    };
    const subjects = Array.from({ length: 300 }, (_, i) => {
      const mean = 10 + (i % 10) * 15;
      return subject(`intent:${i}`, draw(mean, 0.2), Array.from({ length: 4 }, () => draw(mean, 0.2)));
    });
    expect(detectChanges(subjects)).toEqual([]);
    subjects[42] = subject('intent:42', draw(2.5 * 40, 0.2), Array.from({ length: 4 }, () => draw(40, 0.2)));
    expect(detectChanges(subjects).map((c) => c.key)).toEqual(['intent:42|volume']);
  });

  it('tells an ongoing change once', () => {
    const changes = detectChanges([subject('intent:1', period(200, 40), usual)]);
    expect(freshChanges(changes, new Set(['intent:1|volume|up']))).toEqual([]);
    expect(freshChanges(changes, new Set(['intent:1|volume|down']))).toHaveLength(1);
  });
});
