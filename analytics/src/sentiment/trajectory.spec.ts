import { sentimentTrajectory } from './trajectory';

describe('sentimentTrajectory', () => {
  it('finds start, end, minimum and the largest drop from an earlier peak', () => {
    expect(sentimentTrajectory([0.2, 0.6, -0.5, 0.1, -0.3])).toEqual({ start: 0.2, end: -0.3, min: -0.5, maxDrop: 1.1 });
  });

  it('says 0 drop when the mood only improves, and nothing for no messages', () => {
    expect(sentimentTrajectory([-0.4, 0, 0.5])?.maxDrop).toBe(0);
    expect(sentimentTrajectory([])).toBeNull();
  });
});
