import { FormEvent, useEffect, useState } from 'react';
import { createSource, runSource, updateSource, useSourceRuns, useSources } from './imports.api';
import type { Source } from '#contracts';
import { DataTable } from '../../components/DataTable';
import { num } from '../../components/format';
import { Loadable } from '../../components/States';

const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());
const STATUS_LABELS: Record<Source['status'], string> = { ok: 'OK', failing: 'Failing', running: 'Running', never_run: 'Not run yet' };

/** Scheduled import sources: their state for admins and managers; adding, running and pausing them for admins. */
export function SourcesPanel({ canManage, onRan }: { canManage: boolean; onRan: () => void }) {
  const sources = useSources();
  const [open, setOpen] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const act = async (what: string, work: () => Promise<unknown>, outcome = 'done') => {
    setMessage(`${what}…`);
    try {
      await work();
      setMessage(`${what}: ${outcome}.`);
    } catch (err) {
      setMessage((err as Error).message);
    }
    sources.reload();
    onRan();
  };
  // A run started here answers at once: follow the source until that run has ended, then say how it went.
  const [watch, setWatch] = useState<{ id: number; since: number | null } | null>(null);
  useEffect(() => {
    if (!watch) return;
    const s = sources.data?.items.find((x) => x.id === watch.id);
    if (s && s.status !== 'running' && s.lastRunAt !== watch.since) {
      setMessage(s.status === 'failing' ? `${s.name} failed: ${s.lastError ?? 'see its runs'}` : `${s.name}: run finished.`);
      setWatch(null);
      onRan();
      return;
    }
    const timer = setTimeout(sources.reload, 1000);
    return () => clearTimeout(timer);
  }, [watch, sources.data]);
  const run = (s: Source) => {
    setWatch({ id: s.id, since: s.lastRunAt });
    return act(`Running ${s.name}`, () => runSource(s.id), 'started');
  };
  return (
    <div className="panel">
      <h2>Scheduled sources</h2>
      {message && <p role="status">{message}</p>}
      <Loadable loading={sources.loading} error={sources.error} empty={sources.data?.items.length === 0} emptyText="No scheduled sources yet." onRetry={sources.reload}>
        <DataTable
          name="sources"
          rows={sources.data?.items ?? []}
          initialSort="name"
          onRowClick={(s) => setOpen(s.id === open ? null : s.id)}
          columns={[
            { key: 'name', label: 'Source', value: (s) => s.name },
            { key: 'kind', label: 'Kind', value: (s) => s.kind },
            { key: 'cron', label: 'Schedule (cron)', value: (s) => s.cron, render: (s) => (s.enabled ? <code>{s.cron}</code> : <span>paused</span>) },
            { key: 'status', label: 'Status', value: (s) => s.status, render: (s) => <span className={`source-status ${s.status}`}>{STATUS_LABELS[s.status]}</span> },
            { key: 'last', label: 'Last run', value: (s) => s.lastRunAt ?? 0, render: (s) => when(s.lastRunAt) },
            { key: 'success', label: 'Last success', value: (s) => s.lastSuccessAt ?? 0, render: (s) => when(s.lastSuccessAt) },
            { key: 'next', label: 'Next run', value: (s) => s.nextRunAt ?? 0, render: (s) => when(s.nextRunAt) },
            { key: 'error', label: 'Last error', value: (s) => s.lastError ?? '', render: (s) => (s.lastError ? <span className="source-error">{s.lastError}</span> : '') },
            ...(canManage
              ? [
                  {
                    key: 'actions',
                    label: '',
                    value: () => '',
                    render: (s: Source) => (
                      <span className="source-actions">
                        <button type="button" onClick={(e) => { e.stopPropagation(); void run(s); }}>
                          Run now
                        </button>
                        <button type="button" onClick={(e) => { e.stopPropagation(); act(`${s.enabled ? 'Pausing' : 'Resuming'} ${s.name}`, () => updateSource(s.id, { enabled: !s.enabled })); }}>
                          {s.enabled ? 'Pause' : 'Resume'}
                        </button>
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Loadable>
      {open !== null && <SourceRuns id={open} />}
      {canManage && <NewSourceForm onCreated={sources.reload} />}
    </div>
  );
}

function SourceRuns({ id }: { id: number }) {
  const runs = useSourceRuns(id, 50);
  return (
    <>
      <h3>Recent runs</h3>
      <Loadable loading={runs.loading} error={runs.error} empty={runs.data?.items.length === 0} emptyText="Not run yet.">
        <DataTable
          name={`source-${id}-runs`}
          rows={runs.data?.items ?? []}
          initialSort="started"
          columns={[
            { key: 'started', label: 'Started', value: (r) => r.startedAt, render: (r) => when(r.startedAt) },
            { key: 'attempt', label: 'Attempt', value: (r) => r.attempt, numeric: true },
            { key: 'trigger', label: 'By', value: (r) => r.trigger },
            { key: 'status', label: 'Status', value: (r) => r.status },
            { key: 'items', label: 'Files', value: (r) => r.items, numeric: true },
            { key: 'messages', label: 'Messages added', value: (r) => r.messagesImported, numeric: true, render: (r) => num(r.messagesImported) },
            { key: 'rejected', label: 'Rejected rows', value: (r) => r.rowsRejected, numeric: true, render: (r) => num(r.rowsRejected) },
            { key: 'error', label: 'Error', value: (r) => r.error ?? '' },
          ]}
        />
      </Loadable>
    </>
  );
}

/** What the form offers: a kind of source, with a platform preset (sources/presets.ts) where one reads the platform's own tables. */
const SOURCE_FORMS: Record<string, { label: string; kind: Source['kind']; preset?: string; fields: [string, string, string][] }> = {
  folder: { label: 'folder', kind: 'folder', fields: [['path', 'Folder (absolute path)', '/srv/exports/chat']] },
  http: { label: 'HTTP(S) URL', kind: 'http', fields: [['url', 'Export URL', 'https://chat.example.com/export.jsonl']] },
  postgres: {
    label: 'PostgreSQL query',
    kind: 'postgres',
    fields: [
      ['url', 'Connection URL', 'postgres://reader@db.example.com/chat'],
      ['query', 'Query (columns named like Seam\'s fields)', 'SELECT id, chat_id AS conversation_id, … FROM messages'],
      ['cursor', 'Cursor column (only grows)', 'id'],
    ],
  },
  'rasa-postgres': { label: 'Rasa tracker store (PostgreSQL)', kind: 'postgres', preset: 'rasa', fields: [['url', 'Connection URL', 'postgres://reader@db.example.com/rasa']] },
  'rasa-sqlite': { label: 'Rasa tracker store (SQLite file)', kind: 'sqlite', preset: 'rasa', fields: [['path', 'Database file (absolute path)', '/srv/rasa/rasa.db']] },
  chatwoot: {
    label: 'Chatwoot database (PostgreSQL) and webhooks',
    kind: 'postgres',
    preset: 'chatwoot',
    fields: [
      ['url', 'Connection URL', 'postgres://reader@db.example.com/chatwoot_production'],
      ['webhookSecret', 'Webhook secret (24+ letters or digits; optional)', 'openssl rand -hex 16'],
    ],
  },
  'chatwoot-webhooks': { label: 'Chatwoot webhooks only', kind: 'webhook', fields: [['webhookSecret', 'Webhook secret (24+ letters or digits)', 'openssl rand -hex 16']] },
};

function NewSourceForm({ onCreated }: { onCreated: () => void }) {
  const [choice, setChoice] = useState('folder');
  const [status, setStatus] = useState<string | null>(null);
  const form = SOURCE_FORMS[choice];
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const fields = form.fields.map(([field]) => [field, String(data.get(field) ?? '')]).filter(([, value]) => value !== '');
    const config = { ...Object.fromEntries(fields), ...(form.preset ? { preset: form.preset } : {}) };
    try {
      const source = await createSource({ name: String(data.get('name') ?? ''), kind: form.kind, cron: String(data.get('cron') ?? ''), config, ...(choice === 'chatwoot-webhooks' ? { format: 'chatwoot' } : {}) });
      const hook = typeof config.webhookSecret === 'string' ? ` Chatwoot's webhook URL: ${location.origin}/api/hooks/chatwoot/${source.id}?token=${config.webhookSecret}` : '';
      setStatus(`${source.name} added; next run ${when(source.nextRunAt)}.${hook}`);
      onCreated();
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  return (
    <form className="upload source-form" onSubmit={submit}>
      <h3>Add a source</h3>
      <label>
        Name <input name="name" required placeholder="e.g. zendesk-nightly" />
      </label>
      <label>
        Kind
        <select value={choice} onChange={(e) => setChoice(e.target.value)}>
          {Object.entries(SOURCE_FORMS).map(([key, f]) => (
            <option key={key} value={key}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      {form.fields.map(([field, label, placeholder]) => (
        <label key={`${choice}-${field}`}>
          {label} <input name={field} required={!(choice === 'chatwoot' && field === 'webhookSecret')} placeholder={placeholder} />
        </label>
      ))}
      <label>
        Schedule (cron) <input name="cron" required defaultValue="0 2 * * *" />
      </label>
      <button type="submit">Add</button>
      {status && <span role="status">{status}</span>}
    </form>
  );
}
