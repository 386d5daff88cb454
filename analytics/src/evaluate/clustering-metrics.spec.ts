import { ari, clusteringAccuracy, hungarian, nmi } from './clustering-metrics';

describe('clustering metrics', () => {
  it('score a perfect clustering 1 whatever the cluster names', () => {
    const gold = [0, 0, 1, 1, 2, 2];
    const pred = [5, 5, 3, 3, 9, 9];
    expect(nmi(pred, gold)).toBeCloseTo(1);
    expect(ari(pred, gold)).toBeCloseTo(1);
    expect(clusteringAccuracy(pred, gold)).toBeCloseTo(1);
  });

  it('match values worked out by hand', () => {
    // gold: two classes of 3; pred puts one item of class A into B's cluster.
    const gold = [0, 0, 0, 1, 1, 1];
    const pred = [0, 0, 1, 1, 1, 1];
    expect(clusteringAccuracy(pred, gold)).toBeCloseTo(5 / 6);
    // Contingency [[2,0],[1,3]]: index = C(2,2)+C(3,2) = 4; a = C(2,2)+C(4,2) = 7; b = 3+3 = 6; E = 42/15 = 2.8; max = 6.5.
    expect(ari(pred, gold)).toBeCloseTo((4 - 2.8) / (6.5 - 2.8));
    const hp = -(2 / 6) * Math.log(2 / 6) - (4 / 6) * Math.log(4 / 6);
    const hg = Math.log(2);
    const mi = (2 / 6) * Math.log((2 * 6) / (2 * 3)) + (1 / 6) * Math.log((1 * 6) / (4 * 3)) + (3 / 6) * Math.log((3 * 6) / (4 * 3));
    expect(nmi(pred, gold)).toBeCloseTo((2 * mi) / (hp + hg));
  });

  it('score everything in one cluster 0 on NMI and ARI', () => {
    expect(nmi([0, 0, 0, 0], [0, 0, 1, 1])).toBeCloseTo(0);
    expect(ari([0, 0, 0, 0], [0, 0, 1, 1])).toBeCloseTo(0);
  });

  it('finds the cheapest assignment', () => {
    expect(hungarian([[4, 1, 3], [2, 0, 5], [3, 2, 2]])).toEqual([1, 0, 2]);
  });
});
