/** Small dense linear algebra on row-major Float64Arrays: enough for randomized SVD. */

/** Orthonormalises the columns of an n×l matrix in place (modified Gram–Schmidt, twice for stability). */
export function orthonormalizeColumns(m: Float64Array, n: number, l: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < l; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += m[i * l + j] * m[i * l + k];
        for (let i = 0; i < n; i++) m[i * l + j] -= dot * m[i * l + k];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += m[i * l + j] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < n; i++) m[i * l + j] /= norm;
    }
  }
}

/** Eigen-decomposition of a symmetric l×l matrix (cyclic Jacobi). Returns eigenvalues descending and eigenvectors as columns. */
export function symmetricEigen(a: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += m[p * l + q] ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = m[p * l + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * l + q] - m[p * l + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const mkp = m[k * l + p];
          const mkq = m[k * l + q];
          m[k * l + p] = c * mkp - s * mkq;
          m[k * l + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < l; k++) {
          const mpk = m[p * l + k];
          const mqk = m[q * l + k];
          m[p * l + k] = c * mpk - s * mqk;
          m[q * l + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p];
          const vkq = v[k * l + q];
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((x, y) => m[y * l + y] - m[x * l + x]);
  const values = Float64Array.from(order, (i) => m[i * l + i]);
  const vectors = new Float64Array(l * l);
  order.forEach((src, dst) => {
    for (let k = 0; k < l; k++) vectors[k * l + dst] = v[k * l + src];
  });
  return { values, vectors };
}
