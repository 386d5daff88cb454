import type { ConversationPage } from '#contracts';
import { Params, query } from '../../api/client';
import { useApi } from '../../api/hooks';

/** A page of the conversation list; `null` filters load nothing (a transcript is open instead). */
export const useConversationPage = (filters: Params | null) => useApi<ConversationPage>(filters ? `/conversations${query(filters)}` : null);

/** The download link of every message of the conversations the filters select (CSV or Arrow). */
export const exportUrl = (filters: Params, format: 'csv' | 'arrow') => `/api/conversations/export${query({ ...filters, format })}`;
