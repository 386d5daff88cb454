import { mapSeries } from './transform';

describe('intent map series', () => {
  const p = (intentId: number | null, count: number) => ({ x: 0, y: 0, intentId, text: `t${intentId}`, count });

  it('puts the largest intents first, with their labels, and the rest together as other intents', () => {
    const series = mapSeries([p(1, 1), p(2, 5), p(2, 5), p(3, 3), p(null, 2)], new Map([[1, 'refund'], [2, 'delivery'], [3, 'card']]), 2);
    expect(series.map((s) => [s.label, s.points.length])).toEqual([
      ['delivery', 2],
      ['card', 1],
      ['other intents', 2],
    ]);
  });

  it('names messages without an intent, and an intent without a label by its id', () => {
    expect(mapSeries([p(null, 1), p(7, 1)], new Map()).map((s) => s.label)).toEqual(['no intent', 'intent 7']);
  });
});
