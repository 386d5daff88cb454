import type { ActCount } from '#contracts';
import { DataTable } from '../../components/DataTable';
import { num, pct } from '../../components/format';

/** Small talk: greetings, thanks, yes and no, chasing for an update… counted on their own and kept out of the intents. */
export function ActsPanel({ acts }: { acts: ActCount[] }) {
  return (
    <div className="panel" aria-label="Small talk">
      <h2>Small talk and conversation acts</h2>
      <p className="hint">Messages that say what the customer does (thanks, yes, &ldquo;any update?&rdquo;) rather than why they came: kept out of the intents.</p>
      <DataTable
        name="acts"
        rows={acts}
        initialSort="messages"
        columns={[
          { key: 'label', label: 'Act', value: (r) => r.label },
          { key: 'messages', label: 'Messages', value: (r) => r.messages, numeric: true, render: (r) => num(r.messages) },
          { key: 'share', label: 'Of customer messages', value: (r) => r.share, numeric: true, render: (r) => pct(r.share) },
          { key: 'conversations', label: 'Conversations', value: (r) => r.conversations, numeric: true, render: (r) => num(r.conversations) },
        ]}
      />
    </div>
  );
}
