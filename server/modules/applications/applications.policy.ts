import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Permission } from '../../../contracts/roles.js';
import { cityListWhere } from '../../platform/access/cities.js';
import { holdsPermission, memberOrgIds, reachesCity, reachesRegion, requirePermission } from '../../platform/access/policy.js';
import { regionScopeWhere } from '../../platform/access/scope.js';
import { departmentsHolding, isOwner } from '../../platform/cases/case-access.js';
import { loadVisibleCase } from '../../platform/cases/engine.js';
import { cases } from '../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Actor } from '../../platform/http/context.js';
import { applicationReviewDepartments, applications } from './applications.tables.js';

/*
 * Who may do what with applications. An applicant files and edits their own (or their organization's); the
 * registration authority handles those in its region (application.handle, also entering counter applications for
 * people who came in person); supervisors read their region's (application.read); a department reviews those in its
 * joint review (application.review); the administrator sets the rules per kind (application.manage). The case's own
 * moves (submit, accept, give an opinion, decide) are declared with their permissions in application.case.ts and
 * checked by the case engine. Missing and out of reach look the same: 404.
 */

/** Filing an application or editing one's draft. */
export function requireApplying(actor: Actor | null): Actor {
  return requirePermission(actor, 'application.apply');
}

/** Changing a kind's promise, joint-review departments and step limits. */
export function requireSettingsManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'application.manage');
}

/**
 * Whoever takes part in applications reads the settings of the cities they work in: the office, town staff and
 * reviewing departments. Applicants may file in any city, so they read every city's (public anyway, in its 办事指南).
 */
const SETTINGS_READERS = ['application.read', 'application.handle', 'application.review', 'application.manage', 'application.apply'] as const satisfies readonly Permission[];

/**
 * The cities whose settings a list shows, over a city id column: the one asked for (404 outside the caller's
 * cities, as any out-of-scope record), else every city the caller reaches with one of the permissions above.
 */
export function settingsCityWhere(actor: Actor | null, cityColumn: AnyColumn, requested: string | undefined): SQL {
  if (requested) {
    if (!SETTINGS_READERS.some((p) => reachesCity(actor, p, requested))) throw new AppError('not_found', { entity: 'city' }, undefined, { denied: true });
    return sql`${cityColumn} = ${requested}::uuid`;
  }
  return sql`(${sql.join(SETTINGS_READERS.map((p) => cityListWhere(actor, p, cityColumn, undefined)), sql` or `)})`;
}

/**
 * Staff of the registration authority may enter an application at the counter for someone who came in person;
 * they then act for the applicant, and the case says so.
 */
export function isCounterStaff(actor: Actor): boolean {
  return holdsPermission(actor, 'application.handle');
}

/** Only an organization's own members may file about it (counter staff too, within their region); anyone else is told it does not exist. */
export function mayFileFor(actor: Actor, org: { id: string }, counter: boolean): boolean {
  return counter || isOwner(actor, { ownerUserId: null, orgId: org.id });
}

/** Counter staff file only where they handle applications; elsewhere the place does not exist for them. */
export function requireCounterReach(actor: Actor, regionPath: string, entity: 'org' | 'region'): void {
  if (!reachesRegion(actor, 'application.handle', regionPath)) throw new AppError('not_found', { entity }, undefined, { denied: true });
}

/** The form is edited by its owner (the applicant or the organization's members). */
export function mayEditForm(actor: Actor, c: { ownerUserId: string | null; orgId: string | null }): boolean {
  return isOwner(actor, c);
}

/** The form is editable while the caller holds the pen: a draft, or answering a one-time notice, with submit or resubmit theirs to fire. */
export function canEditForm(state: string, events: readonly { event: string }[]): boolean {
  return (state === 'draft' || state === 'supplementRequested') && events.some((e) => e.event === 'submit' || e.event === 'resubmit');
}

/**
 * Applications the actor may see in a list: their own (drafts included), and — once submitted — their region's and
 * those their department reviews. A citizen's unsubmitted draft is theirs alone: staff lists never show it.
 */
export function visibleApplicationsWhere(actor: Actor, mineOnly: boolean): SQL {
  const orgIds = memberOrgIds(actor);
  const own = sql`(${cases.ownerUserId} = ${actor.userId}${orgIds.length ? sql` or ${cases.orgId} in (${sql.join(orgIds.map((o) => sql`${o}::uuid`), sql`, `)})` : sql``})`;
  if (mineOnly) return own;
  const reach = [regionScopeWhere(actor, 'application.read', cases.regionPath), regionScopeWhere(actor, 'application.handle', cases.regionPath)];
  const departments = departmentsHolding(actor, 'application.review');
  if (departments.length) {
    reach.push(
      sql`exists (select 1 from ${applicationReviewDepartments} r where r.application_id = ${applications.caseId} and r.department_id in (${sql.join(
        departments.map((d) => sql`${d}::uuid`),
        sql`, `,
      )}))`,
    );
  }
  return sql`(${own} or (${cases.state} <> 'draft' and (${sql.join(reach, sql` or `)})))`;
}

/** Service levels are for those who read or handle applications, over the region they reach with either. */
export function requireServiceLevelsRead(actor: Actor | null): void {
  if (!holdsPermission(actor, 'application.read') && !holdsPermission(actor, 'application.handle')) throw new AppError('forbidden', {}, undefined, { denied: true });
}

export function serviceLevelScope(actor: Actor | null): SQL {
  return sql`(${regionScopeWhere(actor, 'application.read', cases.regionPath)} or ${regionScopeWhere(actor, 'application.handle', cases.regionPath)})`;
}

/** The cities of those service levels, over a city id column. */
export function serviceLevelCities(actor: Actor | null, cityColumn: AnyColumn): SQL {
  return sql`(${cityListWhere(actor, 'application.read', cityColumn, undefined)} or ${cityListWhere(actor, 'application.handle', cityColumn, undefined)})`;
}

/** An application's case as the caller may see it (the case engine's reach); 404 when it is not an application. */
export async function loadVisibleApplication(db: DbOrTx, actor: Actor | null, caseId: string) {
  const found = await loadVisibleCase(db, actor, caseId);
  if (found.c.caseType !== 'application') throw new AppError('not_found', { entity: 'application' });
  return found;
}

/** A certificate is seen (summary and PDF) by whoever may see the application whose approval issued it. */
export async function loadCertificateCase(db: DbOrTx, actor: Actor | null, caseId: string) {
  return (await loadVisibleCase(db, actor, caseId)).c;
}

/*
 * Public verification (GET /api/v1/public/certificates/:token) needs no login: the unguessable token from the QR
 * code is the key, its route is rate-limited, and it answers with the registry's public facts only (name, credit
 * code, type, status, dates, serial), never personal data; an unknown token is a 404.
 */
