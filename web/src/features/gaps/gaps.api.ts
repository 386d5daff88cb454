import type { GapList, IntentDetail } from '#contracts';
import { api, Params, query } from '../../api/client';
import { useApi } from '../../api/hooks';

export const useGaps = (filters: Params) => useApi<GapList>(`/gaps${query(filters)}`);
export const acceptGap = (id: number, label: string) => api<IntentDetail>(`/gaps/${id}/accept`, { method: 'POST', body: JSON.stringify({ label }) });
export const dismissGap = (id: number) => api<void>(`/gaps/${id}/dismiss`, { method: 'POST' });
export const mergeGap = (id: number, into: number) => api<IntentDetail>(`/intents/${id}/merge`, { method: 'POST', body: JSON.stringify({ into }) });
/** The download of intents with their customers' wordings: the kept candidates, or `ids`. */
export const gapExportUrl = (format: 'rasa' | 'dialogflow' | 'csv', ids: number[] = []) => `/api/gaps/export${query({ format, ids: ids.length > 0 ? ids.join(',') : undefined })}`;
