import { centroidOf, nearestCentroid } from '../cluster/describe';
import { clusterLarge } from '../cluster/kmeans';
import { scriptOf } from '../text/tokenize';
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
 * An outlier sent in at least this share of the messages discovery works on (and MIN_CANDIDATE messages) is a
 * candidate of its own, not unclear: a message 150 customers sent ("I want to speak to a real person", a quick-reply
 * button) is something they ask even when nothing else is worded like it, and clustering sees each distinct text once.
 */
export const OWN_SHARE = 0.005;

/**
 * Fewest messages a candidate holds (BERTopic's minimum topic size is 10 too): a cluster of fewer is folded into the
 * nearest larger one. Clustering sees each distinct text once, so four misspellings of "where is my refund", sent
 * once each, weigh four times the correct wording sent by sixty customers and form a candidate of their own.
 */
export const MIN_CANDIDATE = 10;

export interface DiscoverOptions {
  seed?: number;
  /** How many messages each member (distinct text) stands for; 1 each when not given. */
  counts?: number[];
  /**
   * How many conversations each member opens (openingTexts): candidates are discovered among the texts that open
   * one, and the others join the nearest. When not given, or when no member opens a conversation, every member does.
   */
  opens?: number[];
  /** Each member's writing system (text/tokenize scriptOf): each is discovered on its own. All one when not given. */
  scripts?: string[];
}

/**
 * Candidate intents among `members` (indices into vectors), discovered within each script on its own (a script of
 * fewer than MIN_CANDIDATE messages, or of no letters, joins the largest): customers writing Chinese and English to
 * one service share few features, the split between them outweighed every other in the choice of K, and one candidate
 * held all the Chinese messages. Within a script: K chosen by the silhouette over candidatesFor's grid, candidates
 * whose centroids are at least SAME_CANDIDATE alike merged (most alike first), those under MIN_CANDIDATE messages
 * folded into the nearest other, and each one's outliers marked `unclear`, except those sent often enough to stand
 * alone (OWN_SHARE). The same input gives the same candidates.
 */
export function discoverIntents(vectors: Float32Array, dims: number, members: number[], options: DiscoverOptions = {}): { assignments: Int32Array; k: number; unclear: boolean[] } {
  const counts = options.counts ?? members.map(() => 1);
  const opens = options.opens?.some((n) => n > 0) ? options.opens : members.map(() => 1);
  const groups = scriptGroups(options.scripts ?? members.map(() => ''), counts);
  const assignments = new Int32Array(members.length);
  const unclear = members.map(() => false);
  let k = 0;
  for (const group of groups) {
    const leading = group.filter((j) => opens[j] > 0);
    const found = leading.length > 0 && leading.length < group.length
      ? discoverAmongOpeners(vectors, dims, group.map((j) => members[j]), group.map((j) => counts[j]), group.map((j) => opens[j] > 0), options.seed ?? 17)
      : discoverWithin(vectors, dims, group.map((j) => members[j]), group.map((j) => counts[j]), options.seed ?? 17);
    group.forEach((j, n) => {
      assignments[j] = k + found.assignments[n];
      unclear[j] = found.unclear[n];
    });
    k += found.k;
  }
  return { assignments, k, unclear };
}

/**
 * What customers contact the service about is what they open conversations with: "In checking.", "Nope, still
 * broken" or an app version answer a question inside a conversation, and clustered with the openers they formed
 * candidates of their own (ten for a log of two contact reasons). Candidates are discovered among the texts that
 * open a conversation (`leads`); each other text joins the nearest candidate, or is unclear when it is less like it
 * than that candidate's own texts usually are (joinOrStray).
 */
function discoverAmongOpeners(vectors: Float32Array, dims: number, members: number[], counts: number[], leads: boolean[], seed: number): { assignments: Int32Array; k: number; unclear: boolean[] } {
  const leaders = members.flatMap((_, j) => (leads[j] ? [j] : []));
  const followers = members.flatMap((_, j) => (leads[j] ? [] : [j]));
  const found = discoverWithin(vectors, dims, leaders.map((j) => members[j]), leaders.map((j) => counts[j]), seed);
  const assignments = new Int32Array(members.length);
  const unclear = members.map(() => false);
  leaders.forEach((j, n) => {
    assignments[j] = found.assignments[n];
    unclear[j] = found.unclear[n];
  });
  const groups = Array.from({ length: found.k }, (_, c) => leaders.flatMap((j, n) => (found.assignments[n] === c && !found.unclear[n] ? [members[j]] : [])));
  const joined = joinOrStray(vectors, dims, groups, followers.map((j) => members[j]));
  followers.forEach((j, f) => {
    assignments[j] = joined.index[f];
    unclear[j] = joined.stray[f];
  });
  return { assignments, k: found.k, unclear };
}

/**
 * Each of `items` (indices into vectors) with the nearest of `groups` (each a list of indices into vectors, by cosine
 * to its centroid), `stray` when less like it than the group's own members usually are: under their mean by
 * UNCLEAR_SPREAD standard deviations, or under the least alike of fewer than UNCLEAR_MIN_SIZE. A group without
 * members takes none.
 */
export function joinOrStray(vectors: Float32Array, dims: number, groups: number[][], items: number[]): { index: Int32Array; stray: boolean[] } {
  const live = groups.flatMap((m, g) => (m.length > 0 ? [g] : []));
  const centroids = new Float32Array(live.length * dims);
  live.forEach((g, n) => centroids.set(centroidOf(vectors, dims, groups[g]), n * dims));
  const floor = live.map((g, n) => {
    const sims = groups[g].map((j) => dot(vectors, j * dims, centroids, n * dims, dims));
    if (sims.length < UNCLEAR_MIN_SIZE) return Math.min(...sims);
    const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
    return mean - UNCLEAR_SPREAD * Math.sqrt(sims.reduce((a, b) => a + (b - mean) ** 2, 0) / sims.length);
  });
  const itemVectors = new Float32Array(items.length * dims);
  items.forEach((j, f) => itemVectors.set(vectors.subarray(j * dims, (j + 1) * dims), f * dims));
  if (live.length === 0) return { index: new Int32Array(items.length), stray: items.map(() => true) };
  const nearest = nearestCentroid(itemVectors, centroids, dims);
  return {
    index: Int32Array.from(items, (_, f) => live[nearest.index[f]]),
    stray: items.map((j, f) => dot(vectors, j * dims, centroids, nearest.index[f] * dims, dims) < floor[nearest.index[f]]),
  };
}

/** What a conversation opens with: the first of its customer texts (in order) that is not an act; null when all are. */
export function openingText<T>(texts: T[], isAct: (text: T) => boolean): T | null {
  return texts.find((t) => !isAct(t)) ?? null;
}

/** How many conversations each text opens (openingText), over conversations given as their customer texts in order. */
export function openingTexts<T>(conversations: Iterable<T[]>, isAct: (text: T) => boolean): Map<T, number> {
  const out = new Map<T, number>();
  for (const texts of conversations) {
    const first = openingText(texts, isAct);
    if (first !== null) out.set(first, (out.get(first) ?? 0) + 1);
  }
  return out;
}

/**
 * A text that opens no conversation and fits no candidate is a reply inside conversations ("Savings.", "How many days
 * will that take?", 身高172，体重188): it is about what they are about. `opened`: for each conversation it is in, the
 * candidate that conversation opened with (-1: none). The one most of them opened with (ties: the lowest), or -1.
 */
export function candidateOfReply(opened: number[]): number {
  const votes = new Map<number, number>();
  for (const c of opened) if (c >= 0) votes.set(c, (votes.get(c) ?? 0) + 1);
  let best = -1;
  for (const [c, n] of votes) if (best < 0 || n > votes.get(best)! || (n === votes.get(best) && c < best)) best = c;
  return best;
}

/** Positions of the members by script, largest first; scripts under MIN_CANDIDATE messages and "none" join the largest. */
function scriptGroups(scripts: string[], counts: number[]): number[][] {
  const bySize = new Map<string, { members: number[]; messages: number }>();
  scripts.forEach((s, j) => {
    const g = bySize.get(s) ?? { members: [], messages: 0 };
    g.members.push(j);
    g.messages += counts[j];
    bySize.set(s, g);
  });
  const sorted = [...bySize.entries()].sort((a, b) => b[1].messages - a[1].messages || (a[0] < b[0] ? -1 : 1));
  const own = sorted.filter(([s, g], n) => n === 0 || (s !== 'none' && g.messages >= MIN_CANDIDATE)).map(([, g]) => g.members);
  const joining = sorted.filter(([s, g], n) => n > 0 && (s === 'none' || g.messages < MIN_CANDIDATE)).flatMap(([, g]) => g.members);
  if (own.length === 0) return [];
  own[0] = [...own[0], ...joining].sort((a, b) => a - b);
  return own;
}

function discoverWithin(vectors: Float32Array, dims: number, members: number[], counts: number[], seed: number): { assignments: Int32Array; k: number; unclear: boolean[] } {
  if (members.length < 2) return { assignments: new Int32Array(members.length), k: members.length, unclear: members.map(() => false) };
  const sub = new Float32Array(members.length * dims);
  members.forEach((i, j) => sub.set(vectors.subarray(i * dims, (i + 1) * dims), j * dims));
  // No more clusters than could each hold a candidate's MIN_CANDIDATE messages: more are folded back together anyway.
  const most = Math.max(2, Math.floor(counts.reduce((a, b) => a + b, 0) / MIN_CANDIDATE));
  const grid = candidatesFor(members.length).filter((k) => k <= most);
  const { best } = clusterLarge(sub, dims, { candidates: grid.length > 0 ? grid : [Math.min(most, members.length - 1)], seed });
  const alike = mergeAlike(sub, dims, best.assignments, best.k, SAME_CANDIDATE);
  const merged = foldSmall(sub, dims, alike.assignments, alike.k, counts);
  const unclear = unclearMembers(sub, dims, merged.assignments, merged.k).map((u, j) => u || merged.stray[j]);
  const floor = Math.max(MIN_CANDIDATE, OWN_SHARE * counts.reduce((a, b) => a + b, 0));
  const alone = members.flatMap((_, j) => (unclear[j] && counts[j] >= floor ? [j] : []));
  if (alone.length === 0) return { ...merged, unclear };
  // Alike ones are one candidate ("talk to a real person", "speak to a real person"); none goes back where it was an outlier.
  const own = new Float32Array(alone.length * dims);
  alone.forEach((j, n) => own.set(sub.subarray(j * dims, (j + 1) * dims), n * dims));
  const together = mergeAlike(own, dims, Int32Array.from(alone, (_, n) => n), alone.length, SAME_CANDIDATE);
  const assignments = Int32Array.from(merged.assignments);
  alone.forEach((j, n) => {
    assignments[j] = merged.k + together.assignments[n];
    unclear[j] = false;
  });
  return { assignments, k: merged.k + together.k, unclear };
}

/** The script most of a candidate's texts are written in ("none" when none has letters). */
export function scriptOfTexts(texts: string[]): string {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const script = scriptOf(t);
    if (script !== 'none') counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best = 'none';
  for (const [script, n] of counts) if (n > (counts.get(best) ?? 0) || (n === counts.get(best) && script < best)) best = script;
  return best;
}

/**
 * Between two clusterings a new text joins the nearest candidate written in its script (`centroidScripts`; a candidate or a text
 * without letters takes or joins any); -1 when no candidate is written in its script (a Chinese text among English
 * candidates fits none of them: it waits, Unclear, for the next clustering).
 */
export function joinNearest(vectors: Float32Array, dims: number, scripts: string[], centroids: Float32Array, centroidScripts: string[]): Int32Array {
  const out = new Int32Array(scripts.length).fill(-1);
  for (const script of new Set(scripts)) {
    const texts = scripts.flatMap((s, i) => (s === script ? [i] : []));
    const candidates = centroidScripts.flatMap((s, c) => (script === 'none' || s === 'none' || s === script ? [c] : []));
    if (candidates.length === 0) continue;
    const sub = new Float32Array(texts.length * dims);
    texts.forEach((i, j) => sub.set(vectors.subarray(i * dims, (i + 1) * dims), j * dims));
    const own = new Float32Array(candidates.length * dims);
    candidates.forEach((c, j) => own.set(centroids.subarray(c * dims, (c + 1) * dims), j * dims));
    const { index } = nearestCentroid(sub, own, dims);
    texts.forEach((i, j) => (out[i] = candidates[index[j]]));
  }
  return out;
}

/**
 * Clusters holding fewer than MIN_CANDIDATE messages (`counts` per member) folded into the nearest cluster that holds
 * enough (by cosine to its centroid); numbered 0…k−1 again. A folded member less like its new cluster than that
 * cluster's own members usually are (under their mean by UNCLEAR_SPREAD standard deviations, or under the least
 * alike of fewer than UNCLEAR_MIN_SIZE) is `stray`: it fits nowhere. When none or all hold enough, nothing changes.
 */
export function foldSmall(vectors: Float32Array, dims: number, assignments: Int32Array, k: number, counts: number[]): { assignments: Int32Array; k: number; stray: boolean[] } {
  const size = new Float64Array(k);
  assignments.forEach((c, j) => (size[c] += counts[j]));
  const kept = Array.from({ length: k }, (_, c) => c).filter((c) => size[c] >= MIN_CANDIDATE);
  const stray = Array.from(assignments, () => false);
  if (kept.length === 0 || kept.length === k) return { assignments, k, stray };
  const number = new Map(kept.map((c, n) => [c, n]));
  const groups: number[][] = kept.map(() => []);
  const folded: number[] = [];
  assignments.forEach((c, j) => (number.has(c) ? groups[number.get(c)!].push(j) : folded.push(j)));
  const out = Int32Array.from(assignments, (c) => number.get(c) ?? -1);
  const joined = joinOrStray(vectors, dims, groups, folded);
  folded.forEach((j, f) => {
    out[j] = joined.index[f];
    stray[j] = joined.stray[f];
  });
  return { assignments: out, k: kept.length, stray };
}

function dot(a: Float32Array, i: number, b: Float32Array, j: number, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) s += a[i + d] * b[j + d];
  return s;
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
