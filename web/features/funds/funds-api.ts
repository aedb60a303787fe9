import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { FundLinePurpose, FundMovementKind, ZFund, ZFundFlows, ZFundMovement, ZFundSummary } from '../../../contracts/funds';
import { api } from '../../app/api';
import { fetchAllPages, usePagedList } from '../../app/query';

export type Fund = z.infer<typeof ZFund>;
export type FundSummary = z.infer<typeof ZFundSummary>;
export type FundLine = Fund['lines'][number];
export type FundAllocation = FundLine['allocations'][number];
export type FundMovement = z.infer<typeof ZFundMovement>;
export type FundFlows = z.infer<typeof ZFundFlows>;

export interface Department {
  id: string;
  /** The city whose department it is. */
  cityId: string;
  name: string;
  shortName: string;
  kind: 'party' | 'government' | 'massOrg' | 'other';
  isMemberUnit: boolean;
  isServiceDepartment: boolean;
}

export interface LedgerFilter {
  lineId?: string;
  departmentId?: string;
  kind?: FundMovementKind;
}

export interface FundInput {
  year: number;
  name: string;
  totalFen: number;
  lines: { code: string; name: string; purpose: FundLinePurpose; budgetFen: number }[];
}

export const fundKeys = {
  all: ['funds'] as const,
  list: ['funds', 'list'] as const,
  detail: (id: string) => ['funds', 'detail', id] as const,
  ledger: (id: string) => ['funds', 'ledger', id] as const,
  flows: (id: string) => ['funds', 'flows', id] as const,
};

/** Every fund the caller may see (all years, every page): the year selector is built from it. */
export function useFunds() {
  return useQuery({ queryKey: fundKeys.list, queryFn: ({ signal }) => fetchAllPages<FundSummary>('/funds', {}, signal) });
}

export function useFund(id: string | undefined) {
  return useQuery({ queryKey: fundKeys.detail(id ?? ''), queryFn: () => api.get<Fund>(`/funds/${id}`), enabled: Boolean(id) });
}

export function useLedger(fundId: string | undefined, filter: LedgerFilter) {
  return usePagedList<FundMovement>(fundKeys.ledger(fundId ?? ''), `/funds/${fundId}/ledger`, { ...filter }, { enabled: Boolean(fundId) });
}

export function useFlows(fundId: string | undefined) {
  return useQuery({ queryKey: fundKeys.flows(fundId ?? ''), queryFn: () => api.get<FundFlows>(`/funds/${fundId}/flows`), enabled: Boolean(fundId) });
}

/** Member units and service departments (the allocation dialog's choices). Same cache as the other pages. */
export function useDepartments(enabled = true) {
  return useQuery({ queryKey: ['departments'], queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items), staleTime: 10 * 60_000, enabled });
}

/** A change to any line or allocation moves figures everywhere: the list, the fund, its ledger and its flows. */
function useRefreshFunds() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: fundKeys.all });
}

export function useFundMutations() {
  const refresh = useRefreshFunds();
  return {
    createFund: useMutation({ mutationFn: (body: FundInput) => api.post<Fund>('/funds', body), onSuccess: refresh }),
    updateLine: useMutation({
      mutationFn: ({ lineId, ...body }: { lineId: string; version: number; name?: string; budgetFen?: number }) => api.patch<Fund>(`/fund-lines/${lineId}`, body),
      // A refusal (409) may mean the figures moved under us: reload either way.
      onSettled: refresh,
    }),
    setAllocation: useMutation({
      mutationFn: ({ lineId, ...body }: { lineId: string; departmentId: string; budgetFen: number; version?: number; note?: string }) =>
        api.post<{ id: string }>(`/fund-lines/${lineId}/allocations`, body),
      onSettled: refresh,
    }),
  };
}
