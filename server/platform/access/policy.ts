import { ROLE_DEFINITIONS, type Permission, type Role } from '../../../contracts/roles.js';
import type { Actor, ResolvedGrant } from '../http/context.js';
import { AppError } from '../errors/app-error.js';

/**
 * The one place that decides who may do what where. Deny by default: a permission is held only
 * through a grant whose role lists it, and a region-scoped grant reaches only its own subtree.
 */

/** Region levels whose grant reaches whole cities: the city itself and the prefecture and province above it. */
const CITY_OR_ABOVE: readonly string[] = ['province', 'prefecture', 'city'];

export type RegionReach = { all: true } | { all: false; paths: string[] };

function grantHolds(grant: ResolvedGrant, permission: Permission): 'global' | 'city' | 'scoped' | null {
  const def = ROLE_DEFINITIONS[grant.role];
  if (def.globalPermissions?.includes(permission)) return 'global';
  if (def.cityPermissions?.includes(permission)) return 'city';
  if (def.permissions.includes(permission)) return 'scoped';
  return null;
}

export function holdsPermission(actor: Actor | null, permission: Permission): boolean {
  return !!actor && actor.grants.some((g) => grantHolds(g, permission) !== null);
}

/**
 * Whether the actor holds a role the registry marks read-only (the auditor). Such a person writes nothing,
 * whatever else they hold: whoever audits does not also act (separation of duties, MLPS level 3). The access
 * hook refuses them every state-changing request but those a route declares `allowReadOnly`.
 */
export function isReadOnly(actor: Actor | null): boolean {
  return !!actor && actor.grants.some((g) => ROLE_DEFINITIONS[g.role].readOnly === true);
}

export function permissionsOf(actor: Actor): Permission[] {
  const out = new Set<Permission>();
  for (const g of actor.grants) {
    const def = ROLE_DEFINITIONS[g.role];
    for (const p of def.permissions) out.add(p);
    for (const p of def.globalPermissions ?? []) out.add(p);
    for (const p of def.cityPermissions ?? []) out.add(p);
  }
  return [...out].sort();
}

/** The part of the region tree where the actor holds `permission`. */
export function regionReach(actor: Actor | null, permission: Permission): RegionReach {
  if (!actor) return { all: false, paths: [] };
  const paths: string[] = [];
  for (const g of actor.grants) {
    const how = grantHolds(g, permission);
    if (how === 'global') return { all: true };
    if (how === 'scoped' && g.regionPath) paths.push(g.regionPath);
    if (how === 'city') for (const c of g.cities) paths.push(c.path);
  }
  return { all: false, paths };
}

export function reachesRegion(actor: Actor | null, permission: Permission, regionPath: string): boolean {
  const reach = regionReach(actor, permission);
  return reach.all || reach.paths.some((p) => regionPath.startsWith(p));
}

export type DepartmentReach = { all: true } | { all: false; departmentIds: string[] };

/**
 * The departments whose records (allocations, purchased projects) the actor reaches with `permission`.
 * A global grant reaches every department of every city; a grant on a city reaches that city's departments —
 * departments are a city's, not a town's — and one on a prefecture or province those of every city below it; a
 * department-scoped grant reaches only its own.
 */
export function departmentReach(actor: Actor | null, permission: Permission): DepartmentReach {
  if (!actor) return { all: false, departmentIds: [] };
  const ids = new Set<string>();
  for (const g of actor.grants) {
    const how = grantHolds(g, permission);
    if (!how) continue;
    if (how === 'global') return { all: true };
    if (g.regionLevel && CITY_OR_ABOVE.includes(g.regionLevel)) for (const id of g.cityDepartmentIds) ids.add(id);
    if (g.departmentId) ids.add(g.departmentId);
  }
  return { all: false, departmentIds: [...ids] };
}

export type CityReach = { all: true } | { all: false; cityIds: string[] };

/**
 * The cities in which the actor holds `permission`: every city through a global grant, else the cities its
 * scoped grants lie in (a town's staff, a department's, a city's office). City-owned settings are read and kept
 * per city through this.
 */
export function cityReach(actor: Actor | null, permission: Permission): CityReach {
  if (!actor) return { all: false, cityIds: [] };
  const ids = new Set<string>();
  for (const g of actor.grants) {
    const how = grantHolds(g, permission);
    if (how === 'global') return { all: true };
    if (how === 'scoped' || how === 'city') for (const c of g.cities) ids.add(c.id);
  }
  return { all: false, cityIds: [...ids] };
}

/**
 * The cities whose every department `permission` reaches: the office's view of its city (a grant on the city node, or
 * on a prefecture or province above it) and a global holder's (the auditor's, every city) — not a department's or a town's.
 */
export function wholeCityReach(actor: Actor | null, permission: Permission): CityReach {
  if (!actor) return { all: false, cityIds: [] };
  const ids = new Set<string>();
  for (const g of actor.grants) {
    const how = grantHolds(g, permission);
    if (how === 'global') return { all: true };
    if (how === 'scoped' && g.regionLevel && CITY_OR_ABOVE.includes(g.regionLevel)) for (const c of g.cities) ids.add(c.id);
  }
  return { all: false, cityIds: [...ids] };
}

/** Whether `permission` reaches every department of some city (the web app's "whole city" views). */
export function reachesWholeCity(actor: Actor | null, permission: Permission): boolean {
  const reach = wholeCityReach(actor, permission);
  return reach.all || reach.cityIds.length > 0;
}

/**
 * The cities the actor's work is bound to, whatever the permission: the cities its grants lie in, or every city for
 * someone holding any grant bound to none (an applicant, an organization's member, an expert, the auditor), who
 * files, bids or reads wherever. What public notices (calls, published meetings) staff see in their own lists.
 */
export function boundCities(actor: Actor | null): { all: true } | { all: false; cityIds: string[]; cityPaths: string[] } {
  if (!actor || actor.grants.some((g) => g.cities.length === 0)) return { all: true };
  const byId = new Map(actor.grants.flatMap((g) => g.cities.map((c) => [c.id, c.path] as const)));
  return { all: false, cityIds: [...byId.keys()], cityPaths: [...byId.values()] };
}

/** Whether the actor holds `permission` in that city. */
export function reachesCity(actor: Actor | null, permission: Permission, cityId: string): boolean {
  const reach = cityReach(actor, permission);
  return reach.all || reach.cityIds.includes(cityId);
}

/** Throws 403 unless the actor holds the permission somewhere. */
export function requirePermission(actor: Actor | null, permission: Permission): Actor {
  if (!actor) throw new AppError('unauthenticated');
  if (!holdsPermission(actor, permission)) throw new AppError('forbidden', {}, undefined, { denied: true });
  return actor;
}

/** Missing and out-of-scope look the same: 404, marked so the refusal is audited. */
export function requireRegionReach(actor: Actor | null, permission: Permission, regionPath: string | null | undefined, entity = 'region'): void {
  if (!regionPath || !reachesRegion(actor, permission, regionPath)) {
    throw new AppError('not_found', { entity }, undefined, regionPath ? { denied: true } : undefined);
  }
}

/** The role and scope recorded in the audit trail for an act done under `permission`. */
export function describeAuthority(actor: Actor, permission?: Permission): { role: Role | null; scope: string | null } {
  const grant = (permission ? actor.grants.find((g) => grantHolds(g, permission)) : undefined) ?? actor.grants[0];
  if (!grant) return { role: null, scope: null };
  const scope = grant.regionName ?? grant.departmentName ?? (grant.orgId ? `org:${grant.orgId}` : ROLE_DEFINITIONS[grant.role].scopeType === 'global' ? 'global' : null);
  return { role: grant.role, scope };
}

/** The organizations the actor acts for: those its `orgMember` grants name. */
export function memberOrgIds(actor: Actor | null): string[] {
  return actor ? actor.grants.filter((g) => g.role === 'orgMember' && g.orgId).map((g) => g.orgId!) : [];
}

/** The actor acts for this organization (a member of it: the owner side of its cases, its bids, its record). */
export function isOrgMember(actor: Actor | null, orgId: string | null | undefined): boolean {
  return !!actor && !!orgId && actor.grants.some((g) => g.role === 'orgMember' && g.orgId === orgId);
}
