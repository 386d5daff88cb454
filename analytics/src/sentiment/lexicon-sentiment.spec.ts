import { EnglishLexicon, labelOf, lexiconSentiment } from './lexicon-sentiment';

const lexicon: EnglishLexicon = {
  valence: new Map([
    ['good', 2],
    ['better', 2],
    ['helpful', 2],
    ['bad', -2.5],
    ['slow', -1],
    ['disappoint', -2],
  ]),
};

const score = (text: string) => lexiconSentiment(text, lexicon).score;

describe('lexiconSentiment (English)', () => {
  it('squashes a sum of valences into (-1, 1) and reads base forms of unknown inflections', () => {
    expect(score('good')).toBeCloseTo(2 / Math.sqrt(4 + 15), 6);
    expect(score('disappointing')).toBeCloseTo(-2 / Math.sqrt(4 + 15), 6);
    expect(score('the parcel arrived on tuesday')).toBe(0);
  });

  it('flips and dampens a word negated within four words of the same clause, including split "n\'t"', () => {
    const negated = 2 * -0.74;
    expect(score('not good')).toBeCloseTo(negated / Math.sqrt(negated * negated + 15), 6);
    expect(score('was n\'t helpful')).toBeLessThan(0);
    expect(score('the agent does n\'t do a very good job')).toBeLessThan(0);
    expect(score('not , good')).toBeGreaterThan(0);
  });

  it('weighs the clause after "but" over the one before it', () => {
    expect(score('good but slow')).toBeLessThan(0);
    expect(score('slow but good')).toBeGreaterThan(0);
  });

  it('counts an irrealis clause half, until the clause ends', () => {
    const half = 2 * 0.5;
    expect(score('a better title would be nice')).toBeCloseTo(2 / Math.sqrt(4 + 15), 6);
    expect(score('it would have been better')).toBeCloseTo(half / Math.sqrt(half * half + 15), 6);
    expect(score('if it were good , it is bad')).toBeCloseTo((1 - 2.5) / Math.sqrt(1.5 * 1.5 + 15), 6);
  });

  it('adds exclamation to the direction already there, and emoji', () => {
    expect(score('good!')).toBeGreaterThan(score('good'));
    expect(score('bad!!')).toBeLessThan(score('bad'));
    expect(score('ok 👍')).toBeGreaterThan(0);
  });
});

describe('lexiconSentiment (Chinese)', () => {
  it('matches the longest lexicon entry, negation and boosters before it', () => {
    expect(score('非常满意')).toBeGreaterThan(score('满意'));
    expect(score('不满意')).toBeLessThan(0);
    expect(score('不好')).toBeLessThan(0);
    expect(score('很好')).toBeGreaterThan(score('好'));
  });

  it('weighs the clause after 但是 over the one before it', () => {
    expect(score('很好吃但是送得太慢了')).toBeLessThan(0);
  });
});

describe('labelOf', () => {
  it('keeps a neutral band around zero', () => {
    expect(labelOf(0.04)).toBe('neutral');
    expect(labelOf(0.2)).toBe('positive');
    expect(labelOf(-0.2)).toBe('negative');
  });
});
