import type { AnalysisStatus, Overview, SegmentList, Timeseries } from '#contracts';
import { Params, query } from '../../api/client';
import { useApi } from '../../api/hooks';

export const useOverview = (filters: Params) => useApi<Overview>(`/metrics/overview${query(filters)}`);
export const useTimeseries = (filters: Params, bucket: 'day' | 'week') => useApi<Timeseries>(`/metrics/timeseries${query({ ...filters, bucket })}`);
export const useAnalysisStatus = () => useApi<AnalysisStatus>('/analysis');
export const useSegments = (filters: Params, by: string) => useApi<SegmentList>(`/metrics/segments${query({ ...filters, by })}`);
