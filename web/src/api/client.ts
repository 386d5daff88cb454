/** The one API client: every request of the dashboard goes through here. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const SIGNED_OUT = 'seam:signed-out';

export type Params = Record<string, string | number | undefined | null>;

export function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`/api${path}`, { headers: { accept: 'application/json', ...(init?.body && !(init.body instanceof FormData) ? { 'content-type': 'application/json' } : {}) }, ...init });
  const body = await res.json().catch(() => null);
  // A session that ended (expired, signed out elsewhere): the app shows the sign-in form again.
  if (res.status === 401 && path !== '/auth/me' && path !== '/auth/login') window.dispatchEvent(new Event(SIGNED_OUT));
  if (!res.ok) throw new ApiError(res.status, (body && body.message) || `${res.status} ${res.statusText}`);
  return body as T;
}
