/**
 * How failed sign-ins hold back a guesser. Per account, a growing delay after five failures (5 s, doubling, at most
 * 60 s): a guesser elsewhere can slow an account's owner down but not lock them out. Per client address, a hold of
 * 15 minutes after 20 failures: one machine cannot go on guessing. Failures older than 15 minutes are forgotten.
 */
export const FAILURE_WINDOW_MS = 15 * 60_000;
const ACCOUNT_FREE_FAILURES = 5;
const ACCOUNT_FIRST_DELAY_MS = 5_000;
const ACCOUNT_MAX_DELAY_MS = 60_000;
const ADDRESS_FAILURES = 20;
const ADDRESS_HOLD_MS = 15 * 60_000;

export type Subject = 'account' | 'address';

export interface Attempts {
  failures: number;
  lastFailedAt: number;
  heldUntil: number;
}

/** The record after one more failure at `now`. */
export function afterFailure(kind: Subject, previous: Attempts | null, now: number): Attempts {
  const failures = previous && now - previous.lastFailedAt < FAILURE_WINDOW_MS ? previous.failures + 1 : 1;
  let heldUntil = 0;
  if (kind === 'account' && failures >= ACCOUNT_FREE_FAILURES) {
    heldUntil = now + Math.min(ACCOUNT_MAX_DELAY_MS, ACCOUNT_FIRST_DELAY_MS * 2 ** (failures - ACCOUNT_FREE_FAILURES));
  }
  if (kind === 'address' && failures >= ADDRESS_FAILURES) heldUntil = now + ADDRESS_HOLD_MS;
  return { failures, lastFailedAt: now, heldUntil };
}
