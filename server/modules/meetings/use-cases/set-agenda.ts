import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { selectServiceProjectIds } from '../meetings.queries.js';
import { projectMeetingProjects } from '../meetings.tables.js';

/** Replaces a meeting's agenda with these projects (checked by checkProjects). */
export async function setAgenda(tx: DbOrTx, meetingId: string, projectIds: readonly string[]): Promise<void> {
  await tx.delete(projectMeetingProjects).where(eq(projectMeetingProjects.meetingId, meetingId));
  const distinct = [...new Set(projectIds)];
  if (distinct.length) await tx.insert(projectMeetingProjects).values(distinct.map((projectId) => ({ meetingId, projectId })));
}

/** Every id on an agenda names a purchased service project. */
export async function checkProjects(tx: DbOrTx, ids: string[]) {
  const found = await selectServiceProjectIds(tx, ids);
  if (found.length !== new Set(ids).size) throw new AppError('validation', {}, [{ path: 'projectIds', message: '所选项目不存在', messageEn: 'Unknown project' }]);
}
