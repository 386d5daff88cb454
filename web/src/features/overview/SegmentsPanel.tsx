import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { num, pct, signed } from '../../components/format';
import { Loadable } from '../../components/States';
import { navigate } from '../../router';
import { useSegments } from './overview.api';

/**
 * The same rates side by side for segments of customers: new and returning, each channel, or a field the logs carry
 * (a plan, a country). A row filters every page to its segment.
 */
export function SegmentsPanel({ filters }: { filters: Record<string, string | undefined> }) {
  const [by, setBy] = useState('customers');
  const [field, setField] = useState('');
  const { segment: _segment, meta: _meta, ...scope } = filters;
  const segments = useSegments(scope, by);
  return (
    <div className="panel" aria-label="Segments">
      <div className="panel-head">
        <h2>Segments side by side</h2>
      </div>
      <div className="controls">
        <label>
          <input type="radio" name="by" checked={by === 'customers'} onChange={() => setBy('customers')} /> New vs returning customers
        </label>
        <label>
          <input type="radio" name="by" checked={by === 'channel'} onChange={() => setBy('channel')} /> Channels
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(field)) setBy(`meta.${field}`);
          }}
        >
          <label>
            A field of the logs <input value={field} onChange={(e) => setField(e.target.value)} placeholder="e.g. plan, country" size={14} />
          </label>{' '}
          <button type="submit">Compare</button>
        </form>
      </div>
      <Loadable loading={segments.loading} error={segments.error} empty={segments.data?.items.length === 0} onRetry={segments.reload}>
        <DataTable
          name="segments"
          rows={segments.data?.items ?? []}
          initialSort="conversations"
          onRowClick={(r) => {
            if (r.segment === null) return;
            if (by === 'customers') navigate('/', { ...filters, segment: r.segment === '1' ? 'returning' : 'new' });
            else if (by === 'channel') navigate('/', { ...filters, channel: r.segment });
            else navigate('/', { ...filters, meta: `${by.slice('meta.'.length)}:${r.segment}` });
          }}
          columns={[
            { key: 'label', label: 'Segment', value: (r) => r.label },
            { key: 'conversations', label: 'Conversations', value: (r) => r.conversations, numeric: true, render: (r) => num(r.conversations) },
            { key: 'containment', label: 'Containment', value: (r) => r.containmentRate, numeric: true, render: (r) => pct(r.containmentRate) },
            { key: 'deflection', label: 'Deflection', value: (r) => r.deflectionRate, numeric: true, render: (r) => pct(r.deflectionRate) },
            { key: 'escalation', label: 'Escalation', value: (r) => r.escalationRate, numeric: true, render: (r) => pct(r.escalationRate) },
            { key: 'repeat', label: 'Repeat contact', value: (r) => r.repeatContactRate, numeric: true, render: (r) => pct(r.repeatContactRate) },
            { key: 'csat', label: 'CSAT', value: (r) => r.csat, numeric: true, render: (r) => num(r.csat, 2) },
            { key: 'sentiment', label: 'Sentiment', value: (r) => r.averageSentiment, numeric: true, render: (r) => signed(r.averageSentiment) },
          ]}
        />
      </Loadable>
    </div>
  );
}
