/**
 * Before and after a change (a bot version going live): is a rate's move more than chance? A two-proportion z-test
 * on the conversations of each side; a side with fewer than MIN_SIDE conversations is too few to tell.
 */

export const MIN_SIDE = 30;

export interface ProportionChange {
  before: number | null;
  after: number | null;
  /** after − before, in proportion points. */
  change: number | null;
  z: number | null;
  /** |z| ≥ 1.96: a move this large happens by chance less than 5% of the time. */
  beyondChance: boolean;
}

export function proportionChange(beforeHits: number, beforeN: number, afterHits: number, afterN: number): ProportionChange {
  const before = beforeN > 0 ? beforeHits / beforeN : null;
  const after = afterN > 0 ? afterHits / afterN : null;
  if (before === null || after === null) return { before, after, change: null, z: null, beyondChance: false };
  const pooled = (beforeHits + afterHits) / (beforeN + afterN);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / beforeN + 1 / afterN));
  const z = se > 0 ? (after - before) / se : 0;
  return { before, after, change: after - before, z, beyondChance: beforeN >= MIN_SIDE && afterN >= MIN_SIDE && Math.abs(z) >= 1.96 };
}
