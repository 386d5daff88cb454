import { useState } from 'react';
import type { BotVersion } from '#contracts';
import { useComparison } from '../api/shared.api';
import { num, pct } from './format';
import { Loadable } from './States';

const LABELS: Record<string, string> = { escalation: 'Escalation', containment: 'Containment', deflection: 'Deflection', 'conversations with a fallback': 'Conversations with a bot fallback' };

/**
 * Did a bot version change how conversations go (all of them, or one intent's)? The same number of days before and
 * after it went live, with the filters' channel and source.
 */
export function VersionCompare({ versions, intentId, filters = {} }: { versions: BotVersion[]; intentId?: number; filters?: Record<string, string | undefined> }) {
  const [chosen, setChosen] = useState<number | null>(versions[0]?.id ?? null);
  const comparison = useComparison(chosen, { channel: filters.channel, source: filters.source, intent: intentId, days: 28 });
  if (versions.length === 0) return null;
  const c = comparison.data;
  return (
    <div aria-label="Before and after a version">
      <h3>
        Before and after{' '}
        <select aria-label="Bot version" value={chosen ?? ''} onChange={(e) => setChosen(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.bot} version {v.version} ({v.releasedAt})
            </option>
          ))}
        </select>
      </h3>
      <Loadable loading={comparison.loading} error={comparison.error}>
        {c && (
          <>
            <table className="compare">
              <thead>
                <tr>
                  <th />
                  <th>
                    {c.days} days before ({c.before.from} – {c.before.to})
                  </th>
                  <th>
                    after ({c.after.from} – {c.after.to})
                  </th>
                  <th>change</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>Conversations</td>
                  <td>{num(c.before.conversations)}</td>
                  <td>{num(c.after.conversations)}</td>
                  <td />
                </tr>
                {c.changes.map((r) => (
                  <tr key={r.metric}>
                    <td>{LABELS[r.metric] ?? r.metric}</td>
                    <td>{pct(r.before)}</td>
                    <td>{pct(r.after)}</td>
                    <td>{r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${(r.change * 100).toFixed(1)} pts${r.beyondChance ? '' : ' (could be chance)'}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {c.note && <p className="hint">{c.note}</p>}
          </>
        )}
      </Loadable>
    </div>
  );
}
