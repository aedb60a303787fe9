import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZCase } from '../../../contracts/cases';
import type { Department } from '../../../contracts/departments';
import type {
  ConcernState,
  ZConcernCategoryInput,
  ZConcernCategoryPatch,
  ZConcernCategorySetting,
  ZConcernDetail,
  ZConcernListItem,
  ZConcernStats,
  ZOpen311ApiKey,
  ZOpen311IssuedKey,
  ZRoutingRuleInput,
  ZRoutingRulePatch,
  ZRoutingRuleSetting,
} from '../../../contracts/concerns';
import { api, type Query } from '../../app/api';
import { usePagedList } from '../../app/query';

export type ConcernListItem = z.infer<typeof ZConcernListItem>;
export type Concern = z.infer<typeof ZConcernDetail>;
export type ConcernStats = z.infer<typeof ZConcernStats>;
export type CategorySetting = z.infer<typeof ZConcernCategorySetting>;
export type RoutingRule = z.infer<typeof ZRoutingRuleSetting>;
export type Open311Key = z.infer<typeof ZOpen311ApiKey>;
export type Open311IssuedKey = z.infer<typeof ZOpen311IssuedKey>;
export type CaseFile = z.infer<typeof ZCase>;

/** The list's filters as the address keeps them (GET /api/v1/concerns takes each as it is). */
export interface ConcernFilter {
  state?: ConcernState;
  categoryCode?: string;
  townId?: string;
  regionId?: string;
  overdue?: 'true';
  q?: string;
  from?: string;
  to?: string;
}

export const concernKeys = {
  all: ['concerns'] as const,
  list: ['concerns', 'list'] as const,
  detail: (id: string) => ['concerns', 'detail', id] as const,
  caseFile: (id: string) => ['concerns', 'case', id] as const,
  stats: (q: Query) => ['concerns', 'stats', q] as const,
  categories: ['concerns', 'categories'] as const,
  rules: ['concerns', 'rules'] as const,
  keys: ['concerns', 'open311-keys'] as const,
};

export const useConcerns = (filter: ConcernFilter) => usePagedList<ConcernListItem>(concernKeys.list, '/concerns', { ...filter });
export const useConcern = (id: string) => useQuery({ queryKey: concernKeys.detail(id), queryFn: () => api.get<Concern>(`/concerns/${id}`), retry: false });
/** The case engine's file of the concern: its steps (the timeline) and the events with their names (the actions). */
export const useConcernCase = (id: string) => useQuery({ queryKey: concernKeys.caseFile(id), queryFn: () => api.get<CaseFile>(`/cases/${id}`), retry: false });
export const useConcernStats = (query: Query) => useQuery({ queryKey: concernKeys.stats(query), queryFn: () => api.get<ConcernStats>('/concerns/stats', query), staleTime: 60_000 });
export const useConcernCategories = () => useQuery({ queryKey: concernKeys.categories, queryFn: () => api.get<{ items: CategorySetting[] }>('/concern-categories').then((r) => r.items), staleTime: 5 * 60_000 });
export const useRoutingRules = () => useQuery({ queryKey: concernKeys.rules, queryFn: () => api.get<{ items: RoutingRule[] }>('/concern-routing-rules').then((r) => r.items) });
export const useOpen311Keys = (enabled: boolean) => useQuery({ queryKey: concernKeys.keys, queryFn: () => api.get<{ items: Open311Key[] }>('/open311-keys').then((r) => r.items), enabled });

/** The departments a concern may be sent to (GET /departments, the same cache as the other pages'). */
export const useDepartments = (enabled = true) =>
  useQuery({ queryKey: ['departments'], queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items), staleTime: 10 * 60_000, enabled });

/** A concern's page reloads both halves after any act (a refused one too: a 409 shows what the other person did). */
export function useRefreshConcern(id: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: concernKeys.detail(id) }),
      client.invalidateQueries({ queryKey: concernKeys.caseFile(id) }),
      client.invalidateQueries({ queryKey: concernKeys.list }),
      client.invalidateQueries({ queryKey: ['concerns', 'stats'] }),
    ]);
}

/** The office's settings: categories, routing rules and Open311 keys; each write reloads what it changes. */
export function useConcernSettingsMutations() {
  const client = useQueryClient();
  const reload = (key: readonly unknown[]) => () => void client.invalidateQueries({ queryKey: key });
  return {
    addCategory: useMutation({ mutationFn: (body: z.input<typeof ZConcernCategoryInput>) => api.post<CategorySetting>('/concern-categories', body), onSuccess: reload(concernKeys.categories) }),
    changeCategory: useMutation({
      mutationFn: ({ id, ...body }: z.input<typeof ZConcernCategoryPatch> & { id: string }) => api.patch<CategorySetting>(`/concern-categories/${id}`, body),
      onSettled: reload(concernKeys.categories),
    }),
    addRule: useMutation({ mutationFn: (body: z.input<typeof ZRoutingRuleInput>) => api.post<RoutingRule>('/concern-routing-rules', body), onSuccess: reload(concernKeys.rules) }),
    changeRule: useMutation({ mutationFn: ({ id, ...body }: z.input<typeof ZRoutingRulePatch> & { id: string }) => api.patch<RoutingRule>(`/concern-routing-rules/${id}`, body), onSettled: reload(concernKeys.rules) }),
    deleteRule: useMutation({ mutationFn: ({ id, version }: { id: string; version: number }) => api.delete<{ items: RoutingRule[] }>(`/concern-routing-rules/${id}?version=${version}`), onSettled: reload(concernKeys.rules) }),
    issueKey: useMutation({ mutationFn: (body: { name: string }) => api.post<Open311IssuedKey>('/open311-keys', body), onSuccess: reload(concernKeys.keys) }),
    revokeKey: useMutation({ mutationFn: (id: string) => api.post<Open311Key>(`/open311-keys/${id}/revoke`, {}), onSuccess: reload(concernKeys.keys) }),
  };
}
