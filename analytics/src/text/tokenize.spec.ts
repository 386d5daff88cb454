import { charNgrams, scriptOf, words } from './tokenize';

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
  it('reads a long text in pieces cut between words, finding the same words', () => {
    const sentence = 'my refund never arrived and the parcel went to 12 Main Street. ';
    expect(words(sentence.repeat(500))).toEqual(Array.from({ length: 500 }, () => words(sentence)).flat());
    const chinese = '我的退款还没有到账，请帮我查一下订单。';
    expect(words(chinese.repeat(300))).toEqual(Array.from({ length: 300 }, () => words(chinese)).flat());
  });

  it('marks word boundaries', () => {
    expect(charNgrams('card', 3, 3)).toEqual(['<ca', 'car', 'ard', 'rd>']);
    expect(charNgrams('退款', 2, 2)).toEqual(['<退', '退款', '款>']);
  });
});

describe('scriptOf', () => {
  it('names the script most of a message is written in, a Chinese character weighing a word', () => {
    expect(scriptOf('Where is my refund?')).toBe('latin');
    expect(scriptOf('退款什么时候到账')).toBe('han');
    expect(scriptOf('我的iPhone充不进电')).toBe('han');
    expect(scriptOf("my 小米 phone won't charge")).toBe('latin');
    expect(scriptOf('注文はいつ届きますか')).toBe('japanese');
    expect(scriptOf('Где мой заказ?')).toBe('cyrillic');
  });

  it('is none without letters: numbers, emoji, punctuation', () => {
    expect(scriptOf('12345')).toBe('none');
    expect(scriptOf('👍 !!')).toBe('none');
    expect(scriptOf('')).toBe('none');
  });
});
