import { hash } from 'node:crypto';
import { normalizeText } from '../text/tokenize';

/**
 * The key of a customer text for vectors, intents and examples: the same words in any case, spacing or
 * punctuation-folding that normalizeText makes are one text.
 */
export function textHash(text: string): string {
  return hash('sha1', normalizeText(text).replace(/\s+/g, ' ').trim(), 'hex').slice(0, 32);
}

/** Intents a manager can still read through: the most K ever tried. */
const MAX_INTENTS = 200;

/**
 * K candidates on a geometric grid up to the square-root rule, from a quarter of it (at most 100); the silhouette
 * picks one. On short texts the silhouette keeps rising with K long after the groups a reader would name are split
 * (lexical engine: 120 for HWU64's 64 intents, 78 for SMP2017's 31, with the grid up to twice the rule), and the
 * clusters it adds are not better ones: NMI at K 40 and 78 on SMP2017 is the same.
 */
export function candidatesFor(n: number): number[] {
  const base = Math.min(Math.sqrt(n / 2), MAX_INTENTS / 2);
  // Few distinct texts (a small or templated log) hold more topics than the square-root rule allows.
  const top = Math.max(base, Math.min(n / 4, 40));
  const low = 0.25 * base;
  const out = new Set<number>();
  for (let step = 0; step < 9; step++) out.add(Math.max(2, Math.min(n - 1, Math.round(low * Math.pow(top / low, step / 8)))));
  return [...out].filter((k) => k >= 2 && k < n).sort((a, b) => a - b);
}
