/**
 * Typos corrected against the corpus's own words: a rare word one edit away (a letter left out, added, changed, or two
 * letters swapped: "rfeund", "cnat", "acrd", "accuont") from a word the corpus uses often is read as that word. Real
 * customer messages are full of them, and a word seen twice gives the lexical engine next to nothing to go on, while
 * the word meant is among the corpus's most telling. Only letters of Latin scripts are corrected (Chinese has no such
 * typos: a wrong character is another word), and only to a word RATIO times as frequent: a typo many customers make
 * ("rfeund" in 8 messages of a log with "refund" in 500) is one, a word written about as often as its neighbour is a
 * word of its own (on HWU64, correcting every word under ten documents read "slow" as "show", "wine" as "nine").
 * Four-letter words are corrected only for two letters swapped ("cnat", "acrd"): one other edit makes another word
 * of too many of them.
 */

/** Words a corrector keeps, with their document frequency: those in this many documents or more (a word seen once may be corrected all the same). */
export const KNOWN_DF = 2;
/** A correction's target: a word in this many documents or more… */
export const COMMON_DF = 10;
/** …and this many times as many as the word corrected. */
export const RATIO = 10;
/** Corrections a corrector remembers at most (then it starts over): the rare words of a large corpus are many. */
const MEMORY = 100_000;
/** Shorter words are left alone: one edit turns them into too many others ("fee", "few", "feel"). */
const MIN_LENGTH = 4;
/** Words this short are corrected only for swapped letters. */
const SHORT = 4;
const LATIN_WORD = /^\p{Script=Latin}+$/u;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Two neighbouring letters swapped. */
export function swaps(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) if (word[i] !== word[i + 1]) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  return out;
}

/**
 * The words one edit away from `word` (Damerau–Levenshtein distance 1, lower-case Latin letters for additions and
 * changes), its first letter kept except when swapped with the second: people rarely mistype the first letter, and
 * changing it mostly makes another word ("might" and "light", "ground" and "around").
 */
export function oneEditAway(word: string): string[] {
  const out = swaps(word);
  for (let i = 1; i < word.length; i++) {
    out.push(word.slice(0, i) + word.slice(i + 1));
    for (const c of LETTERS) if (c !== word[i]) out.push(word.slice(0, i) + c + word.slice(i + 1));
  }
  for (let i = 1; i <= word.length; i++) for (const c of LETTERS) out.push(word.slice(0, i) + c + word.slice(i));
  return out;
}

/** The words of a corpus's document frequencies that a corrector needs: those in KNOWN_DF documents or more, Latin script. */
export function knownWords(df: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [w, n] of df) if (n >= KNOWN_DF && LATIN_WORD.test(w)) out.set(w, n);
  return out;
}

/**
 * A corrector over a corpus's known words (knownWords): a word becomes the most frequent word one edit away that is
 * common (COMMON_DF) and RATIO times as frequent as the word (the first in alphabetical order on a tie, so the same
 * corpus corrects the same way), else stays as it is.
 */
export function typoCorrector(known: Map<string, number>): (word: string) => string {
  const seen = new Map<string, string>();
  return (word) => {
    if (word.length < MIN_LENGTH || !LATIN_WORD.test(word)) return word;
    const remembered = seen.get(word);
    if (remembered !== undefined) return remembered;
    const floor = Math.max(COMMON_DF, RATIO * (known.get(word) ?? 1));
    let best = word;
    let bestDf = 0;
    for (const candidate of word.length <= SHORT ? swaps(word) : oneEditAway(word)) {
      const df = known.get(candidate) ?? 0;
      if (df >= floor && (df > bestDf || (df === bestDf && candidate < best))) [best, bestDf] = [candidate, df];
    }
    if (seen.size >= MEMORY) seen.clear();
    seen.set(word, best);
    return best;
  };
}
