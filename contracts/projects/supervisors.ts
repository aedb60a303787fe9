import { z } from 'zod';
import { ZId } from '../common.js';

/** Third-party supervisors named on projects by the office, and what a supervisor sees of their work. */

export const ZAssignSupervisorsInput = z.strictObject({
  userIds: z.array(ZId).min(1, { error: '请至少选择一名督导人员' }).max(20, { error: '一次最多指派 20 名督导人员' }),
});

export const ZProjectSupervisor = z.object({ userId: ZId, name: z.string(), addedAt: z.string(), addedByName: z.string() });

export const ZSupervisorCandidate = z.object({ id: ZId, name: z.string() });

export const ZSupervisorParams = z.strictObject({ id: ZId, userId: ZId });

/** One project on a supervisor's worklist. */
export const ZSupervisionAssignment = z.object({
  projectId: ZId,
  number: z.string(),
  title: z.string(),
  state: z.string(),
  stateName: z.string(),
  departmentName: z.string(),
  providerName: z.string().nullable(),
  assignedAt: z.string(),
  visits: z.number().int(),
  lastVisitOn: z.string().nullable(),
  /** Items the provider has yet to fix (open), of which past their deadline (overdue). */
  openRectifications: z.number().int(),
  overdueRectifications: z.number().int(),
  /** Items the provider answered, waiting for the supervisor's review. */
  awaitingReview: z.number().int(),
});
