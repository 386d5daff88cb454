import type { Breakdowns, Flows } from '#contracts';
import { Params, query } from '../../api/client';
import { useApi } from '../../api/hooks';

export const useBreakdowns = (filters: Params) => useApi<Breakdowns>(`/breakdowns${query(filters)}`);
export const useFlows = (filters: Params) => useApi<Flows>(`/flows${query(filters)}`);
