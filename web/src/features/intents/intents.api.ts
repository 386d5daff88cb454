import type { BotReadings, ByIntentList, IntentDetail, IntentList, IntentMap, SplitResult } from '#contracts';
import { api, Params, query } from '../../api/client';
import { useApi } from '../../api/hooks';

export const useIntents = (filters: Params) => useApi<IntentList>(`/intents${query(filters)}`);
export const useIntent = (id: number, filters: Params) => useApi<IntentDetail>(`/intents/${id}${query(filters)}`);
export const useByIntent = (filters: Params) => useApi<ByIntentList>(`/metrics/by-intent${query(filters)}`);
export const useBotReadings = (filters: Params) => useApi<BotReadings>(`/intents/bot-readings${query(filters)}`);
export const useIntentMap = (limit: number) => useApi<IntentMap>(`/intents/map${query({ limit })}`);

export const renameIntent = (id: number, label: string) => api<IntentDetail>(`/intents/${id}`, { method: 'PATCH', body: JSON.stringify({ label }) });
export const mergeIntent = (id: number, into: number) => api<IntentDetail>(`/intents/${id}/merge`, { method: 'POST', body: JSON.stringify({ into }) });
export const splitIntent = (id: number) => api<SplitResult>(`/intents/${id}/split`, { method: 'POST' });
