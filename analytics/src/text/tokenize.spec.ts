import { charNgrams, words } from './tokenize';

describe('words', () => {
  it('keeps content words, drops function words, folds numbers', () => {
    expect(words("Hi, I can't find my card since 12/05!! https://x.co/a")).toEqual(['find', 'card', 'since', '<num>', '<num>']);
  });

  it('splits Chinese into words', () => {
    const w = words('我的快递到哪了');
    expect(w).toContain('快递');
    expect(w).not.toContain('了');
    expect(w.length).toBeGreaterThan(1);
  });
});

describe('charNgrams', () => {
  it('marks word boundaries', () => {
    expect(charNgrams('card', 3, 3)).toEqual(['<ca', 'car', 'ard', 'rd>']);
    expect(charNgrams('退款', 2, 2)).toEqual(['<退', '退款', '款>']);
  });
});
