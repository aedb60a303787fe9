import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZInboxItem } from '../../../contracts/cases';
import type { ZBid, ZBidInput, ZCall, ZEligibilityResult } from '../../../contracts/projects';
import { api } from '../../app/api';
import { fetchAllPages } from '../../app/query';
import type { Grant } from '../../app/auth';

export type Call = z.infer<typeof ZCall>;
export type Eligibility = z.infer<typeof ZEligibilityResult>;
export type Bid = z.infer<typeof ZBid>;
export type BidInput = z.infer<typeof ZBidInput>;
export type InboxItem = z.infer<typeof ZInboxItem>;

export const callKeys = {
  all: ['calls'] as const,
  list: ['calls', 'list'] as const,
  eligibility: (projectId: string, orgId: string) => ['calls', 'eligibility', projectId, orgId] as const,
  bids: (projectId: string) => ['calls', 'bids', projectId] as const,
  delivering: ['calls', 'delivering'] as const,
};

/** The organizations the user may bid for: their org-member grants (an organization's id is the grant's scope). */
export function ownOrgIds(grants: Grant[]): string[] {
  return ownOrgs(grants).map((o) => o.id);
}

/** The same, with each organization's name (the grant's scope name). */
export function ownOrgs(grants: Grant[]): { id: string; name: string | null }[] {
  const seen = new Map<string, string | null>();
  for (const g of grants) if (g.role === 'orgMember' && g.scopeId && !seen.has(g.scopeId)) seen.set(g.scopeId, g.scopeName);
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** Calls open today (through their deadline day), soonest deadline first. */
export function useCalls() {
  // The page matches every open call against the organization's own bids, so it reads them all.
  return useQuery({ queryKey: callKeys.list, queryFn: ({ signal }) => fetchAllPages<Call>('/calls', {}, signal) });
}

/** Each rule checked for the organization against this project's budget: passed, or failed with the reason. */
export function useEligibility(projectId: string, orgId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: callKeys.eligibility(projectId, orgId ?? ''),
    queryFn: ({ signal }) => api.get<Eligibility>(`/projects/${projectId}/eligibility`, { orgId }, signal),
    enabled: enabled && !!orgId,
    staleTime: 60_000,
  });
}

/** The user's own bids in these projects (an organization sees only its own), one request per open call. */
export function useOwnBids(projectIds: string[], enabled = true) {
  return useQueries({
    queries: projectIds.map((id) => ({
      queryKey: callKeys.bids(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<{ items: Bid[]; sealedCount: number }>(`/projects/${id}/bids`, undefined, signal).then((r) => r.items),
      enabled,
    })),
  });
}

/** Projects the organization is delivering now (they wait on it in the inbox). */
export function useDelivering(enabled: boolean) {
  return useQuery({
    queryKey: callKeys.delivering,
    queryFn: ({ signal }) => fetchAllPages<InboxItem>('/inbox', { caseType: 'serviceProject' }, signal),
    enabled,
  });
}

export function useBidMutations() {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: callKeys.all });
    void client.invalidateQueries({ queryKey: ['projects'] });
  };
  return {
    submit: useMutation({ mutationFn: ({ projectId, ...body }: BidInput & { projectId: string }) => api.post<Bid>(`/projects/${projectId}/bids`, body), onSuccess: refresh }),
    revise: useMutation({
      mutationFn: ({ bidId, ...body }: Omit<BidInput, 'orgId'> & { bidId: string; version: number }) => api.patch<Bid>(`/bids/${bidId}`, body),
      onSettled: refresh,
    }),
    withdraw: useMutation({ mutationFn: ({ bidId, version }: { bidId: string; version: number }) => api.post<Bid>(`/bids/${bidId}/withdraw`, { version }), onSettled: refresh }),
  };
}
