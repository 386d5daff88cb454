import { COMMON_DF, KNOWN_DF, knownWords, oneEditAway, RATIO, typoCorrector } from './typos';
import { words } from './tokenize';

describe('typos', () => {
  it('lists the words one edit away: a letter left out, swapped, changed or added', () => {
    const near = oneEditAway('card');
    for (const w of ['crd', 'acrd', 'cart', 'cards', 'caard']) expect(near).toContain(w);
    // Never the first letter, but for a swap with the second.
    for (const w of ['scard', 'ard', 'bard', 'cadrs']) expect(near).not.toContain(w);
  });

  const df = new Map<string, number>([
    ['refund', 400], ['card', 300], ['cart', 40], ['cant', 200], ['account', 150], ['arrived', 90], ['show', 120], ['slow', 5], ['nine', 50],
    ['rare', 3], ['ones', 1], ['rfeund', 8], ['recieve', 30], ['receive', 200], ['退款', 80],
  ]);
  const correct = typoCorrector(knownWords(df));

  it.each([
    ['rfeund', 'refund'],
    ['refnd', 'refund'],
    ['acrd', 'card'],
    ['accuont', 'account'],
    ['arived', 'arrived'],
    ['cnat', 'cant'],
    // A typo several customers make, against a word fifty times as frequent.
    ['rfeund', 'refund'],
  ])('reads %s as %s', (typo, word) => {
    expect(correct(typo)).toBe(word);
  });

  it('leaves known words, short words, words far from any common one and other scripts alone', () => {
    expect(correct('cart')).toBe('cart');
    expect(correct('card')).toBe('card');
    // About as frequent as its neighbour: a word of its own.
    expect(correct('slow')).toBe('slow');
    expect(correct('recieve')).toBe('recieve');
    expect(correct('crd')).toBe('crd');
    expect(correct('playlist')).toBe('playlist');
    expect(correct('退歀')).toBe('退歀');
    expect(knownWords(df).has('退款')).toBe(false);
    expect(knownWords(df).has('ones')).toBe(false);
    expect(KNOWN_DF).toBeLessThan(COMMON_DF);
    expect(RATIO).toBeGreaterThan(1);
  });

  it('corrects four-letter words only for swapped letters', () => {
    expect(correct('wine')).toBe('wine');
    expect(correct('nien')).toBe('nine');
  });

  it('takes the most frequent of the common words one edit away, never a rare one', () => {
    // 'carrd' is one edit from 'card' (300) and 'carr'… only 'card' is common.
    expect(correct('cadrs')).toBe('cadrs');
    expect(correct('carrd')).toBe('card');
    // 'rares' is one edit from 'rare', written by three customers only: not a target.
    expect(correct('rares')).toBe('rares');
    // 'slows' is one edit from 'slow' (5) and 'shows'… only a common word ten times as frequent is.
    expect(correct('slows')).toBe('slows');
  });

  it('drops a typo of a stop word with the stop words', () => {
    expect(words('hi cnat log in', { correct })).toEqual(['log']);
    expect(words('hi cnat log in')).toEqual(['cnat', 'log']);
  });
});
