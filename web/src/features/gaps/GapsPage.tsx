import { useState } from 'react';
import type { Gap } from '#contracts';
import { useBotVersions, useIntentNames } from '../../api/shared.api';
import { versionMarkers } from '../../charts/VersionMarkers/transform';
import { IntentTrend } from '../../charts/IntentTrend/IntentTrend';
import { trendChange } from '../../charts/IntentTrend/transform';
import { ConversationLinks } from '../../components/ConversationLinks';
import { DataTable } from '../../components/DataTable';
import { num, pct } from '../../components/format';
import { Loadable } from '../../components/States';
import { filtersOf, navigate } from '../../router';
import { acceptGap, dismissGap, gapExportUrl, mergeGap, useGaps } from './gaps.api';

/**
 * What the bot should learn next: candidate intents (what customers ask that no bot intent covers) by what they
 * cost, each kept as a named intent, merged into one the bot knows, or dismissed; the kept or chosen ones exported
 * with their customers' wordings, ready to add to the bot.
 */
export function GapsPage({ params }: { params: URLSearchParams }) {
  const filters = filtersOf(params);
  const gaps = useGaps({ from: filters.from, to: filters.to, channel: filters.channel, source: filters.source });
  const [chosen, setChosen] = useState<number[]>([]);
  const selected = params.get('id');
  const gap = gaps.data?.items.find((g) => String(g.id) === selected);
  const toggle = (id: number) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  return (
    <section>
      <h1>What the bot should learn next</h1>
      <p className="hint">
        Candidate intents: what customers ask that {gaps.data?.versions.length ? `${gaps.data.versions.join(', ')} does not cover` : 'no bot intent covers (no bot definition imported yet: every intent is a candidate)'}. Ranked by{' '}
        <strong>{gaps.data?.formula ?? 'cost'}</strong>, within the filters.
      </p>
      {gap && <GapDetail key={gap.id} gap={gap} onDone={() => { gaps.reload(); navigate('/gaps', { ...filters }); }} />}
      <div className="panel">
        <div className="panel-head">
          <h2>Candidates</h2>
          <span className="export-links">
            Export {chosen.length > 0 ? `the ${chosen.length} chosen` : 'the kept ones'}: <a href={gapExportUrl('rasa', chosen)} download>Rasa nlu.yml</a> ·{' '}
            <a href={gapExportUrl('dialogflow', chosen)} download>Dialogflow phrases</a> · <a href={gapExportUrl('csv', chosen)} download>CSV</a>
          </span>
        </div>
        <Loadable loading={gaps.loading} error={gaps.error} empty={(gaps.data?.items.length ?? 0) === 0} onRetry={gaps.reload}>
          <DataTable
            name="gaps"
            rows={gaps.data?.items ?? []}
            initialSort="cost"
            onRowClick={(g) => navigate('/gaps', { ...filters, id: String(g.id) })}
            columns={[
              {
                key: 'choose',
                label: 'Export',
                value: (g) => (chosen.includes(g.id) ? 1 : 0),
                render: (g) => <input type="checkbox" aria-label={`choose ${g.label}`} checked={chosen.includes(g.id)} onClick={(e) => e.stopPropagation()} onChange={() => toggle(g.id)} />,
              },
              { key: 'label', label: 'Candidate', value: (g) => g.label },
              { key: 'cost', label: 'Cost', value: (g) => g.cost, numeric: true, render: (g) => num(g.cost) },
              { key: 'conversations', label: 'Conversations', value: (g) => g.conversations, numeric: true, render: (g) => num(g.conversations) },
              { key: 'handoffs', label: 'Handed over', value: (g) => g.handoffs, numeric: true, render: (g) => num(g.handoffs) },
              { key: 'fallbacks', label: 'Bot fell back', value: (g) => g.fallbacks, numeric: true, render: (g) => num(g.fallbacks) },
              { key: 'abandoned', label: 'Abandoned', value: (g) => g.abandoned, numeric: true, render: (g) => num(g.abandoned) },
              { key: 'repeats', label: 'Came back', value: (g) => g.repeats, numeric: true, render: (g) => num(g.repeats) },
              { key: 'messages', label: 'Messages', value: (g) => g.messages, numeric: true, render: (g) => num(g.messages) },
              { key: 'trend', label: 'Trend (last vs first half)', value: (g) => trendChange(g.trend), numeric: true, render: (g) => pct(trendChange(g.trend), 0) },
            ]}
          />
        </Loadable>
      </div>
    </section>
  );
}

/** One candidate: its wordings, trend and conversations, and what to do with it. */
function GapDetail({ gap, onDone }: { gap: Gap; onDone: () => void }) {
  const intents = useIntentNames();
  const versions = useBotVersions();
  const [name, setName] = useState(gap.label);
  const [into, setInto] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      onDone();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const known = (intents.data?.items ?? []).filter((i) => i.origin === 'bot' || i.origin === 'accepted');
  return (
    <div className="panel detail" aria-label="Candidate">
      <div className="panel-head">
        <h2>{gap.label}</h2>
        <button onClick={onDone}>Close</button>
      </div>
      <p>
        Cost {num(gap.cost)}: {num(gap.handoffs)} handed over, {num(gap.fallbacks)} with a bot fallback, {num(gap.abandoned)} abandoned, {num(gap.repeats)} came back — in {num(gap.conversations)} conversations ({num(gap.messages)} messages).
      </p>
      <h3>Trend</h3>
      {gap.trend.length > 0 ? <IntentTrend points={gap.trend} markers={versionMarkers(gap.trend.map((p) => p.day), versions.data?.items ?? [])} /> : <p className="hint">No messages in this range.</p>}
      <h3>What customers wrote</h3>
      <ul className="examples">
        {gap.examples.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      <h3>Latest conversations</h3>
      <ConversationLinks ids={gap.recentConversations} />
      <div className="actions">
        <label>
          Keep as intent <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button disabled={!name.trim()} onClick={() => act(() => acceptGap(gap.id, name.trim()))}>
          Keep
        </button>
        <label>
          Merge into
          <select value={into} onChange={(e) => setInto(e.target.value)}>
            <option value="">a known intent…</option>
            {known.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label}
              </option>
            ))}
          </select>
        </label>
        <button disabled={!into} onClick={() => act(() => mergeGap(gap.id, Number(into)))}>
          Merge
        </button>
        <button onClick={() => act(() => dismissGap(gap.id))}>Dismiss</button>
        {message && <span role="status">{message}</span>}
      </div>
    </div>
  );
}
