import { useState } from 'react';
import { exportUrl, useConversationPage } from './conversations.api';
import { Choice } from '../../components/Choice';
import { DataTable } from '../../components/DataTable';
import { Loadable } from '../../components/States';
import { filtersOf, navigate, withParams } from '../../router';
import { Transcript } from '../../components/Transcript';

const HANDOFF = [
  ['true', 'with handoff'],
  ['false', 'bot or agent only'],
] as const;
const OUTCOMES = ['resolved', 'abandoned', 'came_back', 'open'];

export function ConversationsPage({ params, id }: { params: URLSearchParams; id?: string }) {
  const filters = { ...filtersOf(params), handoff: params.get('handoff') ?? undefined, outcome: params.get('outcome') ?? undefined, q: params.get('q') ?? undefined, customer: params.get('customer') ?? undefined };
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const list = useConversationPage(id ? null : { ...filters, limit: 100, cursor });
  const set = (k: string, v: string) => {
    setCursor(undefined);
    navigate('/conversations', withParams(params, { [k]: v || undefined }));
  };
  if (id) {
    return (
      <section>
        <h1>Conversation</h1>
        <button onClick={() => navigate('/conversations', filtersOf(params))}>← All conversations</button>
        <div className="panel">
          <Transcript id={id} />
        </div>
      </section>
    );
  }
  return (
    <section>
      <h1>Conversations</h1>
      <div className="filters secondary">
        <label>
          Search <input type="search" defaultValue={filters.q ?? ''} onKeyDown={(e) => e.key === 'Enter' && set('q', (e.target as HTMLInputElement).value)} placeholder="words in any message" />
        </label>
        <Choice label="Handoff" value={filters.handoff ?? ''} onChange={(v) => set('handoff', v)} any="any" options={HANDOFF} />
        <Choice label="Outcome" value={filters.outcome ?? ''} onChange={(v) => set('outcome', v)} any="any" options={OUTCOMES.map((o) => [o, o.replace('_', ' ')])} />
        <label>
          Customer <input defaultValue={filters.customer ?? ''} onBlur={(e) => set('customer', e.target.value)} />
        </label>
        <span className="export-links" title="Every message of the conversations these filters select, with its analysis">
          Every matching conversation, with its messages and analysis: <a href={exportUrl(filters, 'csv')} download>CSV</a> ·{' '}
          <a href={exportUrl(filters, 'arrow')} download>Arrow</a>
        </span>
      </div>
      <div className="panel">
        <Loadable loading={list.loading} error={list.error} empty={list.data?.items.length === 0} onRetry={list.reload}>
          <DataTable
            name="conversations"
            rows={list.data?.items ?? []}
            initialSort="started"
            morePages={!!list.data?.nextCursor || !!cursor}
            onRowClick={(c) => navigate(`/conversations/${c.id}`, filtersOf(params))}
            columns={[
              { key: 'started', label: 'Started', value: (c) => c.startedAt, render: (c) => (c.startedAt ? new Date(c.startedAt).toLocaleString() : '—') },
              { key: 'channel', label: 'Channel', value: (c) => c.channel },
              { key: 'customer', label: 'Customer', value: (c) => c.customer },
              { key: 'messages', label: 'Messages', value: (c) => c.messageCount, numeric: true },
              { key: 'handoff', label: 'Handoff', value: (c) => (c.hadHandoff ? 'yes' : 'no') },
              { key: 'fallbacks', label: 'Fallbacks', value: (c) => c.botFallbacks, numeric: true },
              { key: 'csat', label: 'CSAT', value: (c) => c.csat, numeric: true },
              { key: 'source', label: 'Source', value: (c) => c.source },
            ]}
          />
          <div className="pager">
            {cursor && <button onClick={() => setCursor(undefined)}>First page</button>}
            {list.data?.nextCursor && <button onClick={() => setCursor(list.data!.nextCursor!)}>Next page</button>}
          </div>
        </Loadable>
      </div>
    </section>
  );
}
