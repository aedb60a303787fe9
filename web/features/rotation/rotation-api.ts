import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ZCommunityProfile,
  ZCommunityProfileBody,
  ZCoverage,
  ZPairing,
  ZPairingProposeResult,
  ZPlan,
  ZPlanEditBody,
  ZPlanEditResult,
  ZPlanPublishResult,
  ZPlanSummary,
  ZResourceCalendar,
  ZRotationRules,
  ZRotationRulesBody,
} from '../../../contracts/rotation';
import { api } from '../../app/api';

export type Plan = z.infer<typeof ZPlan>;
export type PlanSummary = z.infer<typeof ZPlanSummary>;
export type Pairing = z.infer<typeof ZPairing>;
export type Coverage = z.infer<typeof ZCoverage>;
export type RotationRules = z.infer<typeof ZRotationRules>;
export type CommunityProfile = z.infer<typeof ZCommunityProfile>;
export type PlanEditBody = z.input<typeof ZPlanEditBody>;
export type PlanEditResult = z.infer<typeof ZPlanEditResult>;
export type ResourceCalendar = z.infer<typeof ZResourceCalendar>;

export const rotationKeys = {
  all: ['rotation'] as const,
  plans: (year: number) => ['rotation', 'plans', year] as const,
  plan: (year: number, season: number) => ['rotation', 'plan', year, season] as const,
  pairing: (year: number) => ['rotation', 'pairing', year] as const,
  coverage: (year: number) => ['rotation', 'coverage', year] as const,
  rules: ['rotation', 'rules'] as const,
  profiles: ['rotation', 'profiles'] as const,
  calendar: (kind: string, id: string, year: number) => ['rotation', 'calendar', kind, id, year] as const,
  mine: (year: number) => ['rotation', 'mine', year] as const,
};

export const usePlans = (year: number) => useQuery({ queryKey: rotationKeys.plans(year), queryFn: () => api.get<{ items: PlanSummary[] }>('/rotation/plans', { year }).then((r) => r.items) });
export const usePlan = (year: number, season: number) =>
  useQuery({ queryKey: rotationKeys.plan(year, season), queryFn: () => api.get<Plan>(`/rotation/plans/${year}/${season}`), retry: false });
export const usePairing = (year: number) => useQuery({ queryKey: rotationKeys.pairing(year), queryFn: () => api.get<Pairing>('/rotation/pairings', { year }) });
export const useCoverage = (year: number) => useQuery({ queryKey: rotationKeys.coverage(year), queryFn: () => api.get<Coverage>('/rotation/coverage', { year }) });
export const useRotationRules = () => useQuery({ queryKey: rotationKeys.rules, queryFn: () => api.get<RotationRules>('/rotation/rules') });
export const useCommunityProfiles = () => useQuery({ queryKey: rotationKeys.profiles, queryFn: () => api.get<{ items: CommunityProfile[] }>('/rotation/community-profiles').then((r) => r.items) });
export const useResourceCalendar = (kind: string, id: string, year: number) =>
  useQuery({ queryKey: rotationKeys.calendar(kind, id, year), queryFn: () => api.get<ResourceCalendar>(`/rotation/resources/${kind}/${id}/calendar`, { year }), enabled: Boolean(id) });
export const useMyRotation = (year: number) => useQuery({ queryKey: rotationKeys.mine(year), queryFn: () => api.get<{ items: ResourceCalendar[] }>('/rotation/mine', { year }).then((r) => r.items) });

/** Every write reloads what the rotation shows: plans, coverage and the pairing all follow from one another. */
export function useRotationMutations() {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: rotationKeys.all });
  return {
    compute: useMutation({ mutationFn: (body: { year: number; season?: number; timeLimitSeconds?: number }) => api.post<{ items: PlanSummary[] }>('/rotation/plans/compute', body), onSuccess: refresh }),
    propose: useMutation({ mutationFn: (body: { year: number; replaceOffice?: boolean }) => api.post<z.infer<typeof ZPairingProposeResult>>('/rotation/pairings/propose', body), onSuccess: refresh }),
    changePairing: useMutation({
      mutationFn: (v: { year: number; kind: string; id: string; townId: string; version: number }) => api.put<Pairing>(`/rotation/pairings/${v.year}/${v.kind}/${v.id}`, { townId: v.townId, version: v.version }),
      onSuccess: refresh,
    }),
    edit: useMutation({ mutationFn: ({ id, ...body }: PlanEditBody & { id: string }) => api.post<PlanEditResult>(`/rotation/plans/${id}/edit`, body), onSuccess: (r) => !r.dryRun && refresh() }),
    publish: useMutation({ mutationFn: ({ id, version }: { id: string; version: number }) => api.post<z.infer<typeof ZPlanPublishResult>>(`/rotation/plans/${id}/publish`, { version }), onSuccess: refresh }),
    rules: useMutation({ mutationFn: (body: z.input<typeof ZRotationRulesBody>) => api.put<RotationRules>('/rotation/rules', body), onSuccess: refresh }),
    profile: useMutation({ mutationFn: ({ communityId, ...body }: z.input<typeof ZCommunityProfileBody> & { communityId: string }) => api.put<CommunityProfile>(`/rotation/community-profiles/${communityId}`, body), onSuccess: refresh }),
  };
}
