import type { Alert, AlertChannel, AlertChannelInput, AlertDelivery, AlertList } from '#contracts';
import { api } from '../../api/client';
import { useApi } from '../../api/hooks';

/** The latest alerts (`open`: only those no one acknowledged) and how many wait. */
export const useAlerts = (open: boolean, limit = 20) => useApi<AlertList>(`/alerts?all=${open ? 'false' : 'true'}&limit=${limit}`);

export const acknowledge = (id: number) => api<Alert>(`/alerts/${id}/acknowledge`, { method: 'POST' });
export const mute = (id: number, days: number) => api<Alert>(`/alerts/${id}/mute`, { method: 'POST', body: JSON.stringify({ days }) });

export const useAlertChannels = () => useApi<{ items: AlertChannel[] }>('/alert-channels');
export const createChannel = (body: AlertChannelInput) => api<AlertChannel>('/alert-channels', { method: 'POST', body: JSON.stringify(body) });
export const updateChannel = (id: number, body: Partial<AlertChannelInput>) => api<AlertChannel>(`/alert-channels/${id}`, { method: 'PATCH', body: JSON.stringify(body) });
export const deleteChannel = (id: number) => api<void>(`/alert-channels/${id}`, { method: 'DELETE' });
export const testChannel = (id: number) => api<AlertDelivery>(`/alert-channels/${id}/test`, { method: 'POST' });
