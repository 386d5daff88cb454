import { actDetector } from './acts';
import { trainKnownIntents } from './known';
import { classifyTexts, discoverIntents, mergeAlike, unclearMembers } from './pipeline';

describe('what the analysis makes of customer texts', () => {
  const v = (...xs: number[]) => {
    const n = Math.hypot(...xs);
    return xs.map((x) => x / n);
  };

  it('sets acts apart, recognises covered texts and leaves the rest to discovery', () => {
    const texts = ['thanks!', 'where is my refund', 'my card was eaten by the machine', 'refund please'];
    const vectors = Float32Array.from([...v(0, 0, 1), ...v(1, 0.1, 0), ...v(0, 0.2, 1), ...v(0.9, 0, 0.1)]);
    const known = trainKnownIntents(['refund', 'refund', 'balance', 'balance'], Float32Array.from([...v(1, 0, 0), ...v(0.9, 0.1, 0), ...v(0, 1, 0), ...v(0.1, 0.9, 0)]), 3);
    const r = classifyTexts({ texts, vectors, dims: 3, detectAct: actDetector(), known });
    expect(r.acts).toEqual(['thanks', null, null, null]);
    expect(r.recognised[0]).toBeNull();
    expect(r.recognised[1]?.covered).toBe(true);
    expect(r.uncovered).toEqual([2]);
  });

  it('without a bot, every text that is not an act is discovered', () => {
    const r = classifyTexts({ texts: ['hi', 'refund'], vectors: Float32Array.from([1, 0, 0, 1]), dims: 2, detectAct: actDetector(), known: null });
    expect(r.uncovered).toEqual([1]);
  });

  it('discovers the same intents from the same texts', () => {
    const points = Float32Array.from(Array.from({ length: 40 }, (_, i) => v(i % 2 ? 1 : 0.1, i % 2 ? 0.1 : 1, (i % 5) / 50)).flat());
    const members = Array.from({ length: 40 }, (_, i) => i);
    const a = discoverIntents(points, 3, members);
    const b = discoverIntents(points, 3, members);
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    expect(a.assignments[0]).not.toBe(a.assignments[1]);
  });
});

describe('candidates that are the same request', () => {
  it('are merged when their centroids are alike, and numbered from 0', () => {
    const vectors = Float32Array.from([1, 0, 0.99, 0.14, 0, 1, 0.1, 0.99]);
    const { assignments, k } = mergeAlike(vectors, 2, Int32Array.from([0, 1, 2, 3]), 4, 0.7);
    expect(k).toBe(2);
    expect(Array.from(assignments)).toEqual([0, 0, 1, 1]);
  });
});

describe('texts that fit no candidate', () => {
  it('are unclear when far below their candidate\'s usual similarity', () => {
    const close = Array.from({ length: 9 }, (_, i) => [1, 0.02 * i]).flat();
    const vectors = Float32Array.from([...close, 0.2, 1]);
    const unclear = unclearMembers(vectors, 2, new Int32Array(10), 1);
    expect(unclear.filter(Boolean).length).toBe(1);
    expect(unclear[9]).toBe(true);
  });

  it('are never marked in a candidate too small to tell', () => {
    expect(unclearMembers(Float32Array.from([1, 0, 0, 1]), 2, Int32Array.from([0, 0]), 1)).toEqual([false, false]);
  });
});
