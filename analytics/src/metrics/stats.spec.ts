import { median, percentile } from './stats';

describe('median', () => {
  const sorted = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

  it('is the middle value, or the mean of the two middle ones; null for none', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([5, 5, 5, 1])).toBe(5);
    expect(median([-3, 0, -1, 2])).toBe(-0.5);
  });

  it('agrees with sorting on many shapes: random, sorted, reversed, repeated values', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let n = 1; n <= 300; n += 7) {
      const shapes = [
        Array.from({ length: n }, () => Math.floor(random() * 1000)),
        Array.from({ length: n }, (_, i) => i),
        Array.from({ length: n }, (_, i) => n - i),
        Array.from({ length: n }, () => Math.floor(random() * 3)),
      ];
      for (const xs of shapes) expect(median(xs)).toBe(sorted(xs));
    }
  });

  it('leaves its input as it was', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});
