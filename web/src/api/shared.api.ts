import type { BotVersionList, ConversationDetail, Health, IntentList } from '#contracts';
import { useApi } from './hooks';

/** Data the app shell and shared components read (features have their own `*.api.ts`). */
export const useIntentNames = () => useApi<IntentList>('/intents');
export const useConversation = (id: string) => useApi<ConversationDetail>(`/conversations/${id}`);
export const useHealth = () => useApi<Health>('/health');
/** The bot's versions, for the markers on trend charts. */
export const useBotVersions = () => useApi<BotVersionList>('/bot/versions');
