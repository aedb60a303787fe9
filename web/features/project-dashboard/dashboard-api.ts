import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZProjectDashboard } from '../../../contracts/projects';
import { api } from '../../app/api';

export type ProjectDashboard = z.infer<typeof ZProjectDashboard>;

export function useProjectDashboard(year: number) {
  return useQuery({
    queryKey: ['project-dashboard', year],
    queryFn: ({ signal }) => api.get<ProjectDashboard>('/project-dashboard', { year }, signal),
    placeholderData: (previous) => previous,
  });
}

