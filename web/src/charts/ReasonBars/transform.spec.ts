import { barsHeight, reasonBars } from './transform';

describe('reason bars', () => {
  it('labels each reason for people, keeping an unknown one as it is', () => {
    expect(reasonBars([{ reason: 'fallback_loop', conversations: 4 }, { reason: 'new_reason', conversations: 1 }], { fallback_loop: 'Bot fallback loop' }).map((r) => r.label)).toEqual(['Bot fallback loop', 'new_reason']);
  });

  it('leaves room for every bar', () => {
    expect(barsHeight(2)).toBe(200);
    expect(barsHeight(10)).toBe(360);
  });
});
