import { hungarian } from '../evaluate/clustering-metrics';
import { centroidOf, clusterKeywords, matchByOverlap, nearestCentroid, pca2, project2 } from './describe';

describe('cluster descriptions', () => {
  it('labels each cluster with the words that set it apart', () => {
    const keywords = clusterKeywords([
      [{ text: 'where is my refund', count: 3 }, { text: 'refund not received', count: 1 }],
      [{ text: 'my card has not arrived', count: 2 }, { text: 'card delivery is late', count: 1 }],
    ]);
    expect(keywords[0][0]).toBe('refund');
    expect(keywords[1][0]).toBe('card');
  });

  it('keeps old intent ids for the new clusters that overlap them most', () => {
    // Items 0-3 were intent 10, items 4-7 intent 20; the new clustering names them 1 and 0, and finds a new cluster 2.
    const mapping = matchByOverlap([10, 10, 10, 10, 20, 20, 20, 20, null, null], [1, 1, 1, 0, 0, 0, 0, 0, 2, 2], hungarian);
    expect(mapping.get(1)).toBe(10);
    expect(mapping.get(0)).toBe(20);
    expect(mapping.has(2)).toBe(false);
  });

  it('assigns vectors to the nearest centroid and projects to two dimensions', () => {
    const vectors = Float32Array.from([1, 0, 0, 0.9, 0.1, 0, 0, 1, 0, 0, 0.9, 0.1]);
    const c = Float32Array.from([...centroidOf(vectors, 3, [0, 1]), ...centroidOf(vectors, 3, [2])]);
    const { index } = nearestCentroid(vectors, c, 3);
    expect(Array.from(index)).toEqual([0, 0, 1, 1]);
    const basis = pca2(vectors, 3, 1);
    const points = [0, 1, 2, 3].map((i) => project2(vectors, i * 3, 3, basis));
    expect(points.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
  });
});
