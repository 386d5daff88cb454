import { clusterChoosingK, clusterLarge, kmeans, oneStandardError } from './kmeans';

/** Three tight groups of unit vectors in 3-D, `per` vectors each. */
function blobs(per = 20): Float32Array {
  const centres = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const out: number[] = [];
  let s = 1;
  const noise = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1;
  for (const c of centres) {
    for (let i = 0; i < per; i++) {
      const v = c.map((x) => x + noise());
      const n = Math.hypot(...v);
      out.push(...v.map((x) => x / n));
    }
  }
  return Float32Array.from(out);
}

describe('k-means', () => {
  it('separates well-separated groups', () => {
    const { assignments } = kmeans(blobs(), 3, 3, { seed: 1 });
    for (const g of [0, 20, 40]) expect(new Set(assignments.slice(g, g + 20)).size).toBe(1);
    expect(new Set(assignments).size).toBe(3);
  });

  it('chooses the number of groups by silhouette', () => {
    const { best, scores } = clusterChoosingK(blobs(), 3, { candidates: [2, 3, 5, 8], seed: 1 });
    expect(best.k).toBe(3);
    expect(scores).toHaveLength(4);
  });

  it('keeps the smallest K within one standard error of the best silhouette', () => {
    const scores = [
      { k: 40, silhouette: 0.2289, se: 0.0039 },
      { k: 88, silhouette: 0.2515, se: 0.0043 },
      { k: 108, silhouette: 0.246, se: 0.0044 },
      { k: 132, silhouette: 0.2545, se: 0.0047 },
    ];
    expect(oneStandardError(scores)).toBe(1);
    expect(oneStandardError(scores.map((s) => ({ ...s, se: 0.001 })))).toBe(3);
    const { scores: sorted } = clusterChoosingK(blobs(), 3, { candidates: [5, 2, 3], seed: 1 });
    expect(sorted.map((s) => s.k)).toEqual([2, 3, 5]);
    expect(sorted.every((s) => s.se >= 0)).toBe(true);
  });

  it('clusters many vectors from a sample and assigns every one', () => {
    const many = blobs(1000);
    const { best } = clusterLarge(many, 3, { candidates: [2, 3, 4], seed: 2, fitSample: 300 });
    expect(best.k).toBe(3);
    expect(best.assignments).toHaveLength(3000);
    for (const g of [0, 1000, 2000]) expect(new Set(best.assignments.slice(g, g + 1000)).size).toBe(1);
  });
});
