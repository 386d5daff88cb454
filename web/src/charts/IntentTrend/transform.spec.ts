import { trendChange } from './transform';

describe('intent trend change', () => {
  it('compares the second half with the first', () => {
    expect(trendChange([{ messages: 2 }, { messages: 2 }, { messages: 3 }, { messages: 3 }])).toBe(0.5);
  });

  it('says nothing with under four points or an empty first half', () => {
    expect(trendChange([{ messages: 1 }, { messages: 2 }])).toBeNull();
    expect(trendChange([{ messages: 0 }, { messages: 0 }, { messages: 3 }, { messages: 3 }])).toBeNull();
  });
});
