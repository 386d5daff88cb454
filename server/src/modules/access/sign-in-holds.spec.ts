import { afterFailure, FAILURE_WINDOW_MS } from './sign-in-holds';

describe('sign-in holds', () => {
  const run = (kind: 'account' | 'address', n: number, start = 0, step = 1000) => {
    let a = null as ReturnType<typeof afterFailure> | null;
    for (let i = 0; i < n; i++) a = afterFailure(kind, a, start + i * step);
    return a!;
  };

  it('slows an account down after five failures, doubling up to a minute, never locking it', () => {
    expect(run('account', 4).heldUntil).toBe(0);
    const fifth = run('account', 5);
    expect(fifth.heldUntil - fifth.lastFailedAt).toBe(5_000);
    const sixth = run('account', 6);
    expect(sixth.heldUntil - sixth.lastFailedAt).toBe(10_000);
    const many = run('account', 50);
    expect(many.heldUntil - many.lastFailedAt).toBe(60_000);
  });

  it('holds an address for 15 minutes after 20 failures', () => {
    expect(run('address', 19).heldUntil).toBe(0);
    const held = run('address', 20);
    expect(held.heldUntil - held.lastFailedAt).toBe(15 * 60_000);
  });

  it('forgets failures older than the window', () => {
    const old = run('account', 9);
    const later = afterFailure('account', old, old.lastFailedAt + FAILURE_WINDOW_MS + 1);
    expect(later).toMatchObject({ failures: 1, heldUntil: 0 });
  });
});
