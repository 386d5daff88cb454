import { phraseLabel } from './label';

describe('an intent\'s label as customers put it', () => {
  it('is the phrase most of its messages share, without greetings and sign-offs around it', () => {
    expect(
      phraseLabel([
        { text: 'Hi, where is my package?', count: 30 },
        { text: 'where is my package pls', count: 20 },
        { text: 'Excuse me, where is my pakage', count: 5 },
        { text: 'my parcel has not arrived', count: 10 },
      ]),
    ).toBe('where is my package');
  });

  it('never starts or ends with a stop word', () => {
    const label = phraseLabel([
      { text: 'my card still hasnt arrived', count: 10 },
      { text: 'my card still hasnt arrived!!', count: 8 },
      { text: 'new card still hasnt arrived', count: 3 },
    ]);
    expect(label).toBe('card still hasnt arrived');
  });

  it('names Chinese intents with a phrase of characters', () => {
    expect(
      phraseLabel([
        { text: '退款什么时候到账', count: 12 },
        { text: '你好，退款什么时候到账呢', count: 6 },
        { text: '我要退款', count: 4 },
      ]),
    ).toBe('退款什么时候到账');
  });

  it('falls back to the most frequent short wording, sent more often than any other, when nothing is shared by enough messages, else none', () => {
    expect(phraseLabel([{ text: 'Hi, cant log in', count: 3 }, { text: 'gamma delta', count: 1 }, { text: 'epsilon zeta', count: 1 }, { text: 'eta theta', count: 1 }, { text: 'iota kappa', count: 1 }, { text: 'lambda mu', count: 1 }, { text: 'nu xi', count: 1 }, { text: 'omicron pi', count: 1 }, { text: 'rho sigma', count: 1 }, { text: 'tau upsilon', count: 1 }, { text: 'phi chi', count: 1 }, { text: 'psi omega', count: 1 }, { text: 'one two', count: 1 }, { text: 'three four', count: 1 }, { text: 'five six', count: 1 }])).toBe('cant log in');
    expect(phraseLabel([{ text: 'a very long message that goes on and on about many different things at once', count: 1 }, { text: 'gamma delta', count: 1 }, { text: 'epsilon zeta', count: 1 }, { text: 'eta theta', count: 1 }, { text: 'iota kappa', count: 1 }, { text: 'lambda mu', count: 1 }])).toBeNull();
    expect(phraseLabel([])).toBeNull();
    // Wordings sent once each: the first of them is no name.
    expect(phraseLabel([{ text: '已经', count: 1 }, { text: '自己用', count: 1 }, { text: '第一次用', count: 1 }, { text: '审核已经通过', count: 1 }, { text: '我急用', count: 1 }, { text: '什么时候能用呀', count: 1 }])).toBeNull();
  });
});
