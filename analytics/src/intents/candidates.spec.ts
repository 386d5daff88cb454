import { candidatesFor, textHash } from './candidates';

describe('intent candidates', () => {
  it('hashes a text the same whatever its case and spacing', () => {
    expect(textHash('Where is my  REFUND?')).toBe(textHash('where is my refund?'));
    expect(textHash('where is my refund')).not.toBe(textHash('where is my parcel'));
    expect(textHash('x')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('tries K on a grid up to the square-root rule, never 1 nor the number of texts, at most 100', () => {
    const k = candidatesFor(20_000);
    expect(k.length).toBeGreaterThan(4);
    expect(Math.max(...k)).toBe(100);
    expect(Math.max(...candidatesFor(1_000_000))).toBe(100);
    expect(Math.max(...candidatesFor(5_000))).toBe(50);
    expect(Math.min(...candidatesFor(5_000))).toBe(13);
    expect(k).toEqual([...k].sort((a, b) => a - b));
    for (const n of [3, 10, 50]) for (const c of candidatesFor(n)) expect(c >= 2 && c < n).toBe(true);
    expect(Math.max(...candidatesFor(160))).toBeGreaterThanOrEqual(40);
  });
});
