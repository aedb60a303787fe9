import { ROLE_DEFINITIONS, type Permission } from '../../../contracts/roles.js';
import { holdsPermission, isOrgMember, isReadOnly, reachesRegion } from '../access/policy.js';
import type { Actor } from '../http/context.js';
import type { CaseRow, CaseTypeDef, Who } from './define.js';

/**
 * Case access, decided here for every case type so modules never re-implement it. A case is visible
 * to its owner (and members of the org it is about), to holders of the type's read permission over
 * its region, to departments it has ever waited on, and to the people named on it as participants.
 */

export interface AssignmentFacts {
  kind: 'owner' | 'permission' | 'department';
  permission: string | null;
  departmentId: string | null;
  closedAt: Date | string | null;
}

export function isOwner(actor: Actor | null, c: Pick<CaseRow, 'ownerUserId' | 'orgId'>): boolean {
  if (!actor) return false;
  if (c.ownerUserId && c.ownerUserId === actor.userId) return true;
  return isOrgMember(actor, c.orgId);
}

/** A named participant of the case (see case_participants): who, and the permission they must still hold. */
export interface ParticipantFacts {
  userId: string;
  permission: string;
}

/** Whether the actor is a participant of the case and still holds the permission that made them one. */
export function isParticipant(actor: Actor | null, participants: readonly ParticipantFacts[]): boolean {
  if (!actor) return false;
  return participants.some((p) => p.userId === actor.userId && holdsPermission(actor, p.permission as Permission));
}

/** Department ids where the actor holds `permission` through a department grant. */
export function departmentsHolding(actor: Actor | null, permission: Permission): string[] {
  if (!actor) return [];
  return actor.grants.filter((g) => g.departmentId && ROLE_DEFINITIONS[g.role].permissions.includes(permission)).map((g) => g.departmentId!);
}

function inDepartmentsOf(actor: Actor | null, departmentIds: (string | null)[]): boolean {
  if (!actor) return false;
  const mine = new Set(actor.grants.filter((g) => g.departmentId).map((g) => g.departmentId));
  return departmentIds.some((d) => d && mine.has(d));
}

export function canViewCase(actor: Actor | null, def: CaseTypeDef, c: CaseRow, assignments: AssignmentFacts[], participants: readonly ParticipantFacts[] = []): boolean {
  if (!actor) return false;
  if (isParticipant(actor, participants)) return true;
  if (isOwner(actor, c)) return true;
  if (reachesRegion(actor, def.readPermission, c.regionPath)) return true;
  // Anyone who may act on the case in some way may also read it.
  if (def.transitions.some((t) => t.by.kind === 'permission' && reachesRegion(actor, t.by.permission, c.regionPath))) return true;
  return inDepartmentsOf(actor, assignments.filter((a) => a.kind === 'department').map((a) => a.departmentId));
}

/** Staff see internal comments; owners who are not also staff on the case do not. */
export function isStaffOnCase(actor: Actor | null, def: CaseTypeDef, c: CaseRow, assignments: AssignmentFacts[]): boolean {
  if (!actor) return false;
  if (reachesRegion(actor, def.readPermission, c.regionPath)) return true;
  if (def.transitions.some((t) => t.by.kind === 'permission' && reachesRegion(actor, t.by.permission, c.regionPath))) return true;
  return inDepartmentsOf(actor, assignments.filter((a) => a.kind === 'department').map((a) => a.departmentId));
}

const isClosed = (def: CaseTypeDef, c: CaseRow) => !!c.closedAt || def.terminal.includes(c.state);

/**
 * Writing on a case: the registry's permission says what a role may do (`case.comment`, …), case access says
 * where. These are asked only of someone who may see the case (the owner, staff on it, a named participant),
 * so seeing it is taking part in it; the auditor sees every case and holds none of these permissions.
 */
export function mayComment(actor: Actor | null, def: CaseTypeDef, c: CaseRow): boolean {
  return !!actor && !isReadOnly(actor) && !isClosed(def, c) && holdsPermission(actor, 'case.comment');
}

/** A staff-only note: staff on the case who hold `case.commentInternal` (never the owner as such, nor a participant). */
export function mayCommentInternal(actor: Actor | null, def: CaseTypeDef, c: CaseRow, assignments: AssignmentFacts[]): boolean {
  return mayComment(actor, def, c) && holdsPermission(actor, 'case.commentInternal') && isStaffOnCase(actor, def, c, assignments);
}

/**
 * Whether the actor may attach a file now, to checklist `item` (or loose, null), and if not, why: `role` (403:
 * no such right on this case — e.g. staff where the type declares none, or anyone on the owner's checklist),
 * `state` (409: not in this state), `closed` (409). See `CaseTypeDef.attach`.
 */
export type AttachVerdict = { ok: true } | { ok: false; why: 'role' | 'state' | 'closed' };
export function attachVerdict(actor: Actor | null, def: CaseTypeDef, c: CaseRow, assignments: AssignmentFacts[], item: string | null): AttachVerdict {
  if (!actor || isReadOnly(actor) || !holdsPermission(actor, 'case.attach')) return { ok: false, why: 'role' };
  if (isClosed(def, c)) return { ok: false, why: 'closed' };
  if (isOwner(actor, c)) return def.attach.owner.includes(c.state) ? { ok: true } : { ok: false, why: 'state' };
  if (item !== null || def.attach.staff.length === 0 || !isStaffOnCase(actor, def, c, assignments)) return { ok: false, why: 'role' };
  return def.attach.staff.includes(c.state) ? { ok: true } : { ok: false, why: 'state' };
}

/**
 * Whether `actor` may fire a transition declared `by` in the case's current state. For a department
 * transition it returns the department the actor answers for (the first open assignment they match).
 */
export function authorityFor(actor: Actor | null, who: Who, c: CaseRow, open: AssignmentFacts[]): { ok: false } | { ok: true; departmentId?: string } {
  if (who.kind === 'public') return actor ? { ok: false } : { ok: true };
  if (!actor) return { ok: false };
  switch (who.kind) {
    case 'owner':
      return isOwner(actor, c) ? { ok: true } : { ok: false };
    case 'permission':
      return reachesRegion(actor, who.permission, c.regionPath) ? { ok: true } : { ok: false };
    case 'department': {
      const mine = new Set(departmentsHolding(actor, who.permission));
      const hit = open.find((a) => a.kind === 'department' && a.permission === who.permission && a.departmentId && !a.closedAt && mine.has(a.departmentId));
      return hit ? { ok: true, departmentId: hit.departmentId! } : { ok: false };
    }
  }
}
