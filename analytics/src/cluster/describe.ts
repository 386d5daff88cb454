import { words } from '../text/tokenize';

/**
 * Class-based TF-IDF keywords (as in BERTopic): a term weighs by its frequency in the cluster times the log of
 * how rare it is across clusters. `docs[c]` are the texts of cluster c, each with how often it occurs.
 */
export function clusterKeywords(docs: { text: string; count: number }[][], top = 6): string[][] {
  const tf = docs.map((cluster) => {
    const m = new Map<string, number>();
    for (const { text, count } of cluster) {
      const ws = words(text).filter((w) => w !== '<num>');
      const grams = [...ws, ...ws.slice(1).map((w, i) => `${ws[i]} ${w}`)];
      for (const g of new Set(grams)) m.set(g, (m.get(g) ?? 0) + count);
    }
    return m;
  });
  const total = new Map<string, number>();
  let words_ = 0;
  for (const m of tf) for (const [w, n] of m) {
    total.set(w, (total.get(w) ?? 0) + n);
    words_ += n;
  }
  const avg = words_ / Math.max(1, tf.length);
  return tf.map((m) => {
    const size = [...m.values()].reduce((a, b) => a + b, 0) || 1;
    const scored = [...m.entries()].map(([w, n]) => [w, (n / size) * Math.log(1 + avg / total.get(w)!)] as const);
    scored.sort((a, b) => b[1] - a[1]);
    const chosen: string[] = [];
    for (const [w] of scored) {
      if (chosen.length >= top) break;
      if (chosen.some((c) => c.includes(w) || w.includes(c))) continue;
      chosen.push(w);
    }
    return chosen;
  });
}

/** Index of the most similar centroid to each vector (cosine on unit vectors), with that similarity. */
export function nearestCentroid(vectors: Float32Array, centroids: Float32Array, dims: number): { index: Int32Array; similarity: Float32Array } {
  const n = vectors.length / dims;
  const k = centroids.length / dims;
  const index = new Int32Array(n).fill(-1);
  const similarity = new Float32Array(n).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < dims; j++) s += vectors[i * dims + j] * centroids[c * dims + j];
      if (s > similarity[i]) {
        similarity[i] = s;
        index[i] = c;
      }
    }
  }
  return { index, similarity };
}

/** Unit-length mean of the rows in `members`. */
export function centroidOf(vectors: Float32Array, dims: number, members: ArrayLike<number>): Float32Array {
  const c = new Float32Array(dims);
  for (let m = 0; m < members.length; m++) for (let j = 0; j < dims; j++) c[j] += vectors[members[m] * dims + j];
  const norm = Math.hypot(...c) || 1;
  for (let j = 0; j < dims; j++) c[j] /= norm;
  return c;
}

/**
 * Maps the clusters of a new clustering to existing intent ids by how many items they share: a one-to-one
 * matching that maximises the overlap (Hungarian). Clusters that share nothing with any old intent stay unmapped.
 */
export function matchByOverlap(oldIds: (number | null)[], newClusters: ArrayLike<number>, hungarian: (cost: number[][]) => number[]): Map<number, number> {
  const olds = [...new Set(oldIds.filter((x): x is number => x !== null))];
  const news = [...new Set(Array.from(newClusters))];
  const oi = new Map(olds.map((o, i) => [o, i]));
  const ni = new Map(news.map((c, i) => [c, i]));
  const size = Math.max(olds.length, news.length);
  const overlap = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  oldIds.forEach((o, i) => {
    if (o !== null) overlap[ni.get(newClusters[i])!][oi.get(o)!]++;
  });
  const max = overlap.reduce((m, r) => Math.max(m, ...r), 0);
  const assignment = hungarian(overlap.map((r) => r.map((v) => max - v)));
  const out = new Map<number, number>();
  assignment.forEach((col, row) => {
    if (row < news.length && col < olds.length && overlap[row][col] > 0) out.set(news[row], olds[col]);
  });
  return out;
}

/** Two principal axes of a set of vectors (power iteration with deflation), for a 2-D map. */
export function pca2(vectors: Float32Array, dims: number, seed: number): { mean: Float32Array; axes: Float32Array } {
  const n = vectors.length / dims;
  const mean = new Float32Array(dims);
  for (let i = 0; i < n; i++) for (let j = 0; j < dims; j++) mean[j] += vectors[i * dims + j] / n;
  const axes = new Float32Array(2 * dims);
  let s = seed || 1;
  for (let a = 0; a < 2; a++) {
    let v = Float64Array.from({ length: dims }, () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5);
    for (let it = 0; it < 50; it++) {
      const next = new Float64Array(dims);
      for (let i = 0; i < n; i++) {
        let p = 0;
        for (let j = 0; j < dims; j++) p += (vectors[i * dims + j] - mean[j]) * v[j];
        for (let j = 0; j < dims; j++) next[j] += p * (vectors[i * dims + j] - mean[j]);
      }
      if (a === 1) {
        let d = 0;
        for (let j = 0; j < dims; j++) d += next[j] * axes[j];
        for (let j = 0; j < dims; j++) next[j] -= d * axes[j];
      }
      const norm = Math.hypot(...next) || 1;
      v = next.map((x) => x / norm);
    }
    axes.set(Float32Array.from(v), a * dims);
  }
  return { mean, axes };
}

export function project2(vector: Float32Array, offset: number, dims: number, basis: { mean: Float32Array; axes: Float32Array }): [number, number] {
  let x = 0;
  let y = 0;
  for (let j = 0; j < dims; j++) {
    const c = vector[offset + j] - basis.mean[j];
    x += c * basis.axes[j];
    y += c * basis.axes[dims + j];
  }
  return [x, y];
}
