import { MIN_SIDE, proportionChange } from './compare';

describe('before and after a bot version', () => {
  it('says a large move on enough conversations is beyond chance', () => {
    const c = proportionChange(40, 100, 20, 100);
    expect(c.before).toBe(0.4);
    expect(c.after).toBe(0.2);
    expect(c.change).toBeCloseTo(-0.2);
    expect(c.z!).toBeLessThan(-1.96);
    expect(c.beyondChance).toBe(true);
  });

  it('does not call a small move, or one on too few conversations, beyond chance', () => {
    expect(proportionChange(40, 100, 37, 100).beyondChance).toBe(false);
    expect(proportionChange(8, 10, 1, 10).beyondChance).toBe(false);
    expect(MIN_SIDE).toBe(30);
    expect(proportionChange(0, 0, 3, 10)).toMatchObject({ before: null, change: null, beyondChance: false });
  });
});
