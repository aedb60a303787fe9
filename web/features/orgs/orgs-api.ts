import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MyOrg, OrgAccounts, ZOrg, ZOrgListItem, ZOrgProjectRecord, ZRevealResult } from '../../../contracts/orgs';
import { api, toQueryString } from '../../app/api';
import { usePagedList } from '../../app/query';

export type Org = z.infer<typeof ZOrg>;
/** A row of the staff directory; the detail (Org) has the rest. */
export type OrgListItem = z.infer<typeof ZOrgListItem>;
export type RevealField = 'legalRepIdNumber' | 'legalRepPhone' | 'contactPhone';
export type Revealed = z.infer<typeof ZRevealResult>;
export type OrgProjectRecord = z.infer<typeof ZOrgProjectRecord>;
export type OrgProject = OrgProjectRecord['items'][number];
export type { MyOrg, OrgAccounts, OrgMember } from '../../../contracts/orgs';

export interface OrgFilter {
  q?: string;
  type?: Org['type'];
  /** One city's, for whoever reaches several (the list and its export take it). */
  cityId?: string;
  townId?: string;
}

/**
 * One entry of an org's record history (GET /orgs/:id/history): who, when, what changed, through which
 * case. The schema is declared beside the route (server/modules/orgs/org-history.routes.ts).
 */
export interface OrgHistoryItem {
  id: string;
  occurredAt: string;
  actorName: string;
  /** establishment, filing, change, deregistration, annualReport, import */
  kind: string;
  kindName: string;
  /** The case that made the change; null for an Excel import. */
  caseId: string | null;
  /** The case number, or the imported file's name. */
  caseNumber: string | null;
  /** Field → before/after; personal data masked. */
  changes: Record<string, { before: unknown; after: unknown }> | null;
}

export const orgKeys = {
  list: ['orgs', 'list'] as const,
  detail: (id: string) => ['orgs', 'detail', id] as const,
  history: (id: string) => ['orgs', 'detail', id, 'history'] as const,
  projects: (id: string) => ['orgs', 'detail', id, 'projects'] as const,
  accounts: (id: string) => ['orgs', 'detail', id, 'accounts'] as const,
  mine: ['orgs', 'mine'] as const,
};

/**
 * The Excel export of the directory with these filters. A plain GET link: the browser sends the session
 * cookie, a GET needs no CSRF token, and the file streams straight to disk.
 */
export function orgExportUrl(filter: OrgFilter): string {
  return `/api/v1/orgs/export.xlsx${toQueryString({ ...filter })}`;
}

export function useOrgs(filter: OrgFilter) {
  return usePagedList<OrgListItem>(orgKeys.list, '/orgs', { ...filter });
}

export function useOrg(id: string | null) {
  return useQuery({ queryKey: orgKeys.detail(id ?? ''), queryFn: () => api.get<Org>(`/orgs/${id}`), enabled: Boolean(id) });
}

/** Newest first, in pages. */
export function useOrgHistory(id: string, enabled = true) {
  return usePagedList<OrgHistoryItem>(orgKeys.history(id), `/orgs/${id}/history`, {}, { enabled });
}

/**
 * The projects the organization delivered as provider, with their final evaluation grades (GET /orgs/:id/projects),
 * newest year first, in pages; `summary` (counts, grades, money, the latest evaluation) covers every project.
 */
export function useOrgProjects(id: string, enabled = true) {
  const list = usePagedList<OrgProject, OrgProjectRecord>(orgKeys.projects(id), `/orgs/${id}/projects`, {}, { enabled });
  return { ...list, summary: list.data?.pages[0]?.summary };
}

/** Never cached: a clear value lives only in the dialog that asked for it. */
export function useReveal(id: string) {
  return useMutation({ mutationFn: (body: { fields: RevealField[]; reason: string }) => api.post<Revealed>(`/orgs/${id}/reveal`, body) });
}

/** The organizations the signed-in user acts for (本组织), with whether they are its contact person. */
export function useMyOrgs(enabled = true) {
  return useQuery({ queryKey: orgKeys.mine, queryFn: () => api.get<{ items: MyOrg[] }>('/orgs/mine'), enabled, staleTime: 60_000 });
}

/** The org's accounts: members, contact person, version and what the caller may do. */
export function useOrgAccounts(id: string, enabled = true) {
  return useQuery({ queryKey: orgKeys.accounts(id), queryFn: () => api.get<OrgAccounts>(`/orgs/${id}/members`), enabled: enabled && Boolean(id) });
}

/**
 * The changes of an org's accounts. Each answers the accounts as they now are, which replace the cached ones; the
 * caller's own orgs are read again, since the change may have been to their own membership or contact role.
 */
export function useOrgAccountChanges(id: string) {
  const client = useQueryClient();
  const onSuccess = (accounts: OrgAccounts) => {
    client.setQueryData(orgKeys.accounts(id), accounts);
    void client.invalidateQueries({ queryKey: orgKeys.mine });
  };
  // Someone else changed the list meanwhile (409) or a member left: show the list as it now is.
  const onError = () => void client.invalidateQueries({ queryKey: orgKeys.accounts(id) });
  return {
    add: useMutation({ mutationFn: (body: { phone: string; version: number }) => api.post<OrgAccounts>(`/orgs/${id}/members`, body), onSuccess, onError }),
    remove: useMutation({ mutationFn: (v: { userId: string; version: number }) => api.delete<OrgAccounts>(`/orgs/${id}/members/${v.userId}?version=${v.version}`), onSuccess, onError }),
    transfer: useMutation({ mutationFn: (body: { userId: string; version: number }) => api.post<OrgAccounts>(`/orgs/${id}/contact`, body), onSuccess, onError }),
  };
}
