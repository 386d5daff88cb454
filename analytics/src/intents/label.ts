import { actTokens } from './acts';

/**
 * An intent's name as customers put it: the phrase of two to eight words (four to twelve Chinese characters) that
 * most of its messages share — "where is my package", "card still hasnt arrived", "退款什么时候到账" — not three
 * keywords. Greetings and sign-offs around the request ("hi,", "please", "thanks") are not part of it, and a stop
 * word of either language never starts or ends it. When no phrase is shared by enough of the messages, the most
 * frequent wording if it is short and sent more often than any other; else null.
 */

const EDGE_WORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been am do does did have has had i me my mine we our you your he ' +
    'she it its they them their this that these those there here so than too very can will just would could should may might must also any some such ' +
    'please pls plz thanks thank hi hello hey ok okay asap help im ive id dont cant wont didnt doesnt isnt thats not no yes again quick question ' +
    'excuse sorry really still'
  ).split(/\s+/),
);
const EDGE_HAN = new Set(Array.from('的了吗呢吧啊是我你您在和就都也还有这那么哦呀嗯请问一下亲，'));
const OPENERS = /^(hi there|hello there|hey there|good (morning|afternoon|evening)|excuse me|quick question|hi|hello|hey|dear \w+)\b\s*/;

/** Share of an intent's messages a phrase must be in to name it. */
const MIN_SUPPORT = 0.2;
const MAX_TEXTS = 1000;

function latinWords(text: string): string[] {
  let t = actTokens(text).join(' ');
  for (let i = 0; i < 2; i++) t = t.replace(OPENERS, '');
  return t.split(' ').filter(Boolean);
}

function hanChars(text: string): string[] {
  return Array.from(text.normalize('NFKC').replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, ''));
}

export function phraseLabel(texts: { text: string; count: number }[]): string | null {
  const members = texts.filter((t) => t.text.trim() !== '').sort((a, b) => b.count - a.count).slice(0, MAX_TEXTS);
  const total = members.reduce((n, t) => n + t.count, 0);
  if (total === 0) return null;
  const han = members.filter((t) => /\p{Script=Han}/u.test(t.text)).reduce((n, t) => n + t.count, 0) > total / 2;
  const support = new Map<string, number>();
  for (const m of members) {
    const units = han ? hanChars(m.text) : latinWords(m.text);
    const [min, max] = han ? [4, 12] : [2, 8];
    const seen = new Set<string>();
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= units.length; i++) {
        const first = units[i];
        const last = units[i + n - 1];
        if (han ? EDGE_HAN.has(first) || EDGE_HAN.has(last) : EDGE_WORDS.has(first) || EDGE_WORDS.has(last) || /^\d+$/.test(first)) continue;
        const phrase = units.slice(i, i + n).join(han ? '' : ' ');
        if (seen.has(phrase)) continue;
        seen.add(phrase);
        support.set(phrase, (support.get(phrase) ?? 0) + m.count);
      }
    }
  }
  let best: string | null = null;
  let bestScore = 0;
  // No shared phrase: the intent's most frequent wording, when it is short enough to be a name and truly the most
  // frequent (sent more than once, and more often than any other): of wordings sent once each, the first is no name.
  const frequent = han ? hanChars(members[0].text).join('') : latinWords(members[0].text).join(' ');
  const mode = members[0].count >= 2 && (members.length === 1 || members[0].count > members[1].count);
  const fallback = mode && frequent && (han ? Array.from(frequent).length <= 16 : frequent.split(' ').length <= 8) ? frequent : null;
  for (const [phrase, n] of support) {
    if (n < MIN_SUPPORT * total) continue;
    const length = han ? Array.from(phrase).length / 2 : phrase.split(' ').length;
    // Longer phrases say more; each extra unit must keep most of the support.
    const score = n * (1 + 0.35 * (length - 1));
    if (score > bestScore || (score === bestScore && best !== null && phrase < best)) {
      best = phrase;
      bestScore = score;
    }
  }
  return best ?? fallback;
}
