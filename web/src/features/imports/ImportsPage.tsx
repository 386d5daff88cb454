import { FormEvent, useState } from 'react';
import { uploadLog, useImportRun, useImportRuns } from './imports.api';
import { DataTable } from '../../components/DataTable';
import { num } from '../../components/format';
import { Loadable } from '../../components/States';
import { BotPanel } from './BotPanel';
import { SourcesPanel } from './SourcesPanel';
import { AlertChannelsPanel } from '../alerts/AlertChannelsPanel';
import { IMPORT_FORMATS } from '#contracts';

/** Scheduled sources and import history for admins and managers; uploads and source settings for admins. */
export function ImportsPage({ canUpload }: { canUpload: boolean }) {
  const runs = useImportRuns(100);
  const [open, setOpen] = useState<number | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const upload = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (!(form.get('file') as File)?.name) return setStatus('Choose a file first.');
    if (!form.get('format')) form.delete('format');
    if (!form.get('source')) form.delete('source');
    setStatus('Uploading…');
    try {
      const run = await uploadLog(form);
      setStatus(`${run.fileName}: ${num(run.messagesInserted)} messages added, ${num(run.messagesDuplicate)} already there, ${num(run.rejectedCount)} rejected.`);
      runs.reload();
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  return (
    <section>
      <h1>Imports</h1>
      {canUpload && (
        <form className="panel upload" onSubmit={upload}>
          <h2>Upload an export</h2>
          <input type="file" name="file" aria-label="Export file" />
          <label>
            Format
            <select name="format" defaultValue="">
              <option value="">detect</option>
              {Object.entries(IMPORT_FORMATS).map(([f, what]) => (
                <option key={f} value={f}>
                  {f} — {what}
                </option>
              ))}
            </select>
          </label>
          <label>
            Source <input name="source" placeholder="e.g. zendesk" />
          </label>
          <button type="submit">Import</button>
          {status && <span role="status">{status}</span>}
        </form>
      )}
      <BotPanel canUpload={canUpload} />
      <SourcesPanel canManage={canUpload} onRan={runs.reload} />
      {canUpload && <AlertChannelsPanel />}
      <div className="panel">
        <h2>History</h2>
        <Loadable loading={runs.loading} error={runs.error} empty={runs.data?.items.length === 0} onRetry={runs.reload}>
          <DataTable
            name="imports"
            rows={runs.data?.items ?? []}
            initialSort="id"
            onRowClick={(r) => setOpen(r.id === open ? null : r.id)}
            columns={[
              { key: 'id', label: '#', value: (r) => r.id, numeric: true },
              { key: 'started', label: 'Started', value: (r) => r.startedAt, render: (r) => new Date(r.startedAt).toLocaleString() },
              { key: 'file', label: 'File', value: (r) => r.fileName },
              { key: 'format', label: 'Format', value: (r) => r.format },
              { key: 'source', label: 'Source', value: (r) => r.source },
              { key: 'status', label: 'Status', value: (r) => r.status },
              // A running import's new and already-stored counts are known when its last transaction is done.
              { key: 'added', label: 'Added', value: (r) => r.messagesInserted, numeric: true, render: (r) => (r.status === 'running' ? `${num(r.recordsRead)} rows read…` : num(r.messagesInserted)) },
              { key: 'dup', label: 'Already there', value: (r) => r.messagesDuplicate, numeric: true, render: (r) => (r.status === 'running' ? '…' : num(r.messagesDuplicate)) },
              { key: 'rejected', label: 'Rejected', value: (r) => r.rejectedCount, numeric: true, render: (r) => num(r.rejectedCount) },
              { key: 'conversations', label: 'Conversations', value: (r) => r.conversationsTouched, numeric: true, render: (r) => num(r.conversationsTouched) },
            ]}
          />
        </Loadable>
      </div>
      {open !== null && <RejectedRows id={open} />}
    </section>
  );
}

function RejectedRows({ id }: { id: number }) {
  const run = useImportRun(id, 500);
  return (
    <div className="panel">
      <h2>Import {id}: rejected rows</h2>
      <Loadable loading={run.loading} error={run.error} empty={run.data?.rejected.total === 0}>
        <DataTable
          name={`import-${id}-rejected`}
          rows={run.data?.rejected.rows ?? []}
          initialSort="line"
          columns={[
            { key: 'line', label: 'Line', value: (r) => r.line, numeric: true },
            { key: 'location', label: 'Where', value: (r) => r.location },
            { key: 'field', label: 'Field', value: (r) => r.field },
            { key: 'reason', label: 'Reason', value: (r) => r.reason },
            { key: 'raw', label: 'Raw', value: (r) => r.raw.slice(0, 200) },
          ]}
        />
      </Loadable>
    </div>
  );
}
