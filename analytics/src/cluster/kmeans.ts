import { rng } from '../random';
/**
 * Spherical k-means (cosine) on unit vectors, k-means++ seeding with a seeded generator, and a silhouette
 * estimate on a sample to choose the number of clusters.
 */
export interface KMeansResult {
  k: number;
  assignments: Int32Array;
  centroids: Float32Array;
  /** Mean cosine similarity of points to their centroid. */
  cohesion: number;
}

function dot(a: Float32Array, ai: number, b: Float32Array, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += a[ai + j] * b[bi + j];
  return s;
}

export function kmeans(vectors: Float32Array, dims: number, k: number, options: { seed: number; iterations?: number }): KMeansResult {
  const n = vectors.length / dims;
  const rand = rng(options.seed);
  const centroids = new Float32Array(k * dims);
  // k-means++ on cosine distance.
  const first = Math.floor(rand() * n);
  centroids.set(vectors.subarray(first * dims, first * dims + dims), 0);
  const dist = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.max(0, 1 - dot(vectors, i * dims, centroids, (c - 1) * dims, dims));
      if (d < dist[i]) dist[i] = d;
      total += dist[i] * dist[i];
    }
    let target = rand() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= dist[i] * dist[i];
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
    centroids.set(vectors.subarray(chosen * dims, chosen * dims + dims), c * dims);
  }
  const assignments = new Int32Array(n).fill(-1);
  let cohesion = 0;
  for (let it = 0; it < (options.iterations ?? 40); it++) {
    let changed = 0;
    cohesion = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestSim = -Infinity;
      for (let c = 0; c < k; c++) {
        const s = dot(vectors, i * dims, centroids, c * dims, dims);
        if (s > bestSim) {
          bestSim = s;
          best = c;
        }
      }
      if (assignments[i] !== best) changed++;
      assignments[i] = best;
      cohesion += bestSim;
    }
    centroids.fill(0);
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignments[i];
      sizes[c]++;
      for (let j = 0; j < dims; j++) centroids[c * dims + j] += vectors[i * dims + j];
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        const i = Math.floor(rand() * n);
        centroids.set(vectors.subarray(i * dims, i * dims + dims), c * dims);
        continue;
      }
      let norm = 0;
      for (let j = 0; j < dims; j++) norm += centroids[c * dims + j] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < dims; j++) centroids[c * dims + j] /= norm;
    }
    if (changed === 0) break;
  }
  return { k, assignments, centroids, cohesion: cohesion / n };
}

/**
 * Mean silhouette (cosine distance) over a seeded sample of at most `sampleSize` points, and its standard error (the
 * points' spread over the square root of their number).
 */
export function silhouette(vectors: Float32Array, dims: number, assignments: Int32Array, k: number, sampleSize: number, seed: number): { mean: number; se: number } {
  const n = assignments.length;
  const rand = rng(seed);
  const sample = n <= sampleSize ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: sampleSize }, () => Math.floor(rand() * n));
  let total = 0;
  let squares = 0;
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (const i of sample) {
    sums.fill(0);
    counts.fill(0);
    for (const j of sample) {
      if (j === i) continue;
      sums[assignments[j]] += 1 - dot(vectors, i * dims, vectors, j * dims, dims);
      counts[assignments[j]]++;
    }
    const own = assignments[i];
    if (counts[own] === 0) continue;
    const a = sums[own] / counts[own];
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) b = Math.min(b, sums[c] / counts[c]);
    if (b === Infinity) continue;
    const s = (b - a) / Math.max(a, b);
    total += s;
    squares += s * s;
  }
  const mean = total / sample.length;
  return { mean, se: Math.sqrt(Math.max(0, squares / sample.length - mean * mean) / sample.length) };
}

export interface ChooseKOptions {
  candidates: number[];
  seed: number;
  sampleSize?: number;
}

/**
 * Clusters with each candidate K and keeps the smallest K whose silhouette is within one standard error of the best
 * (the one-standard-error rule of model selection): on short texts the silhouette keeps creeping up with K long
 * after the groups a reader would name are split, and a K no better than a smaller one beyond the estimate's own
 * noise is not worth the extra intents. Returns all scores for inspection.
 */
export function clusterChoosingK(vectors: Float32Array, dims: number, options: ChooseKOptions): { best: KMeansResult; scores: { k: number; silhouette: number; se: number }[] } {
  const results: KMeansResult[] = [];
  const scores: { k: number; silhouette: number; se: number }[] = [];
  for (const k of [...options.candidates].sort((a, b) => a - b)) {
    const result = kmeans(vectors, dims, k, { seed: options.seed });
    const { mean, se } = silhouette(vectors, dims, result.assignments, k, options.sampleSize ?? 2000, options.seed);
    results.push(result);
    scores.push({ k, silhouette: mean, se });
  }
  return { best: results[oneStandardError(scores)], scores };
}

/** Index of the first (smallest) K whose silhouette is within one standard error of the best one's. */
export function oneStandardError(scores: { silhouette: number; se: number }[]): number {
  const top = scores.reduce((best, s) => (s.silhouette > best.silhouette ? s : best));
  return scores.findIndex((s) => s.silhouette >= top.silhouette - top.se);
}

/**
 * For many vectors: K is chosen and centroids found on an evenly spread sample, then every vector goes to its
 * nearest centroid and the centroids are refined over all of them. Cost grows linearly with the number of vectors.
 */
export function clusterLarge(vectors: Float32Array, dims: number, options: ChooseKOptions & { fitSample?: number; refine?: number }): { best: KMeansResult; scores: { k: number; silhouette: number; se: number }[] } {
  const n = vectors.length / dims;
  const fit = options.fitSample ?? 8000;
  if (n <= fit) return clusterChoosingK(vectors, dims, options);
  const step = n / fit;
  const sample = new Float32Array(fit * dims);
  for (let i = 0; i < fit; i++) sample.set(vectors.subarray(Math.floor(i * step) * dims, (Math.floor(i * step) + 1) * dims), i * dims);
  const { best, scores } = clusterChoosingK(sample, dims, options);
  const k = best.k;
  const centroids = Float32Array.from(best.centroids);
  const assignments = new Int32Array(n);
  let cohesion = 0;
  for (let round = 0; round <= (options.refine ?? 2); round++) {
    cohesion = 0;
    for (let i = 0; i < n; i++) {
      let bestC = 0;
      let bestS = -Infinity;
      for (let c = 0; c < k; c++) {
        const s = dot(vectors, i * dims, centroids, c * dims, dims);
        if (s > bestS) {
          bestS = s;
          bestC = c;
        }
      }
      assignments[i] = bestC;
      cohesion += bestS;
    }
    if (round === (options.refine ?? 2)) break;
    const sums = new Float64Array(k * dims);
    for (let i = 0; i < n; i++) for (let j = 0; j < dims; j++) sums[assignments[i] * dims + j] += vectors[i * dims + j];
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < dims; j++) norm += sums[c * dims + j] ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      for (let j = 0; j < dims; j++) centroids[c * dims + j] = sums[c * dims + j] / norm;
    }
  }
  return { best: { k, assignments, centroids, cohesion: cohesion / n }, scores };
}
