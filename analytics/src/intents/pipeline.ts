import { clusterLarge } from '../cluster/kmeans';
import type { Act, ActDetector } from './acts';
import { candidatesFor } from './candidates';
import { KnownIntents, recognise, Recognised } from './known';

/**
 * What the analysis makes of customer texts, in order: a conversation act (small talk, kept apart), else the bot's
 * intent that covers it, else a candidate intent discovered among what the bot does not cover. The analysis service
 * and the benchmarks both call this; only persistence differs.
 */
export interface TextIntentsInput {
  texts: string[];
  /** texts.length × dims, unit length (the analysis's embedding space). */
  vectors: Float32Array;
  dims: number;
  detectAct: ActDetector;
  known: KnownIntents | null;
  seed?: number;
}

export interface TextIntents {
  acts: (Act | null)[];
  /** For texts that are not acts, when there is a bot: its recognition (covered or not). */
  recognised: (Recognised | null)[];
  /** Texts neither acts nor covered: the indices discovery ran on. */
  uncovered: number[];
}

export function classifyTexts(input: TextIntentsInput): TextIntents {
  const acts = input.texts.map((t) => input.detectAct(t));
  const recognised: (Recognised | null)[] = input.texts.map(() => null);
  const content = acts.flatMap((a, i) => (a === null ? [i] : []));
  if (input.known && content.length > 0) {
    const vectors = new Float32Array(content.length * input.dims);
    content.forEach((i, j) => vectors.set(input.vectors.subarray(i * input.dims, (i + 1) * input.dims), j * input.dims));
    recognise(input.known, vectors).forEach((r, j) => (recognised[content[j]] = r));
  }
  const uncovered = content.filter((i) => !recognised[i]?.covered);
  return { acts, recognised, uncovered };
}

/**
 * Texts far from the rest of their candidate — under its mean similarity to the centroid by more than this many
 * standard deviations — are *unclear* rather than forced into it (candidates of at least UNCLEAR_MIN_SIZE texts).
 */
export const UNCLEAR_SPREAD = 2;
const UNCLEAR_MIN_SIZE = 5;

/** Which members of each cluster are outliers of it (UNCLEAR_SPREAD). */
export function unclearMembers(vectors: Float32Array, dims: number, assignments: Int32Array, k: number): boolean[] {
  const sums = Array.from({ length: k }, () => new Float64Array(dims));
  const sizes = new Int32Array(k);
  assignments.forEach((c, i) => {
    sizes[c]++;
    for (let d = 0; d < dims; d++) sums[c][d] += vectors[i * dims + d];
  });
  const norms = sums.map((s) => Math.sqrt(s.reduce((n, x) => n + x * x, 0)) || 1);
  const sims = Array.from(assignments, (c, i) => {
    let s = 0;
    for (let d = 0; d < dims; d++) s += vectors[i * dims + d] * sums[c][d];
    return s / norms[c];
  });
  const mean = new Float64Array(k);
  const square = new Float64Array(k);
  sims.forEach((s, i) => {
    mean[assignments[i]] += s;
    square[assignments[i]] += s * s;
  });
  const floor = Array.from({ length: k }, (_, c) => {
    if (sizes[c] < UNCLEAR_MIN_SIZE) return -Infinity;
    const m = mean[c] / sizes[c];
    return m - UNCLEAR_SPREAD * Math.sqrt(Math.max(0, square[c] / sizes[c] - m * m));
  });
  return sims.map((s, i) => s < floor[assignments[i]]);
}

/** Candidates whose centroids are this alike are one: the same request in other words or typos. */
export const SAME_CANDIDATE = 0.7;

/**
 * Candidate intents among `members` (indices into vectors): K chosen by the silhouette over candidatesFor's grid,
 * then candidates whose centroids are at least SAME_CANDIDATE alike merged (most alike first), and each one's
 * outliers marked `unclear`. The same input gives the same candidates.
 */
export function discoverIntents(vectors: Float32Array, dims: number, members: number[], seed = 17): { assignments: Int32Array; k: number; unclear: boolean[] } {
  if (members.length < 2) return { assignments: new Int32Array(members.length), k: members.length, unclear: members.map(() => false) };
  const sub = new Float32Array(members.length * dims);
  members.forEach((i, j) => sub.set(vectors.subarray(i * dims, (i + 1) * dims), j * dims));
  const { best } = clusterLarge(sub, dims, { candidates: candidatesFor(members.length), seed });
  const merged = mergeAlike(sub, dims, best.assignments, best.k, SAME_CANDIDATE);
  return { ...merged, unclear: unclearMembers(sub, dims, merged.assignments, merged.k) };
}

/** Merges clusters whose summed vectors have cosine ≥ `threshold`, most alike pair first; numbers the rest 0…k−1. */
export function mergeAlike(vectors: Float32Array, dims: number, assignments: Int32Array, k: number, threshold: number): { assignments: Int32Array; k: number } {
  const sums = Array.from({ length: k }, () => new Float64Array(dims));
  assignments.forEach((c, i) => {
    for (let d = 0; d < dims; d++) sums[c][d] += vectors[i * dims + d];
  });
  const alive = sums.map((s) => s.some((x) => x !== 0));
  const norm = (a: Float64Array) => Math.sqrt(a.reduce((n, x) => n + x * x, 0)) || 1;
  const cosine = (a: number, b: number) => {
    let s = 0;
    for (let d = 0; d < dims; d++) s += sums[a][d] * sums[b][d];
    return s / (norm(sums[a]) * norm(sums[b]));
  };
  const sim = Array.from({ length: k }, (_, a) => Float64Array.from({ length: k }, (_, b) => (a < b && alive[a] && alive[b] ? cosine(a, b) : -Infinity)));
  const into = Int32Array.from({ length: k }, (_, c) => c);
  for (;;) {
    let best = threshold;
    let pair: [number, number] | null = null;
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) if (sim[a][b] >= best) [best, pair] = [sim[a][b], [a, b]];
    if (!pair) break;
    const [a, b] = pair;
    for (let d = 0; d < dims; d++) sums[a][d] += sums[b][d];
    alive[b] = false;
    into[b] = a;
    sim[a][b] = -Infinity;
    for (let c = 0; c < k; c++) {
      if (c === a || c === b) continue;
      const value = alive[c] ? cosine(Math.min(a, c), Math.max(a, c)) : -Infinity;
      if (c < a) sim[c][a] = value;
      else sim[a][c] = value;
      if (c < b) sim[c][b] = -Infinity;
      else sim[b][c] = -Infinity;
    }
  }
  const root = (c: number): number => (into[c] === c ? c : root(into[c]));
  const numbers = new Map<number, number>();
  const out = Int32Array.from(assignments, (c) => {
    const r = root(c);
    if (!numbers.has(r)) numbers.set(r, numbers.size);
    return numbers.get(r)!;
  });
  return { assignments: out, k: numbers.size };
}
