/**
 * The intent rules of an analysis run, pure: when to cluster everything again, which intent a merged one now is,
 * locked intents keeping their texts, an intent's label and its examples. The analysis service only loads and
 * stores what these decide.
 */

/** Cluster everything again when more than this share of the texts has no current intent. */
export const RECLUSTER_SHARE = 0.3;
/** A text stays with a locked intent (one a manager split) when its cosine to that intent's centroid is above this. */
export const LOCKED_SIMILARITY = 0.85;

/** The intent an id stands for now: merged intents point on to the one they were merged into. */
export function resolveMerged(id: number, mergedInto: Map<number, number>): number {
  const seen = new Set<number>();
  let current = id;
  while (mergedInto.has(current) && !seen.has(current)) {
    seen.add(current);
    current = mergedInto.get(current)!;
  }
  return current;
}

/** Whether this run clusters everything again: asked to, no intents yet, or too many texts without one. */
export function needsRecluster(asked: boolean, activeIntents: number, unassignedTexts: number, texts: number): boolean {
  return asked || activeIntents === 0 || unassignedTexts > RECLUSTER_SHARE * texts;
}

/**
 * Texts close to a locked intent's centroid go back to it after a re-cluster (`similarity` and `nearest`: each
 * text's cosine to its nearest locked centroid, and that intent's id), unless that intent is one of the new
 * clusters already. Changes `assignment` in place.
 */
export function keepLocked(assignment: number[], similarity: ArrayLike<number>, nearest: number[], clusterIntents: Set<number>): void {
  for (let i = 0; i < assignment.length; i++) {
    if (similarity[i] > LOCKED_SIMILARITY && !clusterIntents.has(nearest[i])) assignment[i] = nearest[i];
  }
}

/**
 * An intent's label: the phrase its customers share (label.ts, phraseLabel), else its most representative example
 * (the first of `examples`, nearest its centre) when short enough to read as a name — what a customer wrote, not
 * keywords —, else its first three keywords, else the start of its first example, else "other".
 */
export function intentLabel(phrase: string | null, keywords: string[], examples: string[]): string {
  const first = examples.find((e) => e.trim() !== '')?.trim();
  const short = first && first.length <= 60 && first.split(/\s+/).length <= 10 && (!/\p{Script=Han}/u.test(first) || Array.from(first).length <= 20) ? first : null;
  return phrase || short || keywords.slice(0, 3).join(' · ') || first?.slice(0, 60) || 'other';
}

/**
 * The five texts that show an intent best: nearest its centroid (dot product of unit vectors), frequent texts a
 * little ahead; texts emptied by retention are never examples.
 */
export function representativeExamples(vectors: Float32Array, dims: number, members: number[], centroid: Float32Array, texts: { text: string; count: number }[], limit = 5): string[] {
  const scored = members.map((i) => {
    let s = 0;
    for (let j = 0; j < dims; j++) s += vectors[i * dims + j] * centroid[j];
    return { i, s: s + Math.log1p(texts[i].count) * 0.02 };
  });
  scored.sort((a, b) => b.s - a.s);
  return scored
    .filter(({ i }) => texts[i].text !== '')
    .slice(0, limit)
    .map(({ i }) => texts[i].text);
}

/** Without vectors at hand (after a split or merge): the most frequent texts. */
export function frequentExamples(texts: { text: string; count: number }[], limit = 5): string[] {
  return texts
    .filter((t) => t.text !== '')
    .sort((a, b) => b.count - a.count)
    .slice(0, limit)
    .map((t) => t.text);
}

/** A conversation's intent: that of its first customer message with one (acts such as "Hi" or "thanks" have none). */
export function conversationIntent<T>(messageIntents: (T | null)[]): T | null {
  return messageIntents.find((i) => i !== null) ?? null;
}

/** A customer message as the conversation's intent sees it: Seam's reading, and what the bot's own log says it matched. */
export interface MessageReading {
  intentId: number | null;
  act: string | null;
  botIntent: string | null;
  botConfidence: number | null;
}

/**
 * The intent a message counts for in its conversation. Small talk (an act) counts for none. Where Seam reads the
 * message as one of the bot's intents, or reads nothing, and the platform's log records the bot's intent (with a
 * confidence not below `threshold`, or none logged) that is one of the bot's intents Seam knows (`botIntents`: its
 * name, compared without case or separators → Seam's intent), the bot's reading is what the conversation was about:
 * the bot answered it so. Where Seam finds a reason the bot has no intent for (a candidate), Seam's reading stays:
 * that is the gap the bot's log hides.
 */
export function messageIntent(m: MessageReading, botIntents: Map<string, number>, threshold: number): number | null {
  if (m.act !== null) return null;
  const seamReadsABotIntent = m.intentId === null || [...botIntents.values()].includes(m.intentId);
  if (seamReadsABotIntent && m.botIntent !== null && (m.botConfidence === null || m.botConfidence >= threshold)) {
    const known = botIntents.get(intentKey(m.botIntent));
    if (known !== undefined) return known;
  }
  return m.intentId;
}

/** How a bot's intent name is compared: without case, spaces, `_`, `-`, `.` (and a bot's name before `: `). */
export function intentKey(name: string): string {
  return name.replace(/^.*:\s+/, '').toLowerCase().replace(/[\s_\-.]+/g, '');
}
