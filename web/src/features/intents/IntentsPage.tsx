import { useState } from 'react';
import { mergeIntent, renameIntent, splitIntent, useByIntent, useIntent, useIntentMap, useIntents } from './intents.api';
import type { Intent } from '#contracts';
import { IntentMap } from '../../charts/IntentMap/IntentMap';
import { mapSeries } from '../../charts/IntentMap/transform';
import { IntentTrend } from '../../charts/IntentTrend/IntentTrend';
import { trendChange } from '../../charts/IntentTrend/transform';
import { ConversationLinks } from '../../components/ConversationLinks';
import { DataTable } from '../../components/DataTable';
import { EngineNote } from '../../components/EngineNote';
import { num, pct, REASON_LABELS, signed } from '../../components/format';
import { Loadable } from '../../components/States';
import { useBotVersions } from '../../api/shared.api';
import { versionMarkers } from '../../charts/VersionMarkers/transform';
import { ActsPanel } from './ActsPanel';
import { BotReadingsPanel } from './BotReadingsPanel';
import { CoveragePanel } from './CoveragePanel';
import { VersionCompare } from '../../components/VersionCompare';
import { filtersOf, navigate } from '../../router';

type Row = Intent & { deflection: number | null; topReason: string | null };

export function IntentsPage({ params }: { params: URLSearchParams }) {
  const filters = filtersOf(params);
  const { intent: _intent, ...withoutIntent } = filters;
  const intents = useIntents({ from: filters.from, to: filters.to, channel: filters.channel });
  const byIntent = useByIntent(withoutIntent);
  const map = useIntentMap(4000);
  const selected = params.get('id');
  const rows: Row[] = (intents.data?.items ?? []).map((i) => {
    const m = byIntent.data?.items.find((b) => b.intentId === i.id);
    return { ...i, deflection: m?.deflectionRate ?? null, topReason: m?.topBreakdown?.reason ?? null };
  });
  const labels = new Map((map.data?.intents ?? []).map((i) => [i.id, i.label]));
  return (
    <section>
      <h1>Intents</h1>
      <EngineNote engine={intents.data?.engine} />
      {selected && <IntentDetail id={Number(selected)} params={params} onChanged={() => { intents.reload(); map.reload(); }} />}
      {intents.data?.coverage && <CoveragePanel coverage={intents.data.coverage} />}
      <BotReadingsPanel filters={{ from: filters.from, to: filters.to, channel: filters.channel }} />
      <div className="panel">
        <h2>Map of customer messages</h2>
        <Loadable loading={map.loading} error={map.error} empty={map.data?.points.length === 0}>
          <IntentMap series={mapSeries(map.data?.points ?? [], labels)} onPick={(id) => navigate('/intents', { ...filters, id: String(id) })} />
        </Loadable>
      </div>
      <div className="panel">
        <h2>All intents</h2>
        <Loadable loading={intents.loading} error={intents.error} empty={rows.length === 0} onRetry={intents.reload}>
          <DataTable
            name="intents"
            rows={rows}
            initialSort="messages"
            onRowClick={(r) => navigate('/intents', { ...filters, id: String(r.id) })}
            columns={[
              { key: 'label', label: 'Intent', value: (r) => r.label },
              { key: 'origin', label: 'Kind', value: (r) => ORIGIN_LABELS[r.origin] },
              { key: 'messages', label: 'Messages', value: (r) => r.messages, numeric: true, render: (r) => num(r.messages) },
              { key: 'share', label: 'Share', value: (r) => r.share, numeric: true, render: (r) => pct(r.share) },
              { key: 'trend', label: 'Trend (last vs first half)', value: (r) => trendChange(r.trend), numeric: true, render: (r) => pct(trendChange(r.trend), 0) },
              { key: 'deflection', label: 'Deflection', value: (r) => r.deflection, numeric: true, render: (r) => pct(r.deflection) },
              { key: 'escalation', label: 'Escalation', value: (r) => r.escalationRate, numeric: true, render: (r) => pct(r.escalationRate) },
              { key: 'sentiment', label: 'Sentiment', value: (r) => r.sentiment, numeric: true, render: (r) => signed(r.sentiment) },
              { key: 'chasing', label: 'Chased for an update', value: (r) => (r.conversations > 0 ? r.chasing / r.conversations : null), numeric: true, render: (r) => (r.conversations > 0 ? pct(r.chasing / r.conversations) : '—') },
              { key: 'reason', label: 'Top breakdown', value: (r) => (r.topReason ? REASON_LABELS[r.topReason] ?? r.topReason : null) },
              { key: 'keywords', label: 'Keywords', value: (r) => r.keywords.join(', ') },
            ]}
          />
        </Loadable>
      </div>
      {(intents.data?.acts.length ?? 0) > 0 && <ActsPanel acts={intents.data!.acts} />}
    </section>
  );
}

/** What an intent is: one of the bot's own, a candidate found among what the bot does not cover, or one a manager kept. */
const ORIGIN_LABELS: Record<Intent['origin'], string> = { bot: 'Bot intent', discovered: 'Candidate', accepted: 'Kept candidate', unclear: 'Unclear' };

function IntentDetail({ id, params, onChanged }: { id: number; params: URLSearchParams; onChanged: () => void }) {
  const filters = filtersOf(params);
  const intent = useIntent(id, { from: filters.from, to: filters.to, channel: filters.channel });
  const all = useIntents({});
  const versions = useBotVersions();
  const [name, setName] = useState('');
  const [into, setInto] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      setMessage(done);
      intent.reload();
      all.reload();
      onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const i = intent.data;
  return (
    <div className="panel detail" aria-label="Intent">
      <Loadable loading={intent.loading} error={intent.error}>
        {i && (
          <>
            <div className="panel-head">
              <h2>{i.label}</h2>
              <button onClick={() => navigate('/intents', { ...filters })}>Close</button>
            </div>
            {i.status !== 'active' && <p className="hint">This intent was {i.status}{i.mergedInto ? ` into intent ${i.mergedInto}` : ''}.</p>}
            <p>
              {num(i.messages)} messages in {num(i.conversations)} conversations · sentiment {signed(i.sentiment)} · escalation {pct(i.escalationRate)} · keywords: {i.keywords.join(', ')}
            </p>
            <h3>Trend</h3>
            {i.trend.length > 0 ? (
              <IntentTrend points={i.trend} markers={versionMarkers(i.trend.map((p) => p.day), versions.data?.items ?? [])} />
            ) : (
              <p className="hint">No messages in this range.</p>
            )}
            {(versions.data?.items.length ?? 0) > 0 && <VersionCompare intentId={id} versions={versions.data!.items} filters={filters} />}
            <h3>Examples</h3>
            <ul className="examples">
              {i.examples.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            <h3>Recent conversations</h3>
            <ConversationLinks ids={i.recentConversations} filters={filters} />
            <div className="actions">
              <label>
                Rename <input value={name} onChange={(e) => setName(e.target.value)} placeholder={i.generatedLabel} />
              </label>
              <button disabled={!name.trim()} onClick={() => act(() => renameIntent(id, name), 'Renamed.')}>Rename</button>
              <label>
                Merge into
                <select value={into} onChange={(e) => setInto(e.target.value)}>
                  <option value="">choose…</option>
                  {(all.data?.items ?? []).filter((x) => x.id !== id).map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.label}
                    </option>
                  ))}
                </select>
              </label>
              <button disabled={!into} onClick={() => act(() => mergeIntent(id, Number(into)), 'Merged.')}>Merge</button>
              <button onClick={() => act(() => splitIntent(id), 'Split in two.')}>Split</button>
              {message && <span role="status">{message}</span>}
            </div>
          </>
        )}
      </Loadable>
    </div>
  );
}
