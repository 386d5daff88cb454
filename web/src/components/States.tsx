import type { ReactNode } from 'react';

/** Loading, error and empty states, the same on every page. */
export function Loadable({
  loading,
  error,
  empty,
  emptyText = 'Nothing here for these filters. Widen the date range, or import conversations on the Imports page.',
  children,
  onRetry,
}: {
  loading: boolean;
  error: string | null;
  empty?: boolean;
  emptyText?: string;
  children: ReactNode;
  onRetry?: () => void;
}) {
  if (error)
    return (
      <div className="state error" role="alert">
        Could not load this: {error} {onRetry && <button onClick={onRetry}>Try again</button>}
      </div>
    );
  if (loading) return <div className="state loading" aria-busy="true">Loading…</div>;
  if (empty) return <div className="state empty">{emptyText}</div>;
  return <>{children}</>;
}
