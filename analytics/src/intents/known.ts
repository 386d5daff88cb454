/**
 * The bot's own intents recognised in customer messages: a nearest-centroid classifier over the analysis's vectors
 * (the lexical engine's or a transformer's), trained on the bot's training examples, with a threshold under which a
 * message is *not covered*. The threshold is calibrated on the examples themselves, leaving one intent out at a time:
 * its examples play messages the bot has no intent for, the others' (each scored against a centroid without it)
 * messages it knows; the threshold is where both are told apart best. Confidence is the similarity mapped around
 * that threshold (0.5 at the threshold).
 */

/** How much more a known message wrongly left uncovered costs than an unknown one wrongly covered (2:1: a bot in use knows most of what it is asked). */
const KNOWN_WEIGHT = 2;

export interface KnownIntents {
  names: string[];
  dims: number;
  /** names.length × dims, unit length. */
  centroids: Float32Array;
  /** Cosine similarity under which a message is not covered. */
  threshold: number;
  /** Similarity units per unit of logit, for the confidence. */
  scale: number;
}

export interface Recognised {
  /** Index into names of the nearest intent (whether or not it covers the message). */
  nearest: number;
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
 * Trains on examples (their intent names and vectors, `dims` wide). Intents need at least one example; with fewer
 * than two intents nothing can be calibrated and the threshold is the examples' lowest similarity to their own centroid.
 */
export function trainKnownIntents(intents: string[], vectors: Float32Array, dims: number): KnownIntents {
  const names = [...new Set(intents)].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const sums = new Float64Array(names.length * dims);
  const counts = new Int32Array(names.length);
  intents.forEach((name, i) => {
    const c = index.get(name)!;
    counts[c]++;
    for (let d = 0; d < dims; d++) sums[c * dims + d] += vectors[i * dims + d];
  });
  const centroids = new Float32Array(names.length * dims);
  for (let c = 0; c < names.length; c++) unit(sums, c * dims, dims, centroids, c * dims);

  const known: number[] = [];
  const unknown: number[] = [];
  const loo = new Float32Array(dims);
  intents.forEach((name, i) => {
    const own = index.get(name)!;
    // Its own intent without it (an example is not its own evidence); skipped when it is the intent's only example.
    if (counts[own] > 1) {
      const rest = new Float64Array(dims);
      for (let d = 0; d < dims; d++) rest[d] = sums[own * dims + d] - vectors[i * dims + d];
      unit(rest, 0, dims, loo, 0);
      let bestOther = -Infinity;
      for (let c = 0; c < names.length; c++) if (c !== own) bestOther = Math.max(bestOther, dot(vectors, i * dims, centroids, c * dims, dims));
      const self = dot(vectors, i * dims, loo, 0, dims);
      // Recognised as its intent only when its own centroid is also the nearest.
      if (self >= bestOther) known.push(self);
    }
    // Its intent left out: how similar is it to the nearest other intent?
    let nearestOther = -Infinity;
    for (let c = 0; c < names.length; c++) if (c !== own) nearestOther = Math.max(nearestOther, dot(vectors, i * dims, centroids, c * dims, dims));
    if (nearestOther > -Infinity) unknown.push(nearestOther);
  });
  const threshold = unknown.length > 0 && known.length > 0 ? separatingThreshold(known, unknown) : Math.min(...(known.length ? known : [0]));
  const spread = known.length > 1 ? Math.sqrt(known.reduce((s, x) => s + (x - threshold) ** 2, 0) / known.length) : 0.1;
  return { names, dims, centroids, threshold, scale: Math.max(spread / 2, 0.02) };
}

export function recognise(model: KnownIntents, vectors: Float32Array): Recognised[] {
  const { dims, names, centroids } = model;
  const n = vectors.length / dims;
  const out: Recognised[] = [];
  for (let i = 0; i < n; i++) {
    let nearest = 0;
    let similarity = -Infinity;
    for (let c = 0; c < names.length; c++) {
      const s = dot(vectors, i * dims, centroids, c * dims, dims);
      if (s > similarity) {
        similarity = s;
        nearest = c;
      }
    }
    const confidence = 1 / (1 + Math.exp(-(similarity - model.threshold) / model.scale));
    out.push({ nearest, similarity, confidence, covered: similarity >= model.threshold });
  }
  return out;
}
