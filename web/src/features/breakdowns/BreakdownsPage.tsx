import { useBreakdowns, useFlows } from './breakdowns.api';
import { Flow } from '../../charts/Flow/Flow';
import { nodeKey, sankeyData } from '../../charts/Flow/transform';
import { Heatmap } from '../../charts/Heatmap/Heatmap';
import { heatRows } from '../../charts/Heatmap/transform';
import { ReasonBars } from '../../charts/ReasonBars/ReasonBars';
import { reasonBars } from '../../charts/ReasonBars/transform';
import { DataTable } from '../../components/DataTable';
import { num, pct, REASON_LABELS } from '../../components/format';
import { Loadable } from '../../components/States';
import { filtersOf, navigate } from '../../router';

export function BreakdownsPage({ params }: { params: URLSearchParams }) {
  const filters = filtersOf(params);
  const data = useBreakdowns(filters);
  const flows = useFlows(filters);
  const reasons = reasonBars(data.data?.reasons ?? [], REASON_LABELS);
  const heat = heatRows(data.data?.matrix ?? [], reasons.map((r) => r.reason));
  const openQueue = (reason: string, intent?: number | null) => navigate('/review', { ...filters, reason, intent: intent ? String(intent) : filters.intent });
  return (
    <section>
      <h1>Where bot–human collaboration breaks down</h1>
      <div className="panel">
        <h2>Reasons, by conversations touched</h2>
        <Loadable loading={data.loading} error={data.error} empty={reasons.length === 0} onRetry={data.reload}>
          <ReasonBars rows={reasons} onPick={(reason) => openQueue(reason)} />
          <DataTable
            name="breakdowns"
            rows={reasons}
            initialSort="conversations"
            onRowClick={(r) => openQueue(r.reason)}
            columns={[
              { key: 'label', label: 'Reason', value: (r) => r.label },
              { key: 'conversations', label: 'Conversations', value: (r) => r.conversations, numeric: true, render: (r) => num(r.conversations) },
              { key: 'share', label: 'Share', value: (r) => r.share, numeric: true, render: (r) => pct(r.share) },
              { key: 'handoffs', label: 'Handoffs', value: (r) => r.handoffs, numeric: true },
              { key: 'repeat', label: 'Repeat contacts', value: (r) => r.repeatContacts, numeric: true },
              { key: 'negative', label: 'Negative endings', value: (r) => r.negativeEndings, numeric: true },
              { key: 'cost', label: 'Cost', value: (r) => r.cost, numeric: true },
            ]}
          />
        </Loadable>
      </div>
      <div className="panel">
        <h2>Conversation flow</h2>
        <Loadable loading={flows.loading} error={flows.error} empty={flows.data?.links.length === 0}>
          {flows.data && (
            <Flow
              data={sankeyData(flows.data)}
              onPick={(name) => {
                const key = nodeKey(name);
                const outcome = ['resolved', 'abandoned', 'came_back', 'open'].includes(key) ? key : undefined;
                navigate('/conversations', { ...filters, handoff: key === 'handoff' ? 'true' : undefined, outcome });
              }}
            />
          )}
        </Loadable>
        <p className="hint">Click a stage to see its conversations.</p>
      </div>
      <div className="panel">
        <h2>Intent × reason</h2>
        <Loadable loading={data.loading} error={data.error} empty={heat.length === 0}>
          <Heatmap rows={heat} columns={reasons} onPick={(reason, intentId) => openQueue(reason, intentId)} />
        </Loadable>
      </div>
    </section>
  );
}
