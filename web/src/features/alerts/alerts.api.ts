import type { Alert, AlertList } from '#contracts';
import { api } from '../../api/client';
import { useApi } from '../../api/hooks';

/** The latest alerts (`open`: only those no one acknowledged) and how many wait. */
export const useAlerts = (open: boolean, limit = 20) => useApi<AlertList>(`/alerts?all=${open ? 'false' : 'true'}&limit=${limit}`);

export const acknowledge = (id: number) => api<Alert>(`/alerts/${id}/acknowledge`, { method: 'POST' });
export const mute = (id: number, days: number) => api<Alert>(`/alerts/${id}/mute`, { method: 'POST', body: JSON.stringify({ days }) });
