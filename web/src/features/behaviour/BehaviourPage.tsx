import { useState } from 'react';
import type { JourneyLinkItem } from '#contracts';
import { useIntentNames } from '../../api/shared.api';
import { HourGrid } from '../../charts/HourGrid/HourGrid';
import { GridMeasure, WEEKDAY_NAMES } from '../../charts/HourGrid/transform';
import { ConversationLinks } from '../../components/ConversationLinks';
import { DataTable } from '../../components/DataTable';
import { duration, num, pct } from '../../components/format';
import { Loadable } from '../../components/States';
import { filtersOf, navigate } from '../../router';
import { behaviourCsvUrl, useEffort, useJourneys, useNextAfter, useWhen } from './behaviour.api';

const STEP_NAMES = ['First contact → second', 'Second → third', 'Third → fourth'];

/**
 * How customers behave across contacts: what they come back about (journeys), when they come (weekday × hour), and
 * what it costs them (effort). Every view takes the page's filters and downloads as CSV.
 */
export function BehaviourPage({ params }: { params: URLSearchParams }) {
  const filters = filtersOf(params);
  const scope = { from: filters.from, to: filters.to, channel: filters.channel, source: filters.source, intent: filters.intent };
  return (
    <section>
      <h1>Customer behaviour</h1>
      <p className="hint">Across each customer&apos;s contacts, within the filters. Conversations whose log names no customer count in When, never in journeys.</p>
      <Journeys scope={scope} selected={params.get('link')} />
      <When scope={scope} />
      <Effort scope={scope} />
    </section>
  );
}

type Scope = Record<string, string | undefined>;

function linkKey(l: JourneyLinkItem): string {
  return `${l.step}:${l.fromIntentId ?? 'none'}:${l.toIntentId ?? 'none'}`;
}

function Journeys({ scope, selected }: { scope: Scope; selected: string | null }) {
  const flow = useJourneys(scope);
  const names = useIntentNames();
  const [after, setAfter] = useState<number | 'none' | null>(null);
  const next = useNextAfter(scope, after);
  const f = flow.data;
  const picked = f?.links.find((l) => linkKey(l) === selected);
  return (
    <div className="panel" aria-label="Journeys">
      <div className="panel-head">
        <h2>Journeys: what customers come back about</h2>
        <a href={behaviourCsvUrl('journeys', scope)} download>
          CSV
        </a>
      </div>
      <Loadable loading={flow.loading} error={flow.error} empty={!f || f.journeys === 0} onRetry={flow.reload}>
        {f && (
          <>
            <p className="meta">
              {num(f.customers)} customers, {num(f.journeys)} journeys (contacts within {f.windowDays} days of the first); {num(f.returningJourneys)} (
              {pct(f.journeys > 0 ? f.returningJourneys / f.journeys : null)}) with a later contact.
              {f.anonymousConversations > 0 && ` ${num(f.anonymousConversations)} conversations name no customer and cannot be followed.`}
            </p>
            {[0, 1, 2].map((step) => {
              const links = f.links.filter((l) => l.step === step).slice(0, step === 0 ? 12 : 6);
              if (links.length === 0) return null;
              return (
                <div key={step} className="journey-step">
                  <h3>{STEP_NAMES[step]}</h3>
                  <ol className="journey-links">
                    {links.map((l) => (
                      <li key={linkKey(l)}>
                        <button type="button" className={`journey-link ${picked && linkKey(picked) === linkKey(l) ? 'picked' : ''}`} onClick={() => navigate('/behaviour', { ...scope, link: linkKey(l) })}>
                          <span className="from">{l.fromLabel}</span>
                          <span className="arrow" aria-hidden>
                            →
                          </span>
                          <span className="to">{l.toLabel}</span>
                          <span className="bar" style={{ width: `${Math.max(2, l.share * 100)}%` }} />
                          <span className="figures">
                            {num(l.customers)} customers · {pct(l.share, 0)} of those at “{l.fromLabel}” who came back · after {duration(l.medianGapMs)}
                          </span>
                        </button>
                      </li>
                    ))}
                  </ol>
                </div>
              );
            })}
            {f.otherLinks > 0 && <p className="meta">{num(f.otherLinks)} rarer links are in the CSV.</p>}
            {picked && (
              <div className="panel inset" aria-label="Journeys behind the link">
                <h3>
                  {picked.fromLabel} → {picked.toLabel}: {num(picked.customers)} customers{picked.examples.length < picked.customers ? `, ${picked.examples.length} shown` : ''}
                </h3>
                <DataTable
                  name="journey-examples"
                  rows={picked.examples}
                  columns={[
                    { key: 'customer', label: 'Customer', value: (r) => r.customer },
                    { key: 'from', label: 'First conversation', value: (r) => r.fromConversation, render: (r) => <ConversationLinks ids={[r.fromConversation]} /> },
                    { key: 'to', label: 'Next conversation', value: (r) => r.toConversation, render: (r) => <ConversationLinks ids={[r.toConversation]} /> },
                  ]}
                />
              </div>
            )}
          </>
        )}
      </Loadable>
      <h3>What comes after…</h3>
      <label>
        Intent{' '}
        <select value={after === null ? '' : String(after)} onChange={(e) => setAfter(e.target.value === '' ? null : e.target.value === 'none' ? 'none' : Number(e.target.value))}>
          <option value="">choose an intent</option>
          {(names.data?.items ?? []).map((i) => (
            <option key={i.id} value={i.id}>
              {i.label}
            </option>
          ))}
        </select>
      </label>
      {after !== null && (
        <Loadable loading={next.loading} error={next.error} empty={!next.data || next.data.contacts === 0}>
          {next.data && (
            <>
              <p className="meta">
                {num(next.data.contacts)} contacts about “{next.data.label}”; {num(next.data.cameBack)} ({pct(next.data.contacts > 0 ? next.data.cameBack / next.data.contacts : null)}) followed by
                another within {next.data.windowDays} days of the journey&apos;s start. <a href={behaviourCsvUrl('journeys/next', { ...scope, of: after })} download>CSV</a>
              </p>
              <DataTable
                name="next-after"
                rows={next.data.next}
                initialSort="contacts"
                columns={[
                  { key: 'label', label: 'Next contact about', value: (r) => r.label },
                  { key: 'contacts', label: 'Contacts', value: (r) => r.contacts, numeric: true, render: (r) => num(r.contacts) },
                  { key: 'share', label: 'Of those who came back', value: (r) => r.share, numeric: true, render: (r) => pct(r.share) },
                  { key: 'gap', label: 'Median time after', value: (r) => r.medianGapMs, numeric: true, render: (r) => duration(r.medianGapMs) },
                ]}
              />
            </>
          )}
        </Loadable>
      )}
    </div>
  );
}

const MEASURES: [GridMeasure, string][] = [
  ['conversations', 'Conversations'],
  ['escalation', 'Escalation %'],
  ['deflection', 'Deflection %'],
];

function When({ scope }: { scope: Scope }) {
  const [measure, setMeasure] = useState<GridMeasure>('conversations');
  const [tz, setTz] = useState<string | undefined>(undefined);
  const when = useWhen({ ...scope, tz });
  const w = when.data;
  const zones = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Shanghai', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney'];
  return (
    <div className="panel" aria-label="When customers come">
      <div className="panel-head">
        <h2>When customers come</h2>
        <a href={behaviourCsvUrl('when', { ...scope, tz })} download>
          CSV
        </a>
      </div>
      <div className="controls">
        {MEASURES.map(([m, label]) => (
          <label key={m}>
            <input type="radio" name="measure" checked={measure === m} onChange={() => setMeasure(m)} /> {label}
          </label>
        ))}
        <label>
          Time zone{' '}
          <select value={tz ?? w?.timeZone ?? ''} onChange={(e) => setTz(e.target.value)}>
            {[...new Set([...(w ? [w.timeZone] : []), ...zones])].map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </label>
      </div>
      <Loadable loading={when.loading} error={when.error} empty={!w || w.peak === null} onRetry={when.reload}>
        {w && (
          <>
            {w.peak && (
              <p className="meta">
                Busiest: {WEEKDAY_NAMES[w.peak.weekday]} {String(w.peak.hour).padStart(2, '0')}:00 ({w.timeZone}), {num(w.peak.conversations)} conversations, escalation {pct(w.peak.escalationRate, 0)}, deflection{' '}
                {pct(w.peak.deflectionRate, 0)}. Rates over fewer than 5 conversations are left blank.
              </p>
            )}
            <HourGrid cells={w.cells} measure={measure} timeZone={w.timeZone} />
            <h3>Agents&apos; first reply after a handoff, by hour</h3>
            <DataTable
              name="when-hours"
              rows={w.hours.filter((h) => h.conversations > 0)}
              initialSort="hour"
              initialDirection={1}
              columns={[
                { key: 'hour', label: `Hour (${w.timeZone})`, value: (r) => r.hour, numeric: true, render: (r) => `${String(r.hour).padStart(2, '0')}:00` },
                { key: 'conversations', label: 'Conversations', value: (r) => r.conversations, numeric: true, render: (r) => num(r.conversations) },
                { key: 'handoffs', label: 'Handoffs', value: (r) => r.handoffs, numeric: true, render: (r) => num(r.handoffs) },
                { key: 'reply', label: 'Median first reply', value: (r) => r.firstResponseMedianMs, numeric: true, render: (r) => duration(r.firstResponseMedianMs) },
              ]}
            />
          </>
        )}
      </Loadable>
    </div>
  );
}

function Effort({ scope }: { scope: Scope }) {
  const effort = useEffort(scope);
  const e = effort.data;
  const figureColumns = <T extends { contacts: number; customerTurnsMean: number | null; durationMedianMs: number | null; contactsPerResolvedIssue: number | null; timeToResolutionMedianMs: number | null }>() => [
    { key: 'contacts', label: 'Contacts', value: (r: T) => r.contacts, numeric: true, render: (r: T) => num(r.contacts) },
    { key: 'turns', label: 'Customer turns (mean)', value: (r: T) => r.customerTurnsMean, numeric: true, render: (r: T) => num(r.customerTurnsMean, 1) },
    { key: 'duration', label: 'Duration (median)', value: (r: T) => r.durationMedianMs, numeric: true, render: (r: T) => duration(r.durationMedianMs) },
    { key: 'per-issue', label: 'Contacts per resolved issue', value: (r: T) => r.contactsPerResolvedIssue, numeric: true, render: (r: T) => num(r.contactsPerResolvedIssue, 2) },
    { key: 'resolution', label: 'Time to resolution (median)', value: (r: T) => r.timeToResolutionMedianMs, numeric: true, render: (r: T) => duration(r.timeToResolutionMedianMs) },
  ];
  return (
    <div className="panel" aria-label="Customer effort">
      <div className="panel-head">
        <h2>What it costs customers</h2>
        <a href={behaviourCsvUrl('effort', scope)} download>
          CSV
        </a>
      </div>
      <Loadable loading={effort.loading} error={effort.error} empty={!e || e.overall.contacts === 0} onRetry={effort.reload}>
        {e && (
          <>
            <p className="meta">
              An issue is a customer&apos;s contacts in a row about one intent, within {e.windowDays} days; resolved when its last contact was. Overall:{' '}
              {num(e.overall.contactsPerResolvedIssue, 2)} contacts per resolved issue, {duration(e.overall.timeToResolutionMedianMs)} to resolution (median),{' '}
              {num(e.overall.customerTurnsMean, 1)} customer turns a contact.
            </p>
            <h3>By intent</h3>
            <DataTable name="effort-intents" rows={e.byIntent} initialSort="per-issue" onRowClick={(r) => r.intentId !== null && navigate('/intents', { ...scope, id: String(r.intentId) })} columns={[{ key: 'label', label: 'Intent', value: (r) => r.label }, ...figureColumns<(typeof e.byIntent)[number]>()]} />
            <h3>By channel</h3>
            <DataTable name="effort-channels" rows={e.byChannel} initialSort="contacts" columns={[{ key: 'channel', label: 'Channel', value: (r) => r.channel ?? 'unknown' }, ...figureColumns<(typeof e.byChannel)[number]>()]} />
            <h3>Customers who spent the most</h3>
            <DataTable
              name="effort-customers"
              rows={e.customers}
              initialSort="contacts"
              columns={[
                { key: 'customer', label: 'Customer', value: (r) => r.customer },
                { key: 'contacts', label: 'Contacts', value: (r) => r.contacts, numeric: true, render: (r) => num(r.contacts) },
                { key: 'turns', label: 'Their turns', value: (r) => r.customerTurns, numeric: true, render: (r) => num(r.customerTurns) },
                { key: 'time', label: 'Time in conversations', value: (r) => r.durationMs, numeric: true, render: (r) => duration(r.durationMs) },
                { key: 'open', label: 'Unresolved issues', value: (r) => r.unresolvedIssues, numeric: true },
                { key: 'journey', label: 'Their journey', value: (r) => r.journey.join(' → ') },
                { key: 'conversations', label: 'Conversations', value: (r) => r.conversationIds.length, render: (r) => <ConversationLinks ids={r.conversationIds.slice(0, 4)} /> },
              ]}
            />
          </>
        )}
      </Loadable>
    </div>
  );
}
