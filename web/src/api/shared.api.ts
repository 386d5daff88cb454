import type { BotVersionList, ConversationDetail, Health, IntentList, VersionComparison } from '#contracts';
import { Params, query } from './client';
import { useApi } from './hooks';

/** Data the app shell and shared components read (features have their own `*.api.ts`). */
export const useIntentNames = () => useApi<IntentList>('/intents');
export const useConversation = (id: string) => useApi<ConversationDetail>(`/conversations/${id}`);
export const useHealth = () => useApi<Health>('/health');
/** The bot's versions, for the markers on trend charts. */
export const useBotVersions = () => useApi<BotVersionList>('/bot/versions');
/** The same days before and after a bot version went live (GET /api/metrics/compare). */
export const useComparison = (version: number | null, filters: Params) => useApi<VersionComparison>(version === null ? null : `/metrics/compare${query({ ...filters, version })}`);
