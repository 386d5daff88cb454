import type { BotVersion, ImportRun, ImportRunDetail, ImportRunList, Source, SourceInput, SourceList, SourceRunAnswer, SourceRunList } from '#contracts';
import { api } from '../../api/client';
import { useApi } from '../../api/hooks';

export const useImportRuns = (limit: number) => useApi<ImportRunList>(`/imports?limit=${limit}`);
export const useImportRun = (id: number, rejectedLimit: number) => useApi<ImportRunDetail>(`/imports/${id}?rejectedLimit=${rejectedLimit}`);
/** Uploads a log file (multipart `file`, optional `format`, `source`) and answers when it is in. */
export const uploadLog = (form: FormData) => api<ImportRun>('/imports?wait=true', { method: 'POST', body: form });

export const useSources = () => useApi<SourceList>('/sources');
export const useSourceRuns = (id: number, limit: number) => useApi<SourceRunList>(`/sources/${id}/runs?limit=${limit}`);
export const createSource = (input: SourceInput) => api<Source>('/sources', { method: 'POST', body: JSON.stringify(input) });
export const updateSource = (id: number, change: Partial<SourceInput>) => api<Source>(`/sources/${id}`, { method: 'PATCH', body: JSON.stringify(change) });
export const runSource = (id: number) => api<SourceRunAnswer>(`/sources/${id}/run`, { method: 'POST' });

/** Imports a version of the bot's definition (multipart `file`, optional `name`, `version`, `date`). */
export const uploadBotDefinition = (form: FormData) => api<BotVersion>('/bot/versions', { method: 'POST', body: form });
