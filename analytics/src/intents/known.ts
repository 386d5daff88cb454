/**
 * The bot's own intents recognised in customer messages, over the analysis's vectors (the lexical engine's or a
 * transformer's), trained on the bot's training examples. Which intent a message is comes from a linear model (a
 * softmax head over the vectors, trained on the examples): it weighs the dimensions that tell intents apart ("arrive"
 * against "estimate" for two card intents) where a similarity weighs every dimension alike. Whether the bot covers
 * the message at all is a similarity: the mean of its similarity to that intent's centroid and to the intent's
 * nearest example (an intent's examples are often worded far apart: "I cannot log in" and "reset my password");
 * under a threshold the message is *not covered*. The threshold is calibrated on the examples themselves, leaving
 * one intent out at a time: its examples play messages the bot has no intent for, the others' (each scored without
 * itself) messages it knows; the threshold is where both are told apart best. Confidence is the score mapped around
 * that threshold (0.5 at the threshold).
 */
import { rng } from '../random';

/** How much more a known message wrongly left uncovered costs than an unknown one wrongly covered (2:1: a bot in use knows most of what it is asked). */
const KNOWN_WEIGHT = 2;

export interface KnownIntents {
  names: string[];
  dims: number;
  /** names.length × dims, unit length. */
  centroids: Float32Array;
  /** The examples' vectors, and for each intent (index into names) the indices of its examples. */
  examples: Float32Array;
  examplesOf: number[][];
  /** The linear head: names.length × dims weights; the intent with the highest logit is the message's. */
  weights: Float32Array;
  /** Cosine similarity under which a message is not covered. */
  threshold: number;
  /** Similarity units per unit of logit, for the confidence. */
  scale: number;
}

export interface Recognised {
  /** Index into names of the intent the linear head gives (whether or not it covers the message). */
  nearest: number;
  /** The message's similarity to it: the mean of the similarities to its centroid and to its nearest example. */
  similarity: number;
  /** 0–1; ≥ 0.5 when covered. */
  confidence: number;
  covered: boolean;
}

function unit(v: Float32Array | Float64Array, offset: number, dims: number, out: Float32Array, at: number): void {
  let n = 0;
  for (let d = 0; d < dims; d++) n += v[offset + d] ** 2;
  n = Math.sqrt(n) || 1;
  for (let d = 0; d < dims; d++) out[at + d] = v[offset + d] / n;
}

function dot(a: Float32Array, i: number, b: Float32Array | Float64Array, j: number, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) s += a[i + d] * b[j + d];
  return s;
}

/**
 * Best threshold between similarities of known (should pass) and unknown (should fail) cases: the most cases on
 * their side, a known case weighing `knownWeight` times an unknown one (the share of messages a bot usually knows).
 */
export function separatingThreshold(known: number[], unknown: number[], knownWeight = KNOWN_WEIGHT): number {
  const all = [...known.map((s) => [s, 1] as const), ...unknown.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  if (known.length === 0 || unknown.length === 0) return known.length === 0 ? Infinity : -Infinity;
  // Threshold before position p: cases below fail. Balanced accuracy = (known passing / known + unknown failing / unknown) / 2.
  let knownBelow = 0;
  let unknownBelow = 0;
  let best = -Infinity;
  let at = all[0][0];
  for (let p = 0; p <= all.length; p++) {
    const score = (knownWeight * (known.length - knownBelow)) / known.length + unknownBelow / unknown.length;
    if (score > best) {
      best = score;
      at = p === 0 ? all[0][0] - 1e-6 : p === all.length ? all[p - 1][0] + 1e-6 : (all[p - 1][0] + all[p][0]) / 2;
    }
    if (p < all.length) {
      if (all[p][1] === 1) knownBelow++;
      else unknownBelow++;
    }
  }
  return at;
}

/**
 * The threshold from the calibration cases. Without known cases (every intent has a single example) a message must
 * score above nine in ten of the cases that should fail; without unknown ones (a single intent), as well as the
 * lowest known case.
 */
function calibrated(known: number[], unknown: number[]): number {
  if (known.length > 0 && unknown.length > 0) return separatingThreshold(known, unknown);
  if (unknown.length > 0) return [...unknown].sort((a, b) => a - b)[Math.min(unknown.length - 1, Math.floor(unknown.length * 0.9))];
  return known.reduce((min, x) => Math.min(min, x), Infinity) === Infinity ? 0 : known.reduce((min, x) => Math.min(min, x), Infinity);
}

/** Intents whose examples are compared one by one with a message: the ones with the nearest centroids. */
const EXAMPLE_CANDIDATES = 8;

/**
 * Trains on examples (their intent names and vectors, `dims` wide). Intents need at least one example; with fewer
 * than two intents nothing can be calibrated and the threshold is the examples' lowest score for their own intent.
 */
export function trainKnownIntents(intents: string[], vectors: Float32Array, dims: number): KnownIntents {
  const names = [...new Set(intents)].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const exampleIntent = Int32Array.from(intents, (n) => index.get(n)!);
  const sums = new Float64Array(names.length * dims);
  const counts = new Int32Array(names.length);
  intents.forEach((_, i) => {
    const c = exampleIntent[i];
    counts[c]++;
    for (let d = 0; d < dims; d++) sums[c * dims + d] += vectors[i * dims + d];
  });
  const centroids = new Float32Array(names.length * dims);
  for (let c = 0; c < names.length; c++) unit(sums, c * dims, dims, centroids, c * dims);
  const examplesOf = names.map((): number[] => []);
  exampleIntent.forEach((c, i) => examplesOf[c].push(i));
  const model = { names, dims, centroids, examples: vectors, examplesOf, threshold: 0, scale: 0.1, ...trainHead(exampleIntent, vectors, dims, centroids, names.length) };

  const known: number[] = [];
  const unknown: number[] = [];
  const loo = new Float32Array(dims);
  intents.forEach((_, i) => {
    const own = exampleIntent[i];
    const scores = intentScores(model, vectors, i * dims, i);
    let bestOther = -Infinity;
    for (let c = 0; c < names.length; c++) if (c !== own) bestOther = Math.max(bestOther, scores[c]);
    // Its intent left out: how well does the nearest other intent score it?
    if (bestOther > -Infinity) unknown.push(bestOther);
    // Its own intent without it (an example is not its own evidence); not when it is the intent's only example.
    if (counts[own] > 1) {
      const rest = new Float64Array(dims);
      for (let d = 0; d < dims; d++) rest[d] = sums[own * dims + d] - vectors[i * dims + d];
      unit(rest, 0, dims, loo, 0);
      let nearestExample = -Infinity;
      for (const j of examplesOf[own]) if (j !== i) nearestExample = Math.max(nearestExample, dot(vectors, i * dims, vectors, j * dims, dims));
      const self = (dot(vectors, i * dims, loo, 0, dims) + nearestExample) / 2;
      // Recognised as its intent only when its own intent also scores best.
      if (self >= bestOther) known.push(self);
    }
  });
  const threshold = calibrated(known, unknown);
  const spread = known.length > 1 ? Math.sqrt(known.reduce((s, x) => s + (x - threshold) ** 2, 0) / known.length) : 0.1;
  return { ...model, threshold, scale: Math.max(spread / 2, 0.02) };
}

/** Passes over the examples the head trains for at most, and the multiply-adds it may spend (a large definition gets fewer passes). */
const HEAD_EPOCHS = 60;
const HEAD_BUDGET = 3e9;
const HEAD_RATE = 0.5;
const HEAD_DECAY = 0.95;
const HEAD_L2 = 1e-4;

/**
 * Softmax regression on the examples by stochastic gradient descent (seeded order: the same definition gives the
 * same head), its weights starting at the intents' centroids.
 */
function trainHead(exampleIntent: Int32Array, vectors: Float32Array, dims: number, centroids: Float32Array, k: number): { weights: Float32Array } {
  const weights = new Float64Array(centroids);
  const n = exampleIntent.length;
  const epochs = Math.max(1, Math.min(HEAD_EPOCHS, Math.floor(HEAD_BUDGET / (2 * Math.max(1, n * k * dims)))));
  const rand = rng(n * 31 + k);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const p = new Float64Array(k);
  let rate = HEAD_RATE;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const e of order) {
      const at = e * dims;
      logits(weights, vectors, at, dims, p);
      softmax(p);
      const y = exampleIntent[e];
      for (let c = 0; c < k; c++) {
        const g = p[c] - (c === y ? 1 : 0);
        const row = c * dims;
        for (let d = 0; d < dims; d++) weights[row + d] -= rate * (g * vectors[at + d] + HEAD_L2 * weights[row + d]);
      }
    }
    rate *= HEAD_DECAY;
  }
  return { weights: Float32Array.from(weights) };
}

function logits(weights: Float32Array | Float64Array, vectors: Float32Array, at: number, dims: number, out: Float64Array): void {
  for (let c = 0; c < out.length; c++) {
    let s = 0;
    const row = c * dims;
    for (let d = 0; d < dims; d++) s += weights[row + d] * vectors[at + d];
    out[c] = s;
  }
}

function softmax(z: Float64Array): void {
  let max = -Infinity;
  for (const x of z) max = Math.max(max, x);
  let sum = 0;
  for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c] - max);
  for (let c = 0; c < z.length; c++) z[c] /= sum;
}

/**
 * A vector's score for each intent: mean of centroid similarity and nearest-example similarity for the intents with
 * the nearest centroids, centroid similarity alone (halved, as if no example were near) for the others. `skip`: an
 * example not to compare with (itself, in calibration).
 */
function intentScores(model: Pick<KnownIntents, 'names' | 'dims' | 'centroids' | 'examples' | 'examplesOf'>, vectors: Float32Array, offset: number, skip = -1): Float64Array {
  const { names, dims, centroids, examples, examplesOf } = model;
  const scores = new Float64Array(names.length);
  for (let c = 0; c < names.length; c++) scores[c] = dot(vectors, offset, centroids, c * dims, dims);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  const nearest = new Float64Array(names.length).fill(-Infinity);
  // Only the candidate intents' examples are compared: the work per text does not grow with the whole definition.
  for (const c of order.slice(0, EXAMPLE_CANDIDATES)) {
    for (const j of examplesOf[c]) if (j !== skip) nearest[c] = Math.max(nearest[c], dot(vectors, offset, examples, j * dims, dims));
  }
  for (let c = 0; c < names.length; c++) scores[c] = nearest[c] > -Infinity ? (scores[c] + nearest[c]) / 2 : scores[c] / 2;
  return scores;
}

/** A vector's score for one intent: mean of its similarities to the intent's centroid and nearest example. */
function similarityTo(model: KnownIntents, vectors: Float32Array, offset: number, c: number): number {
  const { dims, centroids, examples, examplesOf } = model;
  let nearest = -Infinity;
  for (const j of examplesOf[c]) nearest = Math.max(nearest, dot(vectors, offset, examples, j * dims, dims));
  return (dot(vectors, offset, centroids, c * dims, dims) + nearest) / 2;
}

export function recognise(model: KnownIntents, vectors: Float32Array): Recognised[] {
  const { dims, names } = model;
  const n = vectors.length / dims;
  const out: Recognised[] = [];
  const z = new Float64Array(names.length);
  for (let i = 0; i < n; i++) {
    logits(model.weights, vectors, i * dims, dims, z);
    let nearest = 0;
    for (let c = 1; c < names.length; c++) if (z[c] > z[nearest]) nearest = c;
    const similarity = similarityTo(model, vectors, i * dims, nearest);
    const confidence = 1 / (1 + Math.exp(-(similarity - model.threshold) / model.scale));
    out.push({ nearest, similarity, confidence, covered: similarity >= model.threshold });
  }
  return out;
}
