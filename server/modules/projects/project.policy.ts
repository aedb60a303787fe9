import { eq, sql } from 'drizzle-orm';
import { departmentReach, holdsPermission, isOrgMember, reachesRegion } from '../../platform/access/policy.js';
import { isParticipant } from '../../platform/cases/case-access.js';
import { participationsOf } from '../../platform/cases/participants.js';
import { loadVisibleCase } from '../../platform/cases/engine.js';
import type { CaseRow } from '../../platform/cases/define.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import { serviceProjects } from './projects.tables.js';
import { isDisclosed } from './disclosure/disclosure.js';

export type ProjectRow = typeof serviceProjects.$inferSelect;

export interface ProjectAccess {
  c: CaseRow;
  p: ProjectRow;
  /** A member of the organization delivering the project. */
  provider: boolean;
  /** The office: may supervise, pay and evaluate. */
  office: boolean;
  /** A third-party supervisor the office assigned to this project: may record visits and review rectifications. */
  supervisor: boolean;
}


/**
 * Loads a project the caller may see (the same rule as its case: office and auditors, the buying
 * department, and once awarded the provider's members), or 404. With a transaction, the case row is
 * locked for share so a record and a state change never interleave.
 */
export async function projectFor(db: DbOrTx, ctx: RequestContext, projectId: string, tx?: Tx): Promise<ProjectAccess> {
  const q = tx ?? db;
  const { c } = await loadVisibleCase(q as Tx, ctx.actor, projectId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', { entity: 'project' }, undefined, err.extra);
    throw err;
  });
  if (c.caseType !== 'serviceProject') throw new AppError('not_found', { entity: 'project' });
  const [fresh] = tx ? await rows<{ state: string; version: number }>(tx, sql`select state, version from cases where id = ${projectId} for share`) : [];
  const [p] = await q.select().from(serviceProjects).where(eq(serviceProjects.caseId, projectId));
  const office = reachesRegion(ctx.actor, 'project.manage', c.regionPath);
  // Only someone holding the permission but not the office's reach can be an assigned supervisor.
  const supervisor = !office && holdsPermission(ctx.actor, 'project.supervise') && isParticipant(ctx.actor, await participationsOf(q, projectId, ctx.actor!.userId));
  return {
    c: fresh ? { ...c, state: fresh.state, version: fresh.version } : c,
    p,
    provider: isOrgMember(ctx.actor, c.orgId),
    office,
    supervisor,
  };
}

/**
 * For the parts of a project that are each caller's own (an organization's bids, one's objections): a project
 * the caller may see, or one the city has disclosed (from the plan on, where calls and notices are public).
 * Anything else — another department's draft — answers 404, as a missing project does.
 */
export async function requireProjectInSight(db: DbOrTx, ctx: RequestContext, projectId: string): Promise<void> {
  if (await isDisclosed(db, projectId)) return;
  await projectFor(db, ctx, projectId);
}

/** The office, or a supervisor assigned to the project: those who supervise it. */
export function mayProjectSupervise(a: Pick<ProjectAccess, 'office' | 'supervisor'>): boolean {
  return a.office || a.supervisor;
}

/** Staff of the project (office, auditors, the buying department) — they read everything about it. */
export function isProjectStaff(ctx: RequestContext, p: ProjectRow): boolean {
  const reach = departmentReach(ctx.actor, 'project.read');
  return reach.all || reach.departmentIds.includes(p.departmentId);
}

export function requireState(c: CaseRow, states: string[], reason: string, reasonEn: string): void {
  if (!states.includes(c.state)) throw new AppError('invalid_state', { reason, reasonEn }, undefined, { currentState: c.state });
}
