import { orthonormalizeColumns, symmetricEigen } from './dense';

describe('dense linear algebra', () => {
  it('orthonormalises columns', () => {
    const m = Float64Array.from([1, 1, 1, 0, 0, 1]); // 3×2
    orthonormalizeColumns(m, 3, 2);
    const dot = m[0] * m[1] + m[2] * m[3] + m[4] * m[5];
    expect(dot).toBeCloseTo(0);
    expect(m[0] ** 2 + m[2] ** 2 + m[4] ** 2).toBeCloseTo(1);
  });

  it('finds eigenvalues of a symmetric matrix, largest first', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3);
    expect(values[1]).toBeCloseTo(1);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2);
  });
});
