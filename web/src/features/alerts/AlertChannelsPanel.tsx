import { FormEvent, useState } from 'react';
import { ALERT_METRIC_LABELS, ALERT_METRICS } from '#contracts';
import type { AlertChannel, AlertChannelInput, AlertMetric } from '#contracts';
import { DataTable } from '../../components/DataTable';
import { Loadable } from '../../components/States';
import { createChannel, deleteChannel, testChannel, updateChannel, useAlertChannels } from './alerts.api';

const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());
const STATUS: Record<AlertChannel['status'], string> = { ok: 'OK', failing: 'Failing', never_sent: 'Nothing sent yet' };

function rulesText(c: AlertChannel): string {
  const r = c.rules;
  const kinds = r.metrics.length === 0 ? 'every kind' : r.metrics.map((m) => ALERT_METRIC_LABELS[m]).join(', ');
  const mode = r.mode === 'digest' ? `daily digest at ${r.digestHour}:00` : r.quietStart !== null ? `at once, quiet ${r.quietStart}:00–${r.quietEnd}:00` : 'at once';
  return `${kinds}; ${mode}${r.minConversations > 0 ? `; ${r.minConversations}+ conversations` : ''}`;
}

/** Where alerts go (admins): webhooks and e-mail, their rules and state; try one, pause it, add one. */
export function AlertChannelsPanel() {
  const channels = useAlertChannels();
  const [message, setMessage] = useState<string | null>(null);
  const act = async (what: string, work: () => Promise<string | void>) => {
    setMessage(`${what}…`);
    try {
      setMessage((await work()) || `${what}: done.`);
    } catch (err) {
      setMessage((err as Error).message);
    }
    channels.reload();
  };
  return (
    <div className="panel" aria-label="Alert channels">
      <h2>Alert channels</h2>
      <p className="hint">Where “What changed” is sent (docs/operations.md, “Alerts”); secrets are never shown again once saved.</p>
      {message && <p role="status">{message}</p>}
      <Loadable loading={channels.loading} error={channels.error} empty={channels.data?.items.length === 0} emptyText="No alert channel yet: alerts show on the Overview and the bell only." onRetry={channels.reload}>
        <DataTable
          name="alert-channels"
          rows={channels.data?.items ?? []}
          initialSort="name"
          columns={[
            { key: 'name', label: 'Channel', value: (c) => c.name },
            { key: 'type', label: 'Type', value: (c) => c.type, render: (c) => `${c.type}${c.type === 'webhook' ? ` (${String(c.config.format)})` : ''}` },
            { key: 'rules', label: 'Sends', value: (c) => rulesText(c) },
            { key: 'status', label: 'Status', value: (c) => c.status, render: (c) => (c.enabled ? <span className={`source-status ${c.status}`}>{STATUS[c.status]}</span> : <span>paused</span>) },
            { key: 'sent', label: 'Last sent', value: (c) => c.lastSentAt ?? 0, render: (c) => when(c.lastSentAt) },
            { key: 'error', label: 'Last error', value: (c) => c.lastError ?? '', render: (c) => (c.lastError ? <span className="source-error">{c.lastError}</span> : '') },
            {
              key: 'actions',
              label: '',
              value: () => '',
              render: (c) => (
                <span className="source-actions">
                  <button type="button" onClick={() => act(`Testing ${c.name}`, async () => { const d = await testChannel(c.id); return d.status === 'sent' ? `${c.name}: test message sent.` : `${c.name} failed: ${d.lastError}`; })}>
                    Send a test
                  </button>
                  <button type="button" onClick={() => act(`${c.enabled ? 'Pausing' : 'Resuming'} ${c.name}`, () => updateChannel(c.id, { enabled: !c.enabled }).then(() => undefined))}>
                    {c.enabled ? 'Pause' : 'Resume'}
                  </button>
                  <button type="button" onClick={() => window.confirm(`Delete the channel ${c.name}?`) && act(`Deleting ${c.name}`, () => deleteChannel(c.id))}>
                    Delete
                  </button>
                </span>
              ),
            },
          ]}
        />
      </Loadable>
      <NewChannelForm onCreated={channels.reload} />
    </div>
  );
}

function NewChannelForm({ onCreated }: { onCreated: () => void }) {
  const [type, setType] = useState<'webhook' | 'email'>('webhook');
  const [mode, setMode] = useState<'immediate' | 'digest'>('immediate');
  const [status, setStatus] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const text = (k: string) => String(d.get(k) ?? '').trim();
    const hour = (k: string) => (text(k) === '' ? null : Number(text(k)));
    const config: Record<string, unknown> =
      type === 'webhook'
        ? { url: text('url'), format: text('format'), ...(text('secret') && { secret: text('secret') }) }
        : {
            host: text('host'), port: Number(text('port')), tls: text('tls'), ...(text('user') && { user: text('user') }), ...(text('password') && { password: text('password') }),
            from: text('from'), to: text('to').split(/[,\s]+/).filter(Boolean),
          };
    const body: AlertChannelInput = {
      name: text('name'), type, config,
      rules: { metrics: d.getAll('metrics').map(String) as AlertMetric[], minConversations: Number(text('minConversations') || 0), mode, digestHour: Number(text('digestHour') || 8), quietStart: hour('quietStart'), quietEnd: hour('quietEnd') },
    };
    try {
      const c = await createChannel(body);
      setStatus(`${c.name} added. Send it a test to check it.`);
      onCreated();
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  return (
    <form className="upload alert-channel-form" onSubmit={submit} aria-label="Add an alert channel">
      <h3>Add a channel</h3>
      <label>
        Name <input name="name" required placeholder="e.g. ops-slack" />
      </label>
      <label>
        Type
        <select value={type} onChange={(e) => setType(e.target.value as 'webhook' | 'email')}>
          <option value="webhook">Webhook (Slack, Teams, JSON)</option>
          <option value="email">E-mail (SMTP)</option>
        </select>
      </label>
      {type === 'webhook' ? (
        <>
          <label>
            URL <input name="url" required type="url" placeholder="https://hooks.slack.com/services/…" />
          </label>
          <label>
            Format
            <select name="format" defaultValue="slack">
              <option value="slack">Slack</option>
              <option value="teams">Microsoft Teams</option>
              <option value="json">JSON</option>
            </select>
          </label>
          <label>
            Bearer secret (optional) <input name="secret" type="password" autoComplete="new-password" />
          </label>
        </>
      ) : (
        <>
          <label>
            SMTP host <input name="host" required placeholder="smtp.example.com" />
          </label>
          <label>
            Port <input name="port" required type="number" defaultValue={587} min={1} max={65535} />
          </label>
          <label>
            TLS
            <select name="tls" defaultValue="starttls">
              <option value="starttls">STARTTLS (required)</option>
              <option value="implicit">TLS from the start (465)</option>
              <option value="none">none (a relay on this host)</option>
            </select>
          </label>
          <label>
            User <input name="user" autoComplete="off" />
          </label>
          <label>
            Password <input name="password" type="password" autoComplete="new-password" />
          </label>
          <label>
            From <input name="from" required type="email" placeholder="seam@example.com" />
          </label>
          <label>
            To (comma-separated) <input name="to" required placeholder="lead@example.com, ops@example.com" />
          </label>
        </>
      )}
      <fieldset className="alert-kinds">
        <legend>Kinds (none ticked: all)</legend>
        {ALERT_METRICS.map((m) => (
          <label key={m} className="check">
            <input type="checkbox" name="metrics" value={m} /> {ALERT_METRIC_LABELS[m]}
          </label>
        ))}
      </fieldset>
      <label>
        Fewest conversations <input name="minConversations" type="number" min={0} defaultValue={0} />
      </label>
      <label>
        When
        <select value={mode} onChange={(e) => setMode(e.target.value as 'immediate' | 'digest')}>
          <option value="immediate">at once, after each analysis</option>
          <option value="digest">a daily digest</option>
        </select>
      </label>
      {mode === 'digest' ? (
        <label>
          Digest hour (0–23) <input name="digestHour" type="number" min={0} max={23} defaultValue={8} />
        </label>
      ) : (
        <>
          <label>
            Quiet from (hour) <input name="quietStart" type="number" min={0} max={23} placeholder="22" />
          </label>
          <label>
            Quiet until (hour) <input name="quietEnd" type="number" min={0} max={23} placeholder="7" />
          </label>
        </>
      )}
      <button type="submit">Add</button>
      {status && <span role="status">{status}</span>}
    </form>
  );
}
