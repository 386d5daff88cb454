import { useEffect, useState } from 'react';

/** The URL is the state: page in the path, filters and selections in the query, so any view can be shared. */
export function useLocation(): { path: string; params: URLSearchParams } {
  const [loc, setLoc] = useState(() => ({ path: window.location.pathname, search: window.location.search }));
  useEffect(() => {
    const on = () => setLoc({ path: window.location.pathname, search: window.location.search });
    window.addEventListener('popstate', on);
    window.addEventListener('seam:navigate', on);
    return () => {
      window.removeEventListener('popstate', on);
      window.removeEventListener('seam:navigate', on);
    };
  }, []);
  return { path: loc.path, params: new URLSearchParams(loc.search) };
}

export function navigate(path: string, params?: URLSearchParams | Record<string, string | undefined>): void {
  const q = params instanceof URLSearchParams ? params : new URLSearchParams(Object.entries(params ?? {}).filter(([, v]) => v !== undefined && v !== '') as [string, string][]);
  const search = q.toString();
  window.history.pushState(null, '', `${path}${search ? `?${search}` : ''}`);
  window.dispatchEvent(new Event('seam:navigate'));
}

export const FILTER_KEYS = ['from', 'to', 'channel', 'intent', 'segment', 'meta'] as const;

/** The filter part of the current query, to carry from page to page. */
export function filtersOf(params: URLSearchParams): Record<string, string | undefined> {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]));
}

export function withParams(params: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, v);
  }
  return next;
}
