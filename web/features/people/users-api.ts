import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '../../../contracts/people';
import type { Role } from '../../../contracts/roles';
import { api } from '../../app/api';
import { usePagedList } from '../../app/query';

export type { User } from '../../../contracts/people';
export type { Role } from '../../../contracts/roles';

export interface RoleInfo {
  role: Role;
  name: string;
  scopeType: 'global' | 'region' | 'department' | 'org';
  regionLevels?: ('province' | 'prefecture' | 'city' | 'town' | 'community' | 'grid')[];
}

export interface Department {
  id: string;
  name: string;
  shortName: string;
  kind: 'party' | 'government' | 'massOrg' | 'other';
  isServiceDepartment: boolean;
}

export interface GrantInput {
  role: Role;
  regionId?: string;
  departmentId?: string;
  /** For 社会组织成员: the organization. */
  orgId?: string;
}

export const userKeys = {
  list: ['users', 'list'] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export function useUsers(q: string) {
  return usePagedList<User>(userKeys.list, '/users', { q });
}

export function useUser(id: string | null) {
  return useQuery({ queryKey: userKeys.detail(id ?? ''), queryFn: () => api.get<User>(`/users/${id}`), enabled: Boolean(id) });
}

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: () => api.get<{ items: RoleInfo[] }>('/roles').then((r) => r.items), staleTime: 10 * 60_000 });
}

export function useDepartments(enabled = true) {
  return useQuery({ queryKey: ['departments'], queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items), staleTime: 10 * 60_000, enabled });
}

/** Every write on a user answers with the whole user: put it in the cache and let the list reload. */
export function useUserMutations() {
  const client = useQueryClient();
  const settle = (user: User) => {
    client.setQueryData(userKeys.detail(user.id), user);
    void client.invalidateQueries({ queryKey: userKeys.list });
  };
  return {
    create: useMutation({
      mutationFn: (body: { username: string; displayName: string; password: string; grants: GrantInput[] }) => api.post<User>('/users', body),
      onSuccess: settle,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: { id: string; version: number; displayName: string }) => api.patch<User>(`/users/${id}`, body),
      onSuccess: settle,
    }),
    addGrant: useMutation({
      mutationFn: ({ id, grant }: { id: string; grant: GrantInput }) => api.post<User>(`/users/${id}/grants`, grant),
      onSuccess: settle,
    }),
    removeGrant: useMutation({
      mutationFn: ({ id, grantId }: { id: string; grantId: string }) => api.delete<User>(`/users/${id}/grants/${grantId}`),
      onSuccess: settle,
    }),
    disable: useMutation({
      mutationFn: ({ id, version }: { id: string; version: number }) => api.post<User>(`/users/${id}/disable`, { version }),
      onSuccess: settle,
    }),
    enable: useMutation({
      mutationFn: ({ id, version }: { id: string; version: number }) => api.post<User>(`/users/${id}/enable`, { version }),
      onSuccess: settle,
    }),
    resetPassword: useMutation({
      mutationFn: ({ id, password }: { id: string; password: string }) => api.post<User>(`/users/${id}/reset-password`, { password }),
      onSuccess: settle,
    }),
  };
}
