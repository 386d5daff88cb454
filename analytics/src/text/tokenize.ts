/** Words and n-grams of customer messages in any script: Intl.Segmenter splits Chinese (and Japanese) into words. */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;
const DIGITS = /^\p{Nd}+([.,:/-]\p{Nd}+)*$/u;

/**
 * Function words and openers that say nothing about why a customer wrote ("quick question:", "good morning,",
 * "sorry,"); kept short on purpose. Without the openers, "Quick question: where is my package" and "Good morning,
 * where is my package" were two candidates.
 */
const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being am do does did doing have has had having ' +
    'i me my mine we our you your he she it its they them their this that these those there here what which who whom ' +
    'so than too very can will just would could should shall may might must also any some such no nor not only own same ' +
    'please hi hello hey thanks thank ok okay pls plz im ive id dont cant wont didnt doesnt isnt its thats morning afternoon evening asap excuse ' +
    'good quick question sorry dear team guys folks ' +
    '的 了 吗 呢 吧 啊 是 我 你 在 和 就 都 也 还 有 这 那 么 哦 呀 嗯 请问 请 一下'
  ).split(/\s+/),
);

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/https?:\/\/\S+/g, ' ').replace(/@\w+/g, ' ').replace(/['’]/g, '');
}

/**
 * How much of a message the analysis reads: a message is stored whole, and its first 5,000 characters are
 * analysed (intents, sentiment, breakdown detectors). Customers' messages are shorter; a pasted log or a
 * hostile one is not, and must not cost the analysis more than this. The repositories cut it in SQL (ANALYSED_TEXT,
 * server/src/database/dialect.ts), so that no longer text reaches this process.
 */
export const MAX_ANALYSED_CHARS = 5000;

/** Pieces of at most this many characters: Intl.Segmenter's time grows with the square of its input's length. */
const SEGMENT_CHARS = 1000;

/** The text in pieces of at most SEGMENT_CHARS, cut after white space or punctuation where there is some. */
function* pieces(text: string): Generator<string> {
  let start = 0;
  while (text.length - start > SEGMENT_CHARS) {
    let end = start + SEGMENT_CHARS;
    const window = text.slice(start + SEGMENT_CHARS / 2, end);
    const cut = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'), window.search(/[。！？，；][^。！？，；]*$/u));
    if (cut >= 0) end = start + SEGMENT_CHARS / 2 + cut + 1;
    yield text.slice(start, end);
    start = end;
  }
  yield text.slice(start);
}

export interface WordOptions {
  /** Applied to each word before stop words are dropped (a typo of one is dropped too: "cnat" read as "cant"). */
  correct?: (word: string) => string;
  /** Keep the stop words (to count every word a corpus uses). */
  stopwords?: boolean;
}

/** Content words in order; numbers become `<num>`. Linear in the text's length. */
export function words(text: string, options: WordOptions = {}): string[] {
  const out: string[] = [];
  for (const piece of pieces(normalizeText(text))) {
    for (const s of segmenter.segment(piece)) {
      if (!s.isWordLike) continue;
      const w = DIGITS.test(s.segment) ? '<num>' : options.correct ? options.correct(s.segment) : s.segment;
      if (options.stopwords || !STOPWORDS.has(w)) out.push(w);
    }
  }
  return out;
}

export function isHan(word: string): boolean {
  return HAN.test(word);
}

/** Writing systems told apart, most specific first (a word with any kana is Japanese, not Han). */
const SCRIPTS: [string, RegExp][] = [
  ['japanese', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['han', HAN],
  ['hangul', /\p{Script=Hangul}/u],
  ['thai', /\p{Script=Thai}/u],
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
];
/** Scripts written without spaces: each character weighs as much as a word of the others. */
const UNSPACED = new Set(['japanese', 'han', 'thai']);

/**
 * The writing system a message is mostly written in ("latin", "han", "cyrillic"…; "none" without letters): its
 * words by script, a character of Chinese, Japanese or Thai weighing as much as a word of the others, so that
 * "我的iPhone充不进电" is Han and "my 小米 phone won't charge" Latin. Customers of one service write in several
 * languages; what they ask in one is not worded like what they ask in another.
 */
export function scriptOf(text: string): string {
  const weight = new Map<string, number>();
  for (const piece of pieces(normalizeText(text.slice(0, MAX_ANALYSED_CHARS)))) {
    for (const s of segmenter.segment(piece)) {
      if (!s.isWordLike || DIGITS.test(s.segment)) continue;
      const script = SCRIPTS.find(([, re]) => re.test(s.segment))?.[0];
      if (script) weight.set(script, (weight.get(script) ?? 0) + (UNSPACED.has(script) ? Array.from(s.segment).length : 1));
    }
  }
  let best = 'none';
  let most = 0;
  for (const [script, w] of weight) if (w > most) [best, most] = [script, w];
  return best;
}

/** Character n-grams of a word with boundary marks (`<refund>` → `<re`, `ref`, …), robust to typos and inflection. */
export function charNgrams(word: string, min: number, max: number): string[] {
  const chars = Array.from(`<${word}>`);
  const out: string[] = [];
  for (let n = min; n <= max; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}
