import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZProjectSupervisor, ZSupervisionAssignment, ZSupervisorCandidate } from '../../../contracts/projects/supervisors';
import { api } from '../../app/api';
import { usePagedList } from '../../app/query';

export type ProjectSupervisor = z.infer<typeof ZProjectSupervisor>;
export type SupervisionAssignment = z.infer<typeof ZSupervisionAssignment>;
export type SupervisorCandidate = z.infer<typeof ZSupervisorCandidate>;

export const supervisionKeys = {
  mine: ['supervision', 'mine'] as const,
  candidates: ['supervision', 'candidates'] as const,
  ofProject: (projectId: string) => ['projects', 'detail', projectId, 'supervisors'] as const,
};

/** A third-party supervisor's worklist: what waits on them first. */
export function useMySupervisions() {
  return usePagedList<SupervisionAssignment>(supervisionKeys.mine, '/supervision/mine', {});
}

export function useProjectSupervisors(projectId: string) {
  return useQuery({ queryKey: supervisionKeys.ofProject(projectId), queryFn: ({ signal }) => api.get<{ items: ProjectSupervisor[] }>(`/projects/${projectId}/supervisors`, undefined, signal).then((r) => r.items) });
}

/** The office's pool of third-party supervisors (only the office may read it). */
export function useSupervisorCandidates(enabled: boolean) {
  return useQuery({ queryKey: supervisionKeys.candidates, queryFn: ({ signal }) => api.get<{ items: SupervisorCandidate[] }>('/supervisors', undefined, signal).then((r) => r.items), enabled, staleTime: 60_000 });
}

export function useSupervisorMutations(projectId: string) {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: supervisionKeys.ofProject(projectId) });
  return {
    assign: useMutation({ mutationFn: (userIds: string[]) => api.post<{ items: ProjectSupervisor[] }>(`/projects/${projectId}/supervisors`, { userIds }), onSettled: refresh }),
    remove: useMutation({ mutationFn: (userId: string) => api.delete<{ items: ProjectSupervisor[] }>(`/projects/${projectId}/supervisors/${userId}`), onSettled: refresh }),
  };
}
