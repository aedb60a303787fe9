import { sql, type SQL } from 'drizzle-orm';
import { holdsPermission, isOrgMember, reachesRegion, requirePermission, requireRegionReach } from '../../platform/access/policy.js';
import { regionScopeWhere } from '../../platform/access/scope.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import type { Actor } from '../../platform/http/context.js';

/*
 * An organization is registered in a town, and the registry is read by region: town and community staff see the
 * organizations of their own subtree, the office, departments and auditors the whole city (org.read). One outside
 * the caller's reach answers 404, as a missing one does. Personal data (legal representatives' ID numbers and
 * phones) stays masked; the office may see it in clear (pii.reveal) within its reach, audited each time. The public
 * directory needs no rule here: it shows every organization in existence, public fields only.
 */

/** Reading the staff directory, a record, its history or the export: org.read somewhere, else 403. */
export function requireOrgsRead(actor: Actor | null): Actor {
  return requirePermission(actor, 'org.read');
}

/** The organizations the caller may read, as SQL over `o.region_path`: a grant reaches its own subtree. */
export function orgScope(actor: Actor | null): SQL {
  return regionScopeWhere(actor, 'org.read', sql`o.region_path`);
}

/** One organization (its record, its history): 404 unless it lies in the caller's org.read subtree. */
export function requireOrgInReach(actor: Actor | null, org: { region_path: string }): void {
  requireRegionReach(actor, 'org.read', org.region_path, 'org');
}

/** Showing personal data in clear: pii.reveal somewhere, else 403, before anything is loaded. */
export function requirePersonalDataReveal(actor: Actor | null): Actor {
  return requirePermission(actor, 'pii.reveal');
}

/**
 * The organization whose personal data is revealed must be within both the caller's org.read and pii.reveal reach
 * (404 otherwise): pii.reveal is the platform's permission, not the registry's, so it never shows more than the
 * record the caller may read, and only where their reveal grant reaches.
 */
export function requirePersonalDataInReach(actor: Actor | null, org: { region_path: string }): void {
  requireOrgInReach(actor, org);
  requireRegionReach(actor, 'pii.reveal', org.region_path, 'org');
}

/**
 * Whether the record offers the reveal button: pii.reveal over the org's region. Only records the caller may
 * read are presented to them, so this and requirePersonalDataInReach agree.
 */
export function mayRevealPersonalData(actor: Actor | null, regionPath: string): boolean {
  return reachesRegion(actor, 'pii.reveal', regionPath);
}

/** Importing organizations from a spreadsheet: org.import, the office's, since it writes the registry in bulk. */
export function requireOrgImport(actor: Actor | null): Actor {
  return requirePermission(actor, 'org.import');
}

/**
 * Each administrator sees and runs only their own imports (another's answers 404, as a missing one does): an import
 * is one person's piece of work — they upload the file, read its validation report and decide how to run it — so
 * nobody runs a file someone else checked. The audit trail holds everyone's.
 */
export function requireOwnImport<T extends { createdBy: string }>(actor: Actor, job: T | undefined): asserts job is T {
  if (!job || job.createdBy !== actor.userId) throw notFound('record');
}

/**
 * One organization's record for the org's own members as well as for staff: a member reads the org they act for
 * (本组织) without org.read; any other org answers 404 to them, as a missing one does, and the refusal is audited.
 */
export function requireOrgVisible(actor: Actor | null, org: { id: string; region_path: string }): void {
  if (isOrgMember(actor, org.id)) return;
  if (!holdsPermission(actor, 'org.read')) throw new AppError('not_found', { entity: 'org' }, undefined, { denied: true });
  requireOrgInReach(actor, org);
}

/*
 * An organization's accounts (组织账号) are managed by the registration authority — org.members (the office) over the
 * org's region — and by the org's own contact person (联系人), who answers for the org and adds or removes its other
 * members. Other members and staff who read the registry there see the list; anyone else is answered 404.
 */
export interface OrgAccountsAccess {
  read: boolean;
  /** The registration authority over the org's region. */
  staff: boolean;
  /** The org's contact person. */
  contact: boolean;
}

export function orgAccountsAccess(actor: Actor | null, org: { id: string; regionPath: string }, contactUserId: string | null): OrgAccountsAccess {
  const staff = reachesRegion(actor, 'org.members', org.regionPath);
  const member = isOrgMember(actor, org.id);
  const contact = member && !!contactUserId && contactUserId === actor?.userId;
  return { staff, contact, read: staff || member || reachesRegion(actor, 'org.read', org.regionPath) };
}

/** Changing the accounts: 404 to whoever may not see them, 403 to a member who is not the contact person. */
export function requireOrgAccountsManage(access: OrgAccountsAccess): void {
  if (!access.read) throw new AppError('not_found', { entity: 'org' }, undefined, { denied: true });
  if (!access.staff && !access.contact) throw new AppError('forbidden', {}, undefined, { denied: true });
}
