import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Me } from '../../contracts/auth';
import type { Permission } from '../../contracts/roles';
import { api, onSessionEnded, ProblemError, setCsrfToken } from './api';
import { queryClient } from './query';
import { useT } from './i18n';

export type { Me, Grant } from '../../contracts/auth';
export type { Permission } from '../../contracts/roles';

export const meQueryKey = ['auth', 'me'] as const;

/**
 * A 社会组织成员 grant names its organization by id only (the kernel knows no org names): the names come from the
 * orgs module's /orgs/mine, so the header and the forms say which organization. Without them the grant still works.
 */
async function withOrgNames(me: Me): Promise<Me> {
  if (!me.grants.some((g) => g.scopeType === 'org' && g.scopeId && !g.scopeName)) return me;
  try {
    const mine = await api.get<{ items: { id: string; name: string }[] }>('/orgs/mine');
    const names = new Map(mine.items.map((o) => [o.id, o.name]));
    return { ...me, grants: me.grants.map((g) => (g.scopeType === 'org' && g.scopeId && names.has(g.scopeId) ? { ...g, scopeName: names.get(g.scopeId)! } : g)) };
  } catch {
    return me;
  }
}

/** The signed-in user, or null when there is no session (a 401 from /auth/me is not an error). */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/auth/me');
    setCsrfToken(me.csrfToken);
    return await withOrgNames(me);
  } catch (error) {
    if (error instanceof ProblemError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** Forget everything the old session loaded and mark the user signed out; the route guard goes to /login. */
export function endSession(): void {
  setCsrfToken(null);
  // The service worker's copies of this user's field reads (vite.config.ts): the next user of the phone must not see them.
  if (typeof caches !== 'undefined') void caches.delete('shezhi-field-api').catch(() => undefined);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
  queryClient.setQueryData(meQueryKey, null);
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

/** The signed-in user; only for components under <RequireAuth>. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside <RequireAuth>');
  return data;
}

export function useCan(): (permission: Permission) => boolean {
  const { data } = useMe();
  return (permission) => data?.permissions.includes(permission) ?? false;
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { username: string; password: string; captchaId?: string; captcha?: string }) => {
      const { user } = await api.post<{ user: Me }>('/auth/login', body);
      return { user: await withOrgNames(user) };
    },
    onSuccess: ({ user }) => {
      setCsrfToken(user.csrfToken);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      client.setQueryData(meQueryKey, user);
    },
  });
}

export function useLogout() {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    // Signed out locally even if the server call failed: the user asked to leave. Plain /login, no
    // `next`: whoever signs in next may not be allowed on this page.
    onSettled: () => {
      navigate('/login', { replace: true });
      endSession();
    },
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<void>('/auth/password', body),
    // The server replaced the session (and its CSRF token): load /auth/me again.
    onSuccess: () => client.invalidateQueries({ queryKey: meQueryKey }),
  });
}

/** Wire the API client's "session ended" signal to the auth state once. */
export function useSessionEndedRedirect(): void {
  useEffect(() => {
    onSessionEnded(endSession);
    return () => onSessionEnded(null);
  }, []);
}

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

export function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const t = useT();
  return (
    <Result
      status="warning"
      title={t('error.loadFailed')}
      subTitle={t('error.network')}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}

