import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZProjectDashboard } from '../../../contracts/projects';
import { ROLE_DEFINITIONS } from '../../../contracts/roles';
import { api } from '../../app/api';
import type { Grant } from '../../app/auth';

export type ProjectDashboard = z.infer<typeof ZProjectDashboard>;

export function useProjectDashboard(year: number) {
  return useQuery({
    queryKey: ['project-dashboard', year],
    queryFn: ({ signal }) => api.get<ProjectDashboard>('/project-dashboard', { year }, signal),
    placeholderData: (previous) => previous,
  });
}

/**
 * Whether the caller sees every department's projects (the office, auditors) or only their own
 * departments' (department staff). The same rule as the server's `departmentReach`; the server answers
 * with the right figures either way, this only picks the words.
 */
export function seesAllProjects(grants: Grant[]): boolean {
  return grants.some((g) => {
    const definition = ROLE_DEFINITIONS[g.role];
    return (definition.globalPermissions ?? []).includes('project.read') || (definition.permissions.includes('project.read') && g.scopeType !== 'department');
  });
}
