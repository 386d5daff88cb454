import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { query } from '../../api/client';
import { useApi } from '../../api/hooks';
import { Flow } from '../../charts/Flow/Flow';
import { nodeKey, sankeyData } from '../../charts/Flow/transform';
import { DataTable } from '../../components/DataTable';
import { num, pct, REASON_LABELS } from '../../components/format';
import { Loadable } from '../../components/States';
import { filtersOf, navigate } from '../../router';

interface Reason {
  reason: string;
  conversations: number;
  handoffs: number;
  repeatContacts: number;
  negativeEndings: number;
  share: number | null;
  cost: number;
}

export function BreakdownsPage({ params }: { params: URLSearchParams }) {
  const filters = filtersOf(params);
  const data = useApi<{ conversations: number; reasons: Reason[]; matrix: { intentId: number | null; intent: string; reason: string; conversations: number }[] }>(`/breakdowns${query(filters)}`);
  const flows = useApi<Parameters<typeof sankeyData>[0]>(`/flows${query(filters)}`);
  const reasons = (data.data?.reasons ?? []).map((r) => ({ ...r, label: REASON_LABELS[r.reason] ?? r.reason }));
  const intents = [...new Set((data.data?.matrix ?? []).map((m) => m.intent))].slice(0, 15);
  const matrixMax = Math.max(1, ...(data.data?.matrix ?? []).map((m) => m.conversations));
  const openQueue = (reason: string, intent?: number | null) => navigate('/review', { ...filters, reason, intent: intent ? String(intent) : filters.intent });
  return (
    <section>
      <h1>Where bot–human collaboration breaks down</h1>
      <div className="panel">
        <h2>Reasons, by conversations touched</h2>
        <Loadable loading={data.loading} error={data.error} empty={reasons.length === 0} onRetry={data.reload}>
          <ResponsiveContainer width="100%" height={Math.max(200, reasons.length * 36)}>
            <BarChart data={reasons} layout="vertical" margin={{ left: 20, right: 30 }}>
              <CartesianGrid stroke="#f1f5f9" />
              <XAxis type="number" tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="conversations" name="Conversations" fill="#ea580c" cursor="pointer" onClick={(d: { payload?: Reason }) => d.payload && openQueue(d.payload.reason)} />
            </BarChart>
          </ResponsiveContainer>
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
        <Loadable loading={data.loading} error={data.error} empty={intents.length === 0}>
          <div className="table-wrap">
            <table className="heat">
              <thead>
                <tr>
                  <th>Intent</th>
                  {reasons.map((r) => (
                    <th key={r.reason}>{r.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {intents.map((intent) => (
                  <tr key={intent}>
                    <th>{intent}</th>
                    {reasons.map((r) => {
                      const cell = data.data!.matrix.find((m) => m.intent === intent && m.reason === r.reason);
                      const n = cell?.conversations ?? 0;
                      return (
                        <td key={r.reason} className="num clickable" style={{ background: `rgba(234, 88, 12, ${(n / matrixMax) * 0.85})`, color: n / matrixMax > 0.5 ? '#fff' : '#111' }} onClick={() => n > 0 && openQueue(r.reason, cell?.intentId)}>
                          {n || ''}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Loadable>
      </div>
    </section>
  );
}
