import { useEffect, useState } from 'react';
import { updateFlag, useAssignees, useFlags } from './review.api';
import type { Flag } from '#contracts';
import { Choice } from '../../components/Choice';
import { REASON_LABELS } from '../../components/format';
import { Loadable } from '../../components/States';
import { filtersOf, navigate, withParams } from '../../router';
import { Transcript } from '../../components/Transcript';

const STATUSES = [
  ['open', 'Open'],
  ['reviewed', 'Reviewed'],
  ['dismissed', 'Dismissed'],
  ['follow_up', 'Needs follow-up'],
] as const;

/** The agents' queue: flagged conversations by severity; open one, read why, mark it; j/k move through the queue. */
export function ReviewPage({ params }: { params: URLSearchParams }) {
  const filters = { ...filtersOf(params), reason: params.get('reason') ?? undefined, status: params.get('status') ?? 'open', assignee: params.get('assignee') ?? undefined };
  const flags = useFlags({ ...filters, limit: 200 });
  const items = flags.data?.items ?? [];
  const selectedId = Number(params.get('flag')) || items[0]?.id;
  const index = items.findIndex((f) => f.id === selectedId);
  const selected = items[index];
  useEffect(() => {
    // The selection is read from the URL at each key press, not from this render: keys pressed faster than the
    // page re-renders still move one item each.
    const step = (by: number) => {
      const current = new URLSearchParams(window.location.search);
      const at = items.findIndex((f) => f.id === (Number(current.get('flag')) || items[0]?.id));
      const next = items[at + by];
      if (at >= 0 && next) navigate('/review', withParams(current, { flag: String(next.id) }));
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest('input, textarea, select')) return;
      if (e.key === 'j' || e.key === 'ArrowDown') step(1);
      if (e.key === 'k' || e.key === 'ArrowUp') step(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const set = (k: string, v: string) => navigate('/review', withParams(params, { [k]: v || undefined, flag: undefined }));
  const [notice, setNotice] = useState<string | null>(null);
  const saved = (message: string, moved: boolean) => {
    setNotice(message);
    if (moved && items[index + 1]) navigate('/review', withParams(params, { flag: String(items[index + 1].id) }));
    flags.reload();
  };
  return (
    <section>
      <h1>Review queue</h1>
      <div className="filters secondary">
        <Choice label="Reason" value={filters.reason ?? ''} onChange={(v) => set('reason', v)} any="all" options={Object.entries(REASON_LABELS)} />
        <Choice label="Status" value={filters.status} onChange={(v) => set('status', v)} options={STATUSES} />
        <label>
          Assignee <input defaultValue={filters.assignee ?? ''} onBlur={(e) => set('assignee', e.target.value)} placeholder="anyone" />
        </label>
        <span className="hint">Keys: j / k or ↓ / ↑ for the next and previous item.</span>
        <span role="status" className="notice">{notice}</span>
      </div>
      <div className="split">
        <div className="queue">
          <Loadable loading={flags.loading} error={flags.error} empty={items.length === 0} onRetry={flags.reload}>
            <ul>
              {items.map((f) => (
                <li key={f.id} className={f.id === selectedId ? 'selected' : ''}>
                  <button onClick={() => navigate('/review', withParams(params, { flag: String(f.id) }))}>
                    <span className={`sev ${f.severity}`}>{f.severity}</span> {REASON_LABELS[f.reason] ?? f.reason}
                    <small>
                      {new Date(f.conversationStartedAt).toLocaleString()} · {f.intent ?? 'no intent'}
                    </small>
                  </button>
                </li>
              ))}
            </ul>
          </Loadable>
        </div>
        <div className="review">{selected && <FlagReview key={selected.id} flag={selected} onSaved={saved} />}</div>
      </div>
    </section>
  );
}

/** One flag: why it was raised, the actions, and the transcript. A status change moves on to the next item. */
function FlagReview({ flag, onSaved }: { flag: Flag; onSaved: (message: string, moved: boolean) => void }) {
  const assignees = useAssignees();
  const [assignee, setAssignee] = useState(flag.assignee ?? '');
  const [note, setNote] = useState(flag.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = async (status?: string) => {
    try {
      await updateFlag(flag.id, { status, assignee, note });
      onSaved(status ? `${REASON_LABELS[flag.reason] ?? flag.reason}: marked ${status.replace('_', ' ')}.` : 'Saved.', !!status && status !== flag.status);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div aria-label="Flag">
      <h2>{REASON_LABELS[flag.reason] ?? flag.reason}</h2>
      <p className="why">
        <span className={`sev ${flag.severity}`}>{flag.severity}</span> {flag.detail}
      </p>
      <div className="actions">
        <button onClick={() => save('reviewed')}>Mark reviewed</button>
        <button onClick={() => save('dismissed')}>Dismiss</button>
        <button onClick={() => save('follow_up')}>Needs follow-up</button>
        <label>
          Assign to <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="username" list="assignees" />
          <datalist id="assignees">
            {assignees.data?.items.map((u) => (
              <option key={u.username} value={u.username}>
                {u.role}
              </option>
            ))}
          </datalist>
        </label>
        <label className="note">
          Note <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
        </label>
        <button onClick={() => save()}>Save</button>
        <span>{error ?? `Status: ${flag.status.replace('_', ' ')}`}</span>
      </div>
      <Transcript id={flag.conversationId} evidence={flag.evidence} />
    </div>
  );
}
