import { SeamErrorCode, SeamException } from './seam.exception';

const DAY_MS = 86_400_000;

/** `2024-05-01` → that midnight UTC (an end date: the next midnight, so that the day is included); a date-time as given (UTC when it has no offset). */
export function parseBound(value: string, name: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const normalized = dateOnly ? `${value}T00:00:00Z` : /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`;
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw new SeamException(SeamErrorCode.BadFilter, `${name} is not a valid date: ${value}`);
  return dateOnly && endOfDay ? ms + DAY_MS : ms;
}

/** The `from` and `to` of every filter as epoch ms (`to` exclusive), checked: a bad date or an empty range is a 400. */
export function dateRange(q: { from?: string; to?: string }): { fromMs?: number; toMs?: number } {
  const range: { fromMs?: number; toMs?: number } = {};
  if (q.from) range.fromMs = parseBound(q.from, 'from', false);
  if (q.to) range.toMs = parseBound(q.to, 'to', true);
  if (range.fromMs !== undefined && range.toMs !== undefined && range.fromMs >= range.toMs) throw new SeamException(SeamErrorCode.BadFilter, 'from must be before to');
  return range;
}

/** A `meta` filter (`plan:gold`) as its field and value. */
export function metaFilter(value: string | undefined): { field: string; value: string } | undefined {
  if (value === undefined) return undefined;
  const at = value.indexOf(':');
  return { field: value.slice(0, at), value: value.slice(at + 1) };
}
