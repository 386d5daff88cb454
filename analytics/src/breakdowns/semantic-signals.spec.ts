import { HUMAN_REQUEST_EXAMPLES, humanRequestPrototypes, semanticSignals } from './semantic-signals';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('semanticSignals', () => {
  const prototypes = humanRequestPrototypes([v(2, 0, 0), v(0, 3, 0)]);

  it('gives each turn its cosine to the nearest human-request example, whatever the vectors\' lengths', () => {
    const [a, b] = semanticSignals(
      [
        { id: 'm1', vector: v(0, 5, 0) },
        { id: 'm2', vector: v(1, 0, 1) },
      ],
      prototypes,
    );
    expect(a.humanSimilarity).toBeCloseTo(1, 6);
    expect(b.humanSimilarity).toBeCloseTo(1 / Math.sqrt(2), 6);
  });

  it('points each turn at the closest earlier turn of the conversation, and the first turn at none', () => {
    const signals = semanticSignals(
      [
        { id: 'm1', vector: v(1, 0, 0) },
        { id: 'm2', vector: v(0, 0, 1) },
        { id: 'm3', vector: v(0.1, 0, 1) },
      ],
      prototypes,
    );
    expect(signals[0]).toMatchObject({ repeatOf: null, repeatSimilarity: null });
    expect(signals[1]).toMatchObject({ repeatOf: 'm1', repeatSimilarity: 0 });
    expect(signals[2].repeatOf).toBe('m2');
    expect(signals[2].repeatSimilarity).toBeCloseTo(1 / Math.sqrt(1.01), 6);
  });

  it('takes a zero vector (an empty text) as like nothing', () => {
    const [, b] = semanticSignals(
      [
        { id: 'm1', vector: v(1, 0, 0) },
        { id: 'm2', vector: v(0, 0, 0) },
      ],
      prototypes,
    );
    expect(b).toMatchObject({ humanSimilarity: 0, repeatOf: 'm1', repeatSimilarity: 0 });
  });

  it('has examples of asking for a person in English and in Chinese', () => {
    expect(HUMAN_REQUEST_EXAMPLES.some((t) => /^[\x20-\x7e]+$/.test(t))).toBe(true);
    expect(HUMAN_REQUEST_EXAMPLES.some((t) => /\p{Script=Han}/u.test(t))).toBe(true);
  });
});
