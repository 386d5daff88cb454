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

/** Candidate intents among `members` (indices into vectors): K chosen by the silhouette over candidatesFor's grid. */
export function discoverIntents(vectors: Float32Array, dims: number, members: number[], seed = 17): { assignments: Int32Array; k: number } {
  if (members.length < 2) return { assignments: new Int32Array(members.length), k: members.length };
  const sub = new Float32Array(members.length * dims);
  members.forEach((i, j) => sub.set(vectors.subarray(i * dims, (i + 1) * dims), j * dims));
  const { best } = clusterLarge(sub, dims, { candidates: candidatesFor(members.length), seed });
  return { assignments: best.assignments, k: best.k };
}
