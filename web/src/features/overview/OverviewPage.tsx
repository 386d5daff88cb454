import type { Overview } from '#contracts';
import { useBotVersions } from '../../api/shared.api';
import { versionMarkers } from '../../charts/VersionMarkers/transform';
import { VersionCompare } from '../../components/VersionCompare';
import { useAnalysisStatus, useOverview, useTimeseries } from './overview.api';
import { Trend } from '../../charts/Trend/Trend';
import { trendRows } from '../../charts/Trend/transform';
import { EngineNote } from '../../components/EngineNote';
import { duration, num, pct, signed } from '../../components/format';
import { Loadable } from '../../components/States';
import { filtersOf, navigate } from '../../router';
import { SegmentsPanel } from './SegmentsPanel';
import { WhatChangedPanel } from '../alerts/WhatChangedPanel';

type Key = keyof Overview;

function Card({ title, value, change, hint, good }: { title: string; value: string; change?: number | null; hint?: string; good?: 'up' | 'down' }) {
  const tone = change === null || change === undefined || change === 0 ? '' : (change > 0) === (good === 'up') ? 'good' : 'bad';
  return (
    <div className="card" data-card={title}>
      <div className="card-title">{title}</div>
      <div className="card-value">{value}</div>
      {change !== undefined && <div className={`card-change ${tone}`}>{change === null ? 'no earlier period' : `${change > 0 ? '▲' : change < 0 ? '▼' : '='} ${Math.abs(change * 100).toFixed(1)} pts vs previous period`}</div>}
      {hint && <div className="card-hint">{hint}</div>}
    </div>
  );
}

export function OverviewPage({ params }: { params: URLSearchParams }) {
  const filters = filtersOf(params);
  const bucket = params.get('bucket') === 'week' ? 'week' : 'day';
  const overview = useOverview(filters);
  const series = useTimeseries(filters, bucket);
  const analysis = useAnalysisStatus();
  const versions = useBotVersions();
  const o = overview.data;
  const delta = (k: Key) => (o?.previous ? ((o[k] as number | null) ?? 0) - ((o.previous[k as keyof typeof o.previous] as number | null) ?? 0) : undefined);
  return (
    <section>
      <h1>Overview</h1>
      <EngineNote engine={analysis.data?.engine} />
      <Loadable loading={overview.loading} error={overview.error} empty={o?.conversations === 0} onRetry={overview.reload}>
        {o && (
          <div className="cards">
            <Card title="Conversations" value={num(o.conversations)} hint={`${pct(o.botEngagedRate)} bot-engaged`} />
            <Card title="Deflection" value={pct(o.deflectionRate)} change={delta('deflectionRate')} good="up" hint={`settled by the bot, no return in ${o.repeatWindowDays} days · ${num(o.deflectionPending)} pending`} />
            <Card title="Escalation" value={pct(o.escalationRate)} change={delta('escalationRate')} good="down" hint={`median ${duration(o.timeToHandoffMs.median)} to handoff`} />
            <Card title="Repeat contact" value={pct(o.repeatContactRate)} change={delta('repeatContactRate')} good="down" hint={`${pct(o.repeatContactSameIntentRate)} about the same intent`} />
            <Card title="Bot fallback rate" value={pct(o.botFallbackRate)} change={delta('botFallbackRate')} good="down" hint={`${pct(o.abandonmentAfterFallbackRate)} leave after a fallback`} />
            <Card title="CSAT" value={o.csat === null ? '—' : `${o.csat.toFixed(2)} / 5`} hint={`${num(o.csatResponses)} responses`} />
            <Card title="Average sentiment" value={signed(o.averageSentiment)} change={delta('averageSentiment')} good="up" hint={`before handoff ${signed(o.sentimentBeforeHandoff)} → after ${signed(o.sentimentAfterHandoff)}`} />
            <Card title="First agent reply" value={duration(o.firstResponseAfterHandoffMs.median)} hint={`p90 ${duration(o.firstResponseAfterHandoffMs.p90)} after handoff`} />
          </div>
        )}
      </Loadable>
      <WhatChangedPanel />
      <div className="panel">
        <div className="panel-head">
          <h2>Trend</h2>
          <div className="segmented" role="group" aria-label="Bucket">
            {(['day', 'week'] as const).map((b) => (
              <button key={b} aria-pressed={bucket === b} onClick={() => navigate('/', { ...filters, bucket: b })}>
                {b === 'day' ? 'Daily' : 'Weekly'}
              </button>
            ))}
          </div>
        </div>
        <Loadable loading={series.loading} error={series.error} empty={series.data?.points.length === 0}>
          {series.data && <Trend rows={trendRows(series.data.points)} markers={versionMarkers(series.data.points.map((p) => p.period), versions.data?.items ?? [])} onPick={(period) => navigate('/conversations', { ...filters, from: period, to: bucket === 'day' ? period : undefined })} />}
        </Loadable>
        <p className="hint">Click a day to see its conversations.</p>
      </div>
      <SegmentsPanel filters={filters} />
      {(versions.data?.items.length ?? 0) > 0 && (
        <div className="panel">
          <VersionCompare versions={versions.data!.items} filters={filters} />
        </div>
      )}
    </section>
  );
}
