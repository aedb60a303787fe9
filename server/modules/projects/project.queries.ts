import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { serviceProjects } from './projects.tables.js';

export type ProjectRow = typeof serviceProjects.$inferSelect;

/** A project's details inside a transition (its case row is the engine's). */
export async function loadProject(tx: Tx, caseId: string): Promise<ProjectRow> {
  const [p] = await tx.select().from(serviceProjects).where(eq(serviceProjects.caseId, caseId));
  if (!p) throw new Error(`project ${caseId} has a case but no details`);
  return p;
}
