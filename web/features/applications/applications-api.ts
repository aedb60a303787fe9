import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { z } from 'zod';
import type { ZApplication, ZApplicationGuide, ZApplicationSummary, ZApplicationTypeSetting } from '../../../contracts/applications';
import type { ZCase, ZInboxItem, ZNotification } from '../../../contracts/cases';
import type { ZCertificateSummary } from '../../../contracts/certificates';
import type { ApplicationKind } from '../../../contracts/application-kinds';
import { api, type Page } from '../../app/api';
import { usePagedList } from '../../app/query';
import { useTransition } from '../cases/cases-api';

export type Application = z.infer<typeof ZApplication>;
export type ApplicationSummary = z.infer<typeof ZApplicationSummary>;
export type CaseView = z.infer<typeof ZCase>;
export type InboxItem = z.infer<typeof ZInboxItem>;
export type Notification = z.infer<typeof ZNotification>;
export type ApplicationSetting = z.infer<typeof ZApplicationTypeSetting>;
export type CertificateSummary = z.infer<typeof ZCertificateSummary>;
export type ApplicationGuide = z.infer<typeof ZApplicationGuide>;

export interface ApplicationFilter {
  kind?: ApplicationKind;
  state?: string;
  overdueOnly?: boolean;
  mine?: boolean;
  q?: string;
  /** One organization's applications (its detail page). */
  orgId?: string;
}

export const applicationKeys = {
  all: ['applications'] as const,
  list: ['applications', 'list'] as const,
  detail: (id: string) => ['applications', 'detail', id] as const,
  inbox: ['inbox'] as const,
  notifications: ['notifications'] as const,
  settings: ['application-settings'] as const,
};

export function useApplications(filter: ApplicationFilter) {
  return usePagedList<ApplicationSummary>(applicationKeys.list, '/applications', { ...filter });
}

export function useApplication(id: string) {
  return useQuery({ queryKey: applicationKeys.detail(id), queryFn: () => api.get<Application>(`/applications/${id}`) });
}

/** The certificate an approved establishment or filing issued; only asked for once the case says so. */
export function useCertificate(id: string, enabled: boolean) {
  return useQuery({ queryKey: [...applicationKeys.detail(id), 'certificate'], queryFn: () => api.get<CertificateSummary>(`/applications/${id}/certificate`), enabled });
}

export function useApplicationSettings() {
  return useQuery({ queryKey: applicationKeys.settings, queryFn: () => api.get<{ items: ApplicationSetting[] }>('/application-settings'), staleTime: 5 * 60_000 });
}

/** After any act on a case, everything that lists it may have changed. */
export function useRefreshCases() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: applicationKeys.all });
    void client.invalidateQueries({ queryKey: applicationKeys.inbox });
    void client.invalidateQueries({ queryKey: applicationKeys.notifications });
  };
}

/** Fires an event on the case (the case kit's transition: return=minimal, then everything that lists it reloads). */
export function useFire(caseId: string) {
  return useTransition(caseId, useRefreshCases());
}

export function useCreateApplication() {
  const refresh = useRefreshCases();
  return useMutation({ mutationFn: (body: { kind: ApplicationKind; form: Record<string, unknown>; applicantName?: string }) => api.post<Application>('/applications', body), onSuccess: refresh });
}

/** Saves the form (every field checked by the server, each refusal naming its field) and, under a notice, the explanations. */
export function useUpdateForm(id: string) {
  const refresh = useRefreshCases();
  return useMutation({
    mutationFn: (body: { version: number; form: Record<string, unknown>; explanations?: { no: number; explanation: string | null }[] }) => api.put<Application>(`/applications/${id}/form`, body),
    onSuccess: refresh,
  });
}

/** 办事指南 of a kind: conditions, materials with their templates, time limits, fees, legal basis (public). */
export function useApplicationGuide(kind: ApplicationKind) {
  return useQuery({ queryKey: ['application-guides', kind], queryFn: () => api.get<ApplicationGuide>(`/application-guides/${kind}`), staleTime: 5 * 60_000 });
}

/** The latest messages, older ones a page at a time; `unread` is the whole count (the badge). */
export function useNotifications() {
  const result = useInfiniteQuery({
    queryKey: applicationKeys.notifications,
    queryFn: ({ pageParam, signal }) => api.get<Page<Notification> & { unread: number }>('/notifications', { limit: 20, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 60_000,
  });
  const items = useMemo(() => result.data?.pages.flatMap((p) => p.items) ?? [], [result.data]);
  return { ...result, items, unread: result.data?.pages[0]?.unread ?? 0 };
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids?: string[]; all?: boolean }) => api.post<{ updated: number }>('/notifications/read', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: applicationKeys.notifications }),
  });
}
