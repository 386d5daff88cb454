import { useIntentNames } from '../api/shared.api';
import { navigate, withParams } from '../router';
import { Choice } from './Choice';

const CHANNELS = ['web', 'whatsapp', 'app', 'chat', 'twitter', 'assistant', 'email'];
/** Pages whose numbers count over all customers (intents, gaps, imports): the customer filters are not offered there. */
const ALL_CUSTOMERS = ['/intents', '/gaps', '/imports'];

/** Date range, channel, intent and new or returning customers: one bar for every page, kept in the URL. */
export function FilterBar({ path, params }: { path: string; params: URLSearchParams }) {
  const intents = useIntentNames();
  const set = (k: string, v: string) => navigate(path, withParams(params, { [k]: v || undefined }));
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <label>
        From <input type="date" name="from" value={params.get('from') ?? ''} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        To <input type="date" name="to" value={params.get('to') ?? ''} onChange={(e) => set('to', e.target.value)} />
      </label>
      <Choice label="Channel" name="channel" value={params.get('channel') ?? ''} onChange={(v) => set('channel', v)} any="all" options={CHANNELS.map((c) => [c, c])} />
      <Choice label="Intent" name="intent" value={params.get('intent') ?? ''} onChange={(v) => set('intent', v)} any="all" options={(intents.data?.items ?? []).map((i) => [String(i.id), i.label])} />
      {!ALL_CUSTOMERS.some((p) => path.startsWith(p)) && (
        <Choice label="Customers" name="segment" value={params.get('segment') ?? ''} onChange={(v) => set('segment', v)} any="all" options={[['new', 'new (first contact)'], ['returning', 'returning']]} />
      )}
      {params.get('meta') && !ALL_CUSTOMERS.some((p) => path.startsWith(p)) && (
        <button type="button" className="chip" title="Remove this filter" onClick={() => set('meta', '')}>
          {params.get('meta')!.replace(':', ': ')} ×
        </button>
      )}
      {['from', 'to', 'channel', 'intent', 'segment', 'meta'].some((k) => params.get(k)) && (
        <button type="button" onClick={() => navigate(path, withParams(params, { from: undefined, to: undefined, channel: undefined, intent: undefined, segment: undefined, meta: undefined }))}>
          Clear filters
        </button>
      )}
    </form>
  );
}
