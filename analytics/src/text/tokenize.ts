/** Words and n-grams of customer messages in any script: Intl.Segmenter splits Chinese (and Japanese) into words. */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;
const DIGITS = /^\p{Nd}+([.,:/-]\p{Nd}+)*$/u;

/** Function words that say nothing about why a customer wrote; kept short on purpose. */
const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being am do does did doing have has had having ' +
    'i me my mine we our you your he she it its they them their this that these those there here what which who whom ' +
    'so than too very can will just would could should shall may might must also any some such no nor not only own same ' +
    'please hi hello hey thanks thank ok okay pls plz im ive id dont cant wont didnt doesnt isnt its thats ' +
    '的 了 吗 呢 吧 啊 是 我 你 在 和 就 都 也 还 有 这 那 么 哦 呀 嗯 请问 请 一下'
  ).split(/\s+/),
);

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/https?:\/\/\S+/g, ' ').replace(/@\w+/g, ' ').replace(/['’]/g, '');
}

/** Content words in order; numbers become `<num>`. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(normalizeText(text))) {
    if (!s.isWordLike) continue;
    const w = DIGITS.test(s.segment) ? '<num>' : s.segment;
    if (!STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

export function isHan(word: string): boolean {
  return HAN.test(word);
}

/** Character n-grams of a word with boundary marks (`<refund>` → `<re`, `ref`, …), robust to typos and inflection. */
export function charNgrams(word: string, min: number, max: number): string[] {
  const chars = Array.from(`<${word}>`);
  const out: string[] = [];
  for (let n = min; n <= max; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}
