import { eq, sql, type SQL } from 'drizzle-orm';
import { departmentReach, holdsPermission, isOrgMember, reachesRegion } from '../../platform/access/policy.js';
import { departmentScopeWhere } from '../../platform/access/scope.js';
import { isParticipant } from '../../platform/cases/case-access.js';
import { participationsOf } from '../../platform/cases/participants.js';
import { loadVisibleCase } from '../../platform/cases/engine.js';
import type { CaseRow } from '../../platform/cases/define.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { serviceProjects } from './projects.tables.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { isDisclosed } from './disclosure/is-disclosed.js';
import type { ProjectAbilities } from '../../../contracts/projects/initiation.js';
import { PROJECT_STATES, type ProjectState } from '../../../contracts/projects/lifecycle.js';
import type { ProjectRow } from './project.queries.js';

/** Who the caller is on one project; every ability below is computed from this and the project's state. */
export interface ProjectRoles {
  /** A member of the organization delivering the project. */
  provider: boolean;
  /** The office: may supervise, pay and evaluate. */
  office: boolean;
  /** A third-party supervisor the office assigned to this project: may record visits and review rectifications. */
  supervisor: boolean;
  /** Staff of the project (office, auditors, the buying department): they read everything about it. */
  staff: boolean;
}

export interface ProjectAccess extends ProjectRoles {
  c: CaseRow;
  p: ProjectRow;
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
  const [fresh] = tx ? await tx.select({ state: cases.state, version: cases.version }).from(cases).where(eq(cases.id, projectId)).for('share') : [];
  const [p] = await q.select().from(serviceProjects).where(eq(serviceProjects.caseId, projectId));
  return { c: fresh ? { ...c, state: fresh.state, version: fresh.version } : c, p, ...(await rolesOn(q, ctx, c, p.departmentId)) };
}

/** The caller's roles on a project whose case they may see. */
export async function rolesOn(q: DbOrTx, ctx: RequestContext, c: Pick<CaseRow, 'id' | 'orgId' | 'regionPath'>, departmentId: string): Promise<ProjectRoles> {
  const office = reachesRegion(ctx.actor, 'project.manage', c.regionPath);
  // Only someone holding the permission but not the office's reach can be an assigned supervisor.
  const supervisor = !office && holdsPermission(ctx.actor, 'project.supervise') && isParticipant(ctx.actor, await participationsOf(q, c.id, ctx.actor!.userId));
  return { provider: isOrgMember(ctx.actor, c.orgId), office, supervisor, staff: isProjectStaff(ctx, { departmentId }) };
}

/**
 * A project case's state as one of the declared states: the engine keeps `cases.state` as text, so a read that
 * selects it checks the value here rather than casting; any other value is a broken invariant.
 */
export function projectStateOf(state: string): ProjectState {
  const found = PROJECT_STATES.find((s) => s === state);
  if (!found) throw new Error(`a project case is in the undeclared state ${state}`);
  return found;
}

/** The office names or removes third-party supervisors from the award until the project is closed. */
export const SUPERVISOR_ASSIGNABLE_STATES: readonly ProjectState[] = ['awarded', 'implementing', 'evaluating', 'closing'];

/** Objections are lodged during the award notice, through its last day. */
export function mayObjectNow(state: string, noticeEndsOn: string | null): boolean {
  return state === 'noticing' && !!noticeEndsOn && todayInChina() <= noticeEndsOn;
}

/** The provider delivers — service records, monthly reports — only while the project is implemented. */
export const DELIVERY_STATES: readonly ProjectState[] = ['implementing'];
/** Supervision visits happen during implementation and the final evaluation. */
export const SUPERVISION_STATES: readonly ProjectState[] = ['implementing', 'evaluating'];
/** The provider may ask for a milestone's payment from implementation until the project is closed. */
export const PAYMENT_REQUEST_STATES: readonly ProjectState[] = ['implementing', 'evaluating', 'closing'];

/**
 * What the caller may do on the project's parts now — the same predicates the use cases enforce (they refuse with
 * the reason; this tells the page which buttons to show, so the web never re-derives a rule).
 */
export function projectAbilities(ctx: RequestContext, roles: ProjectRoles, { state, noticeEndsOn }: { state: string; noticeEndsOn: string | null }): ProjectAbilities {
  const at = (states: readonly string[]) => states.includes(state);
  return {
    seeReview: roles.staff,
    assignExperts: roles.office && state === 'procuring',
    lodgeObjection: holdsPermission(ctx.actor, 'project.object') && mayObjectNow(state, noticeEndsOn),
    answerObjections: roles.office,
    recordService: roles.provider && at(DELIVERY_STATES),
    submitMonthlyReport: roles.provider && at(DELIVERY_STATES),
    assignSupervisors: roles.office && at(SUPERVISOR_ASSIGNABLE_STATES),
    recordVisit: mayProjectSupervise(roles) && at(SUPERVISION_STATES),
    respondRectification: roles.provider,
    reviewRectification: mayProjectSupervise(roles),
    requestPayment: roles.provider && at(PAYMENT_REQUEST_STATES),
    decidePayments: roles.office,
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
export function isProjectStaff(ctx: RequestContext, p: Pick<ProjectRow, 'departmentId'>): boolean {
  const reach = departmentReach(ctx.actor, 'project.read');
  return reach.all || reach.departmentIds.includes(p.departmentId);
}

export function requireState(c: CaseRow, states: readonly string[], reason: string, reasonEn: string): void {
  if (!states.includes(c.state)) throw new AppError('invalid_state', { reason, reasonEn }, undefined, { currentState: c.state });
}

/** Projects the caller may see: a city's office those its city's departments buy, auditors all, a department those it buys. */
export function projectListScope(db: DbOrTx, ctx: RequestContext): Promise<SQL> {
  return departmentScopeWhere(db, ctx.actor, 'project.read', sql`p.department_id`);
}
