import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { ResourceKind } from '../../../contracts/workforce.js';
import { departments, regions } from '../../platform/access/scope.tables.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/db/sql.js';
import { serviceDomainDirectory } from '../catalog/index.js';
import { orgDirectory } from '../orgs/index.js';
import { rotationProfiles, workers } from './workforce.tables.js';

const town = sql`(select name from ${regions} where ${regions.id} = ${workers.townId})`;

/** What a person's record and the list show: their columns, their home town's, employer's and department's names. */
const workerColumns = {
  id: workers.id,
  cityId: workers.cityId,
  kind: workers.kind,
  name: workers.name,
  namePinyin: workers.namePinyin,
  gender: workers.gender,
  idSealed: workers.idSealed,
  idMasked: workers.idMasked,
  phoneSealed: workers.phoneSealed,
  phoneMasked: workers.phoneMasked,
  certificateLevel: workers.certificateLevel,
  certificateNo: workers.certificateNo,
  employerOrgId: workers.employerOrgId,
  employerName: sql<string | null>`(select name from ${orgDirectory} where ${orgDirectory.id} = ${workers.employerOrgId})`,
  departmentId: workers.departmentId,
  departmentName: sql<string | null>`(select name from ${departments} where ${departments.id} = ${workers.departmentId})`,
  townId: workers.townId,
  townName: sql<string>`${town}`,
  regionPath: workers.regionPath,
  serviceDomains: workers.serviceDomains,
  status: workers.status,
  note: workers.note,
  updatedAt: workers.updatedAt,
  version: workers.version,
};
export type WorkerRow = NonNullable<Awaited<ReturnType<typeof selectWorker>>>;

/** A page of people in pinyin order (one more than asked, to tell whether another page follows). */
export function selectWorkerPage(db: DbOrTx, where: SQL[], limit: number) {
  return db
    .select(workerColumns)
    .from(workers)
    .where(and(...where))
    .orderBy(asc(workers.namePinyin), asc(workers.id))
    .limit(limit + 1);
}

export async function selectWorker(db: DbOrTx, id: string) {
  const [found] = await db.select(workerColumns).from(workers).where(eq(workers.id, id));
  return found;
}

export async function lockWorker(tx: Tx, id: string) {
  const [found] = await tx.select().from(workers).where(eq(workers.id, id)).for('update');
  return found;
}

/** Whether the city already has this person (by ID number), other than `exceptId`. */
export async function selectWorkerByIdHash(db: DbOrTx, cityId: string, idHash: string) {
  const [found] = await db.select({ id: workers.id, name: workers.name }).from(workers).where(and(eq(workers.cityId, cityId), eq(workers.idHash, idHash)));
  return found;
}

export async function selectWorkerByCertificate(db: DbOrTx, cityId: string, certificateNo: string) {
  const [found] = await db.select({ id: workers.id, name: workers.name }).from(workers).where(and(eq(workers.cityId, cityId), eq(workers.certificateNo, certificateNo)));
  return found;
}

/** A live town of the city (a home town must be one). */
export async function selectCityTown(db: DbOrTx, cityPath: string, townId: string) {
  const [found] = await db
    .select({ id: regions.id, name: regions.name, path: regions.path })
    .from(regions)
    .where(and(eq(regions.id, townId), eq(regions.level, 'town'), isNull(regions.retiredAt), inSubtree(regions.path, cityPath)));
  return found;
}

/** The city's service domains in use (code → name), in their order. */
export async function selectCityDomains(db: DbOrTx, cityIds: readonly string[]): Promise<{ cityId: string; code: string; name: string; retired: boolean }[]> {
  if (!cityIds.length) return [];
  const found = await db
    .select({ cityId: serviceDomainDirectory.cityId, code: serviceDomainDirectory.code, name: serviceDomainDirectory.name, retiredAt: serviceDomainDirectory.retiredAt })
    .from(serviceDomainDirectory)
    .where(inArray(serviceDomainDirectory.cityId, [...cityIds]))
    .orderBy(serviceDomainDirectory.sortOrder, serviceDomainDirectory.code);
  return found.map((d) => ({ cityId: d.cityId, code: d.code, name: d.name, retired: d.retiredAt !== null }));
}

/** An organization of the registry in the city, with its town (an employer, or a rotation resource). */
export async function selectCityOrg(db: DbOrTx, cityPath: string, orgId: string) {
  const [found] = await db
    .select({ id: orgDirectory.id, name: orgDirectory.name, townId: orgDirectory.townId, regionPath: orgDirectory.regionPath, status: orgDirectory.status })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.id, orgId), inSubtree(orgDirectory.regionPath, cityPath)));
  return found;
}

export async function selectDepartment(db: DbOrTx, id: string) {
  const [found] = await db.select({ id: departments.id, cityId: departments.cityId, name: departments.name, retiredAt: departments.retiredAt }).from(departments).where(eq(departments.id, id));
  return found;
}

export async function selectProfile(db: DbOrTx, kind: ResourceKind, id: string) {
  const [found] = await db
    .select({
      resourceKind: rotationProfiles.resourceKind,
      resourceId: rotationProfiles.resourceId,
      cityId: rotationProfiles.cityId,
      serviceDomains: rotationProfiles.serviceDomains,
      homeTownId: rotationProfiles.homeTownId,
      homeTownName: sql<string | null>`(select name from ${regions} where ${regions.id} = ${rotationProfiles.homeTownId})`,
      seasons: rotationProfiles.seasons,
      capacity: rotationProfiles.capacity,
      roles: rotationProfiles.roles,
      active: rotationProfiles.active,
      updatedAt: rotationProfiles.updatedAt,
      version: rotationProfiles.version,
    })
    .from(rotationProfiles)
    .where(and(eq(rotationProfiles.resourceKind, kind), eq(rotationProfiles.resourceId, id)));
  return found;
}
export type ProfileRow = NonNullable<Awaited<ReturnType<typeof selectProfile>>>;

export async function lockProfile(tx: Tx, kind: ResourceKind, id: string) {
  const [found] = await tx
    .select()
    .from(rotationProfiles)
    .where(and(eq(rotationProfiles.resourceKind, kind), eq(rotationProfiles.resourceId, id)))
    .for('update');
  return found;
}

/** An organization of the registry as a rotation resource: its domicile (scope and city), its fields and its town. */
export async function orgForRotation(db: DbOrTx, id: string) {
  const [found] = await db
    .select({
      id: orgDirectory.id,
      name: orgDirectory.name,
      regionPath: orgDirectory.regionPath,
      serviceFields: orgDirectory.serviceFields,
      townId: orgDirectory.townId,
      townName: sql<string | null>`(select name from ${regions} where ${regions.id} = ${orgDirectory.townId})`,
    })
    .from(orgDirectory)
    .where(eq(orgDirectory.id, id));
  return found && { ...found, serviceFields: found.serviceFields, town: found.townId ? { id: found.townId, name: found.townName ?? '—' } : null };
}

/** What an import's rows may name, all of one city: its towns, its organizations, its departments, its service domains. */
export async function selectImportLookups(db: DbOrTx, city: { id: string; path: string }) {
  const towns = await db
    .select({ id: regions.id, name: regions.name })
    .from(regions)
    .where(and(eq(regions.level, 'town'), isNull(regions.retiredAt), inSubtree(regions.path, city.path)));
  const orgs = await db.select({ id: orgDirectory.id, name: orgDirectory.name }).from(orgDirectory).where(inSubtree(orgDirectory.regionPath, city.path));
  const depts = await db
    .select({ id: departments.id, name: departments.name, shortName: departments.shortName })
    .from(departments)
    .where(and(eq(departments.cityId, city.id), isNull(departments.retiredAt)));
  return { towns, orgs, departments: depts, domains: await selectCityDomains(db, [city.id]) };
}

/** The city's people an import's rows may name: by ID hash, and by certificate number for a masked row. */
export function selectCityWorkers(db: DbOrTx, cityId: string) {
  return db.select().from(workers).where(eq(workers.cityId, cityId));
}
