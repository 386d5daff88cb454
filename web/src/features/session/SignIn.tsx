import { FormEvent, useState } from 'react';
import { signIn } from './session.api';

/** The sign-in form: everything but health needs a signed-in user. */
export function SignIn({ onSignedIn, problem }: { onSignedIn: () => void; problem?: string }) {
  const [error, setError] = useState<string | null>(problem ?? null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
      onSignedIn();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form className="panel" onSubmit={submit} aria-label="Sign in">
        <h1>Seam</h1>
        <p>Sign in to see your team's conversations.</p>
        <label>
          Username <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p className="state error" role="alert">
            {error}
          </p>
        )}
        <p className="hint">
          No account yet? An admin creates one with <code>npx seam users create NAME --role manager</code>.
        </p>
      </form>
    </main>
  );
}
