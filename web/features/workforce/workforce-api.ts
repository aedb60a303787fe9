import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditEventDto } from '../../../contracts/audit';
import type { Department } from '../../../contracts/departments';
import type { CertificateLevel, WorkerKind, WorkerStatus, ZRotationProfile, ZRotationProfileBody, ZWorker, ZWorkerImportReport, ZWorkerInput, ZWorkerPatch } from '../../../contracts/workforce';
import { api, formWith, toQueryString, type Page } from '../../app/api';
import { usePagedList } from '../../app/query';

export type Worker = z.infer<typeof ZWorker>;
export type WorkerInput = z.input<typeof ZWorkerInput>;
export type WorkerPatch = z.input<typeof ZWorkerPatch>;
export type RotationProfile = z.infer<typeof ZRotationProfile>;
export type RotationProfileBody = z.input<typeof ZRotationProfileBody>;
export type Revealed = { idNumber?: string | null; phone?: string | null };

export interface WorkerFilter {
  q?: string;
  kind?: WorkerKind;
  cityId?: string;
  townId?: string;
  certificateLevel?: CertificateLevel;
  status?: WorkerStatus;
  domain?: string;
}

export const workerKeys = {
  all: ['workers'] as const,
  list: ['workers', 'list'] as const,
  detail: (id: string) => ['workers', 'detail', id] as const,
  history: (id: string) => ['workers', 'detail', id, 'history'] as const,
  profile: (kind: string, id: string) => ['rotation-profiles', kind, id] as const,
};

/** The export of the list as it is filtered now (the server audits it and masks personal data). */
export function workerExportUrl(filter: WorkerFilter): string {
  return `/api/v1/workers/export.xlsx${toQueryString({ ...filter })}`;
}

/**
 * The import (POST /workers/import): a dry run that reports row by row unless `apply`; with `apply` and rows in error
 * the server refuses the whole file (422) unless `skipInvalid`. The file goes as multipart, field `file`.
 */
export function sendWorkerImport(
  file: File,
  options: { cityId?: string; apply: boolean; skipInvalid: boolean },
  onProgress?: (percent: number) => void,
): Promise<z.infer<typeof ZWorkerImportReport>> {
  return api.upload(`/workers/import${toQueryString({ cityId: options.cityId, apply: options.apply, skipInvalid: options.skipInvalid })}`, formWith(file), { onProgress });
}

export function useWorkers(filter: WorkerFilter) {
  return usePagedList<Worker>(workerKeys.list, '/workers', { ...filter });
}

export function useWorker(id: string) {
  return useQuery({ queryKey: workerKeys.detail(id), queryFn: () => api.get<Worker>(`/workers/${id}`), enabled: Boolean(id) });
}

/** Newest first, a page at a time. */
export function useWorkerHistory(id: string) {
  return usePagedList<AuditEventDto>(workerKeys.history(id), `/workers/${id}/history`, {});
}

/** Create and change: each answers the whole person, who goes into the cache; the list and the history reload. */
export function useWorkerMutations() {
  const client = useQueryClient();
  const settle = (worker: Worker) => {
    client.setQueryData(workerKeys.detail(worker.id), worker);
    void client.invalidateQueries({ queryKey: workerKeys.list });
    void client.invalidateQueries({ queryKey: workerKeys.history(worker.id) });
  };
  return {
    create: useMutation({ mutationFn: (body: WorkerInput) => api.post<Worker>('/workers', body), onSuccess: settle }),
    update: useMutation({ mutationFn: ({ id, ...body }: WorkerPatch & { id: string }) => api.patch<Worker>(`/workers/${id}`, body), onSuccess: settle }),
  };
}

/** Never cached: a clear value lives only in the dialog that asked for it. The reveal is audited, so the history reloads. */
export function useRevealWorker(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { fields: ('idNumber' | 'phone')[]; reason: string }) => api.post<Revealed>(`/workers/${id}/reveal`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: workerKeys.history(id) }),
  });
}

export function useRotationProfile(kind: string, id: string) {
  return useQuery({ queryKey: workerKeys.profile(kind, id), queryFn: () => api.get<RotationProfile>(`/rotation-profiles/${kind}/${id}`), enabled: Boolean(id) });
}

export function usePutRotationProfile(kind: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RotationProfileBody) => api.put<RotationProfile>(`/rotation-profiles/${kind}/${id}`, body),
    onSuccess: (profile) => {
      client.setQueryData(workerKeys.profile(kind, id), profile);
      void client.invalidateQueries({ queryKey: workerKeys.history(id) });
    },
  });
}

/** The departments the caller's cities keep (shares its cache with the people feature's picker). */
export function useCityDepartments(enabled = true) {
  return useQuery({ queryKey: ['departments'], queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items), staleTime: 10 * 60_000, enabled });
}

/** Organizations of the registry whose name contains `q`, for the employer picker. */
export function useOrgSearch(q: string, cityId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['orgs', 'pick', q, cityId ?? ''],
    queryFn: () => api.get<Page<{ id: string; name: string; townName: string; status: string }>>('/orgs', { q: q || undefined, cityId, limit: 20 }).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}
