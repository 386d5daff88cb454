import { useApi } from '../api/hooks';
import type { Intent } from '../api/types';
import { navigate, withParams } from '../router';

/** Date range, channel and intent: one bar for every page, kept in the URL. */
export function FilterBar({ path, params }: { path: string; params: URLSearchParams }) {
  const intents = useApi<{ items: Intent[] }>('/intents');
  const set = (k: string, v: string) => navigate(path, withParams(params, { [k]: v || undefined }));
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <label>
        From <input type="date" name="from" value={params.get('from') ?? ''} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        To <input type="date" name="to" value={params.get('to') ?? ''} onChange={(e) => set('to', e.target.value)} />
      </label>
      <label>
        Channel
        <select name="channel" value={params.get('channel') ?? ''} onChange={(e) => set('channel', e.target.value)}>
          <option value="">all</option>
          {['web', 'whatsapp', 'app', 'chat', 'twitter', 'assistant', 'email'].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Intent
        <select name="intent" value={params.get('intent') ?? ''} onChange={(e) => set('intent', e.target.value)}>
          <option value="">all</option>
          {(intents.data?.items ?? []).map((i) => (
            <option key={i.id} value={i.id}>
              {i.label}
            </option>
          ))}
        </select>
      </label>
      {['from', 'to', 'channel', 'intent'].some((k) => params.get(k)) && (
        <button type="button" onClick={() => navigate(path, withParams(params, { from: undefined, to: undefined, channel: undefined, intent: undefined }))}>
          Clear filters
        </button>
      )}
    </form>
  );
}
