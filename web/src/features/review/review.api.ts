import type { AssigneeList, Flag, FlagPage } from '#contracts';
import { api, Params, query } from '../../api/client';
import { useApi } from '../../api/hooks';

export const useFlags = (filters: Params) => useApi<FlagPage>(`/flags${query(filters)}`);
export const useAssignees = () => useApi<AssigneeList>('/flags/assignees');
export const updateFlag = (id: number, change: { status?: string; assignee?: string | null; note?: string | null }) =>
  api<Flag>(`/flags/${id}`, { method: 'PATCH', body: JSON.stringify(change) });
