import { ZH_BOOSTERS, ZH_CONTRAST, ZH_LEXICON, ZH_NEGATORS } from './zh-lexicon';

/**
 * Lexicon sentiment for English and Chinese: word valences (English from the lexicons the server passes in,
 * VADER, AFINN and Hu & Liu's opinion words; Chinese from Seam's own), negation, intensifiers, contrast ("but"
 * clauses weigh more), irrealis (a clause after "would", "if", "should" … counts half: "a better title would
 * have been" is no praise), exclamation and emoji. The score is squashed to [-1, 1].
 */
export interface EnglishLexicon {
  /** word → valence, about -4..4 */
  valence: Map<string, number>;
}

export interface SentimentResult {
  score: number;
  label: 'negative' | 'neutral' | 'positive';
}

const EN_NEGATORS = new Set(['not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'hardly', 'barely', 'scarcely', 'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'aint', 'lack', 'lacks', 'lacking']);
const EN_BOOSTERS: Record<string, number> = { very: 1.3, really: 1.3, so: 1.2, extremely: 1.5, incredibly: 1.5, totally: 1.3, absolutely: 1.4, completely: 1.3, utterly: 1.4, too: 1.2, most: 1.2, quite: 1.1, super: 1.3, slightly: 0.6, somewhat: 0.7, barely: 0.5, kinda: 0.7, 'kind of': 0.7 };
const EN_CONTRAST = new Set(['but', 'however', 'yet', 'although', 'though']);
const EN_IRREALIS = new Set(['would', 'could', 'should', 'might', 'if', 'wish', 'expect', 'expected', 'hope', 'hoped', 'supposed', 'whether']);
const IRREALIS_WEIGHT = 0.5;
/** How many words back a negator reaches, within the clause: four, so that "doesn't do a very good job" is negated. */
const NEGATION_REACH = 4;
const CLAUSE_END = /^[.,;:!?]/;
const POSITIVE_EMOJI = /[😀😃😄😁😊🙂😍🥰👍🙏❤💯🎉✅]/u;
const NEGATIVE_EMOJI = /[😡😠🤬😤😞😢😭😩😫👎💩🙄]/u;
const HAN = /\p{Script=Han}/u;

function squash(x: number): number {
  return x / Math.sqrt(x * x + 15);
}

export function labelOf(score: number, neutralBand = 0.05): SentimentResult['label'] {
  return score > neutralBand ? 'positive' : score < -neutralBand ? 'negative' : 'neutral';
}

const SUFFIXES: [string, string][] = [['ily', 'y'], ['ly', ''], ['ness', ''], ['iest', 'y'], ['ier', 'y'], ['est', ''], ['er', ''], ['ies', 'y'], ['es', ''], ['s', ''], ['ied', 'y'], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']];

/** A word's valence, or that of its base form (`beautifully` → `beautiful`, `disappointing` → `disappoint`). */
function englishValence(word: string, lexicon: EnglishLexicon): number | undefined {
  const direct = lexicon.valence.get(word);
  if (direct !== undefined || word.length < 5) return direct;
  for (const [suffix, replacement] of SUFFIXES) {
    if (word.endsWith(suffix)) {
      const base = lexicon.valence.get(word.slice(0, -suffix.length) + replacement);
      if (base !== undefined) return base;
    }
  }
  return undefined;
}

function englishScore(text: string, lexicon: EnglishLexicon): number {
  const tokens = text.toLowerCase().replace(/n't\b/g, ' not').replace(/[’']/g, '').match(/[a-z]+|[!?]+|[.,;:]+/g) ?? [];
  let clauseWeight = 1;
  let irrealis = false;
  let total = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (CLAUSE_END.test(t)) {
      irrealis = false;
      continue;
    }
    if (EN_CONTRAST.has(t)) {
      total *= 0.5;
      clauseWeight = 1.5;
      irrealis = false;
      continue;
    }
    if (EN_IRREALIS.has(t)) {
      irrealis = true;
      continue;
    }
    const v = englishValence(t, lexicon);
    if (v === undefined) continue;
    let value = v;
    for (let back = 1; back <= NEGATION_REACH && i - back >= 0; back++) {
      const prev = tokens[i - back];
      if (CLAUSE_END.test(prev)) break;
      if (EN_NEGATORS.has(prev)) {
        value *= -0.74;
        break;
      }
      const boost = EN_BOOSTERS[prev];
      if (boost && back === 1) value *= boost;
    }
    total += value * clauseWeight * (irrealis ? IRREALIS_WEIGHT : 1);
  }
  const bangs = (text.match(/!/g) ?? []).length;
  if (total !== 0 && bangs > 0) total += Math.sign(total) * Math.min(bangs, 3) * 0.3;
  return total;
}

function chineseScore(text: string): number {
  let total = 0;
  let clauseWeight = 1;
  let i = 0;
  const chars = Array.from(text);
  while (i < chars.length) {
    const contrast = ZH_CONTRAST.find((w) => text.startsWith(w, offset(chars, i)));
    if (contrast) {
      total *= 0.5;
      clauseWeight = 1.5;
      i += Array.from(contrast).length;
      continue;
    }
    let matched = '';
    for (let len = 4; len >= 1; len--) {
      const candidate = chars.slice(i, i + len).join('');
      if (ZH_LEXICON[candidate] !== undefined) {
        matched = candidate;
        break;
      }
    }
    if (!matched) {
      i++;
      continue;
    }
    let value = ZH_LEXICON[matched];
    const before = chars.slice(Math.max(0, i - 4), i).join('');
    if (ZH_NEGATORS.some((n) => before.endsWith(n) || before.slice(0, -1).endsWith(n))) value *= -0.74;
    for (const [b, f] of Object.entries(ZH_BOOSTERS)) if (before.endsWith(b)) value *= f;
    total += value * clauseWeight;
    i += Array.from(matched).length;
  }
  return total;
}

function offset(chars: string[], i: number): number {
  let o = 0;
  for (let k = 0; k < i; k++) o += chars[k].length;
  return o;
}

export function lexiconSentiment(text: string, english: EnglishLexicon): SentimentResult {
  let raw = HAN.test(text) ? chineseScore(text) + englishScore(text, english) : englishScore(text, english);
  if (POSITIVE_EMOJI.test(text)) raw += 1.5;
  if (NEGATIVE_EMOJI.test(text)) raw -= 1.5;
  const score = squash(raw);
  return { score, label: labelOf(score) };
}
