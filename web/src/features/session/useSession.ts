import { useCallback, useEffect, useState } from 'react';
import type { Me } from '#contracts';
import { ApiError, SIGNED_OUT } from '../../api/client';
import { whoAmI } from './session.api';

export type Session = { state: 'loading' } | { state: 'signed-out'; error?: string } | { state: 'signed-in'; me: Me };

/** Who is signed in; asks again when any request finds the session gone. */
export function useSession(): { session: Session; refresh: () => void } {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const refresh = useCallback(() => {
    whoAmI().then(
      (me) => setSession({ state: 'signed-in', me }),
      (err: Error) => setSession(err instanceof ApiError && err.status === 401 ? { state: 'signed-out' } : { state: 'signed-out', error: err.message }),
    );
  }, []);
  useEffect(() => {
    refresh();
    window.addEventListener(SIGNED_OUT, refresh);
    return () => window.removeEventListener(SIGNED_OUT, refresh);
  }, [refresh]);
  return { session, refresh };
}
