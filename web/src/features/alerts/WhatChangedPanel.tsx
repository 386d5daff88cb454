import { Loadable } from '../../components/States';
import { AlertItem } from './AlertItem';
import { useAlerts } from './alerts.api';

/** The overview's "What changed": the latest alerts, acknowledged or not, newest first. */
export function WhatChangedPanel() {
  const alerts = useAlerts(false, 8);
  const items = alerts.data?.items ?? [];
  return (
    <div className="panel what-changed">
      <div className="panel-head">
        <h2>What changed</h2>
        <span className="hint">
          {items[0]?.period === 'week' ? 'the last week against the four before' : 'the last day against the same weekday of the four weeks before'}; only changes beyond day-to-day noise
        </span>
      </div>
      <Loadable loading={alerts.loading} error={alerts.error} empty={false} onRetry={alerts.reload}>
        {items.length === 0 ? (
          <p className="hint">Nothing changed beyond day-to-day noise.</p>
        ) : (
          <ul className="alert-list">
            {items.map((a) => (
              <AlertItem key={a.id} alert={a} onChange={alerts.reload} />
            ))}
          </ul>
        )}
      </Loadable>
    </div>
  );
}
