import { useEffect, useState } from 'react';
import { AlertItem } from './AlertItem';
import { useAlerts } from './alerts.api';

const POLL_MS = 60_000;

/** The bell: how many alerts no one acknowledged, and those alerts on a click. */
export function AlertBell() {
  const alerts = useAlerts(true);
  const [open, setOpen] = useState(false);
  const { reload } = alerts;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const count = alerts.data?.unacknowledged ?? 0;
  return (
    <div className="bell">
      <button type="button" aria-expanded={open} aria-label={`Alerts: ${count} not acknowledged`} onClick={() => setOpen(!open)}>
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {count > 0 && <span className="bell-count">{count}</span>}
      </button>
      {open && (
        <div className="bell-panel" role="dialog" aria-label="Alerts">
          <h3>What changed{count > 0 ? ` · ${count} to acknowledge` : ''}</h3>
          {count === 0 ? <p className="hint">Nothing waits for acknowledgement.</p> : (
            <ul className="alert-list">
              {(alerts.data?.items ?? []).map((a) => (
                <AlertItem key={a.id} alert={a} onChange={reload} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
