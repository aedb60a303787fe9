import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { ResourceKind, RotationRole } from '../../../../contracts/workforce.js';
import { roleGrants } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { orgDirectory } from '../../orgs/index.js';
import { rotationProfiles, workers } from '../workforce.tables.js';

/** A resource as the rotation plans it: its profile and its name. */
export interface RotationResource {
  kind: ResourceKind;
  id: string;
  name: string;
  domains: string[];
  homeTownId: string | null;
  capacity: number;
  roles: RotationRole[];
  seasons: number[];
}

/**
 * A city's resources that take part in the rotation: an active profile, and an organization still registered or a
 * person still active (a paused or departed person, a deregistered organization keeps the profile but is not planned).
 */
export async function rotationResources(db: DbOrTx, cityId: string): Promise<RotationResource[]> {
  const rows = await db
    .select({
      kind: rotationProfiles.resourceKind,
      id: rotationProfiles.resourceId,
      name: sql<string | null>`coalesce(${workers.name}, ${orgDirectory.name})`,
      domains: rotationProfiles.serviceDomains,
      homeTownId: rotationProfiles.homeTownId,
      capacity: rotationProfiles.capacity,
      roles: rotationProfiles.roles,
      seasons: rotationProfiles.seasons,
    })
    .from(rotationProfiles)
    .leftJoin(workers, and(eq(workers.id, rotationProfiles.resourceId), sql`${rotationProfiles.resourceKind} <> 'org'`, eq(workers.status, 'active')))
    .leftJoin(orgDirectory, and(eq(orgDirectory.id, rotationProfiles.resourceId), sql`${rotationProfiles.resourceKind} = 'org'`, inArray(orgDirectory.status, ['active', 'changing'])))
    .where(and(eq(rotationProfiles.cityId, cityId), eq(rotationProfiles.active, true), sql`coalesce(${workers.id}, ${orgDirectory.id}) is not null`))
    // An order that does not depend on generated ids: the solver breaks ties by column order, and the same city
    // must get the same plan on every machine.
    .orderBy(rotationProfiles.resourceKind, sql`coalesce(${workers.name}, ${orgDirectory.name})`, sql`coalesce(${workers.certificateNo}, ${workers.idMasked}, ${orgDirectory.creditCode})`, rotationProfiles.resourceId);
  return rows.map((r) => ({ ...r, name: r.name ?? '—', roles: r.roles as RotationRole[], seasons: r.seasons.map(Number) }));
}

/** Names of resources by `${kind}:${id}`, whatever their state now (a past plan still names who served). */
export async function rotationResourceNames(db: DbOrTx, refs: readonly { kind: ResourceKind; id: string }[]): Promise<Map<string, string>> {
  const people = [...new Set(refs.filter((r) => r.kind !== 'org').map((r) => r.id))];
  const orgIds = [...new Set(refs.filter((r) => r.kind === 'org').map((r) => r.id))];
  const out = new Map<string, string>();
  if (people.length) for (const w of await db.select({ id: workers.id, kind: workers.kind, name: workers.name }).from(workers).where(inArray(workers.id, people))) out.set(`${w.kind}:${w.id}`, w.name);
  if (orgIds.length) for (const o of await db.select({ id: orgDirectory.id, name: orgDirectory.name }).from(orgDirectory).where(inArray(orgDirectory.id, orgIds))) out.set(`org:${o.id}`, o.name);
  return out;
}

/** The accounts that hear about a resource's assignments: a person's own, an organization's members. */
export async function rotationResourceUsers(db: DbOrTx, refs: readonly { kind: ResourceKind; id: string }[]): Promise<Map<string, string[]>> {
  const people = [...new Set(refs.filter((r) => r.kind !== 'org').map((r) => r.id))];
  const orgIds = [...new Set(refs.filter((r) => r.kind === 'org').map((r) => r.id))];
  const out = new Map<string, string[]>();
  const add = (key: string, userId: string) => out.set(key, [...(out.get(key) ?? []), userId]);
  if (people.length) for (const w of await db.select({ id: workers.id, kind: workers.kind, userId: workers.userId }).from(workers).where(and(inArray(workers.id, people), isNotNull(workers.userId)))) add(`${w.kind}:${w.id}`, w.userId!);
  if (orgIds.length) for (const g of await db.select({ orgId: roleGrants.orgId, userId: roleGrants.userId }).from(roleGrants).where(and(eq(roleGrants.role, 'orgMember'), inArray(roleGrants.orgId, orgIds)))) add(`org:${g.orgId}`, g.userId);
  return out;
}

/** The resources an account acts as: the person it is, and the organizations it is a member of. */
export async function resourcesOfUser(db: DbOrTx, userId: string, orgIds: readonly string[]): Promise<{ kind: ResourceKind; id: string }[]> {
  const mine = await db.select({ id: workers.id, kind: workers.kind }).from(workers).where(eq(workers.userId, userId));
  return [...mine.map((w) => ({ kind: w.kind, id: w.id })), ...orgIds.map((id) => ({ kind: 'org' as const, id }))];
}

/** The city a resource's rotation profile belongs to (none: not in the rotation). */
export async function rotationProfileCity(db: DbOrTx, kind: ResourceKind, id: string): Promise<string | null> {
  const [row] = await db.select({ cityId: rotationProfiles.cityId }).from(rotationProfiles).where(and(eq(rotationProfiles.resourceKind, kind), eq(rotationProfiles.resourceId, id)));
  return row?.cityId ?? null;
}
