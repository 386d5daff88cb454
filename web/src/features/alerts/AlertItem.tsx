import { ALERT_METRIC_LABELS } from '#contracts';
import type { Alert } from '#contracts';
import { navigate } from '../../router';
import { acknowledge, mute } from './alerts.api';

const when = (a: Alert) => {
  const start = new Date(a.periodStart);
  return a.period === 'day' ? start.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' }) : `week of ${start.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`;
};

/** One change: what, how much, on how many conversations, and the way to the conversations behind it. */
export function AlertItem({ alert, onChange }: { alert: Alert; onChange: () => void }) {
  const open = (e: React.MouseEvent) => {
    e.preventDefault();
    const [path, search] = alert.link.split('?');
    navigate(path, new URLSearchParams(search ?? ''));
  };
  const test = alert.q === null ? null : `beyond chance: q ${alert.q < 0.0001 ? '< 0.0001' : `= ${alert.q.toFixed(4)}`}`;
  return (
    <li className={`alert-item ${alert.direction}`} data-alert={alert.metric}>
      <div className="alert-head">
        <span className="alert-kind">{ALERT_METRIC_LABELS[alert.metric]}</span>
        <span className="alert-when">{when(alert)}</span>
      </div>
      <div className="alert-summary">{alert.summary}</div>
      <div className="alert-actions">
        <a href={alert.link} onClick={open}>
          {alert.metric === 'source_failing' ? 'Sources' : 'Conversations behind it'}
        </a>
        {test && <span className="alert-test" title="Benjamini–Hochberg adjusted p-value over every test of the period (docs/metrics.md)">{test}</span>}
        {alert.acknowledgedAt === null ? (
          <>
            <button type="button" onClick={() => acknowledge(alert.id).then(onChange)}>
              Acknowledge
            </button>
            <button type="button" onClick={() => mute(alert.id, 7).then(onChange)} title="No alert of this kind about this for 7 days">
              Mute 7 days
            </button>
          </>
        ) : (
          <span className="alert-acked">acknowledged by {alert.acknowledgedBy}</span>
        )}
      </div>
    </li>
  );
}
