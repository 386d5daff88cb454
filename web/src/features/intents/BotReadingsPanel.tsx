import { ACT_LABELS, ConversationAct } from '#contracts';
import type { Params } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { num, pct } from '../../components/format';
import { navigate } from '../../router';
import { useBotReadings } from './intents.api';

/**
 * What the bot itself understood, from its platform's logs: per bot intent, how often it was unsure and how often
 * Seam reads the same messages otherwise. Shown only when the imported logs carry the bot's intents.
 */
export function BotReadingsPanel({ filters }: { filters: Params }) {
  const readings = useBotReadings(filters);
  const items = readings.data?.items ?? [];
  if (items.length === 0) return null;
  const seam = (r: (typeof items)[number]) => r.seamLabel ?? (r.seamAct ? ACT_LABELS[r.seamAct as ConversationAct] ?? r.seamAct : null);
  return (
    <div className="panel" aria-label="What the bot understood">
      <h2>What the bot understood (from its logs)</h2>
      <p className="hint">
        The intent the bot matched for each customer message, as its platform logged it. <b>Low confidence</b>: matched below {pct(readings.data!.threshold, 0)}.{' '}
        <b>Seam agrees</b>: Seam reads the message as the same intent. Where it does not, the bot may be answering the wrong question: the last column names
        the reason Seam sees instead. Click a row to open it.
      </p>
      <DataTable
        name="bot-readings"
        rows={items}
        initialSort="messages"
        onRowClick={(r) => r.seamIntentId !== null && navigate('/intents', { ...filters, id: String(r.seamIntentId) })}
        columns={[
          { key: 'intent', label: "Bot's intent", value: (r) => r.botIntent, render: (r) => (r.fallback ? `${r.botIntent} (fallback)` : r.botIntent) },
          { key: 'messages', label: 'Messages', value: (r) => r.messages, numeric: true, render: (r) => num(r.messages) },
          { key: 'low', label: 'Low confidence', value: (r) => r.lowConfidenceRate, numeric: true, render: (r) => pct(r.lowConfidenceRate) },
          { key: 'agree', label: 'Seam agrees', value: (r) => (r.fallback ? null : r.agreementRate), numeric: true, render: (r) => (r.fallback ? '—' : pct(r.agreementRate)) },
          { key: 'seam', label: 'Otherwise, Seam mostly reads', value: (r) => seam(r), render: (r) => (seam(r) ? `${seam(r)} (${pct(r.seamShare, 0)} of them)` : '—') },
        ]}
      />
    </div>
  );
}
