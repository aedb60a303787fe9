import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZProjectDashboard } from '../../../contracts/projects';
import { api } from '../../app/api';

export type ProjectDashboard = z.infer<typeof ZProjectDashboard>;

/** One year's figures: of one city when `cityId` names it (for those who reach several), else of every city the caller reaches. */
export function useProjectDashboard(year: number, cityId?: string) {
  return useQuery({
    queryKey: ['project-dashboard', year, cityId ?? null],
    queryFn: ({ signal }) => api.get<ProjectDashboard>('/project-dashboard', { year, cityId }, signal),
    placeholderData: (previous) => previous,
  });
}

