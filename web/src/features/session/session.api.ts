import type { Me, SignedIn } from '#contracts';
import { api } from '../../api/client';

export const whoAmI = () => api<Me>('/auth/me');
export const signIn = (username: string, password: string) => api<SignedIn>('/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
export const signOut = () => api<void>('/auth/logout', { method: 'POST' });
