import { clusterChoosingK, clusterLarge, kmeans } from './kmeans';

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

  it('clusters many vectors from a sample and assigns every one', () => {
    const many = blobs(1000);
    const { best } = clusterLarge(many, 3, { candidates: [2, 3, 4], seed: 2, fitSample: 300 });
    expect(best.k).toBe(3);
    expect(best.assignments).toHaveLength(3000);
    for (const g of [0, 1000, 2000]) expect(new Set(best.assignments.slice(g, g + 1000)).size).toBe(1);
  });
});
