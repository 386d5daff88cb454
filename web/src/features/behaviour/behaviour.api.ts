import type { EffortAnswer, JourneyFlow, NextAfterAnswer, WhenAnswer } from '#contracts';
import { Params, query } from '../../api/client';
import { useApi } from '../../api/hooks';

export const useJourneys = (filters: Params) => useApi<JourneyFlow>(`/behaviour/journeys${query(filters)}`);
export const useNextAfter = (filters: Params, of: number | 'none' | null) => useApi<NextAfterAnswer | null>(of === null ? null : `/behaviour/journeys/next${query({ ...filters, of })}`);
export const useWhen = (filters: Params) => useApi<WhenAnswer>(`/behaviour/when${query(filters)}`);
export const useEffort = (filters: Params) => useApi<EffortAnswer>(`/behaviour/effort${query(filters)}`);
/** A view as a CSV download, with the page's filters. */
export const behaviourCsvUrl = (view: 'journeys' | 'when' | 'effort' | 'journeys/next', filters: Params) => `/api/behaviour/${view}${query({ ...filters, format: 'csv' })}`;
