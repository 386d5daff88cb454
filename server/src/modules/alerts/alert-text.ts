import { ALERT_METRIC_LABELS } from '#contracts';
import type { Alert } from '#contracts';
import type { AlertRow } from './alerts.repository';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const per = (period: AlertRow['period']) => (period === 'day' ? 'that weekday' : 'a week');

/** One line a manager reads, with the counts behind it. */
export function alertSummary(a: AlertRow): string {
  const moved = a.direction === 'up' ? 'rose' : 'fell';
  const who = a.subjectKind === 'all' ? 'All conversations' : a.subjectKind === 'source' ? `Conversations from “${a.label}”` : `Conversations about “${a.label}”`;
  const of = a.subjectKind === 'all' ? '' : a.subjectKind === 'source' ? ` of conversations from “${a.label}”` : a.subjectKind === 'version' ? ` in the week after bot version “${a.label}” went live` : ` of “${a.label}”`;
  switch (a.metric) {
    case 'volume':
      return `${who} ${moved} to ${a.value} from a usual ${Math.round(a.baseline)} on ${per(a.period)} (×${((a.value + 0.5) / (a.baseline + 0.5)).toFixed(1)})`;
    case 'new_intent':
      return `New intent “${a.label}”: ${a.value} conversations, none in the four ${a.period === 'day' ? 'same weekdays' : 'weeks'} before`;
    case 'silent_source':
      return `Source “${a.label}” delivered no conversations (usually ${Math.round(a.baseline)} on ${per(a.period)})`;
    case 'source_failing':
      return `Source “${a.label}” is failing after its retries`;
    default:
      return (
        `${ALERT_METRIC_LABELS[a.metric]}${of} ${moved} from ${pct(a.baseline)} to ${pct(a.value)} ` +
        `(${a.counts.current.hits} of ${a.counts.current.of} conversations; ${a.counts.baseline.hits} of ${a.counts.baseline.of} ${a.subjectKind === 'version' ? 'the week before' : 'before'})`
      );
  }
}

/** The dashboard's conversations behind an alert: its period, its intent, and the outcome it is about. */
export function alertLink(a: AlertRow): string {
  if (a.metric === 'source_failing') return '/imports';
  const q = new URLSearchParams({ from: new Date(a.periodStart).toISOString(), to: new Date(a.periodEnd).toISOString() });
  if (a.subjectKind === 'intent') q.set('intent', a.subject.slice('intent:'.length));
  if (a.metric === 'escalation') q.set('handoff', 'true');
  return `/conversations?${q.toString()}`;
}

export function alertAnswer(a: AlertRow): Alert {
  return {
    id: a.id,
    metric: a.metric,
    direction: a.direction,
    subject: a.subject,
    subjectKind: a.subjectKind,
    label: a.label,
    period: a.period,
    periodStart: a.periodStart,
    periodEnd: a.periodEnd,
    value: a.value,
    baseline: a.baseline,
    current: a.counts.current,
    before: a.counts.baseline,
    p: a.p,
    q: a.q,
    summary: alertSummary(a),
    link: alertLink(a),
    createdAt: a.createdAt,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
  };
}
