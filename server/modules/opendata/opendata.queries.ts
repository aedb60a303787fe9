import { and, asc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import { departments, regions } from '../../platform/access/scope.tables.js';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { projectsForRelease, type ReleaseFilter, type ReleasedOrg, type ReleasedProject } from '../projects/index.js';

/*
 * What opendata reads: the published projects come from their owner (projects' projectsForRelease, through its
 * index.ts), each city's publisher from the platform's departments and regions.
 */

/**
 * One batch of published projects, read in a short read-only snapshot: a batch's queries see one state of the data,
 * and PGlite's single connection is never held for a whole download.
 */
export function selectReleasedProjects(db: Db, filter: ReleaseFilter): Promise<{ projects: ReleasedProject[]; orgs: Map<string, ReleasedOrg> }> {
  return db.transaction((tx) => projectsForRelease(tx, filter), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/**
 * Each city's party-committee department whose name carries 社会工作 (its Social Work Office, or a 社会工作部), where
 * the data has one: the first by sort order and name.
 */
export async function selectSocialWorkDepartments(db: DbOrTx, cityIds: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  if (!cityIds.length) return new Map();
  const found = await db
    .select({ cityId: departments.cityId, id: departments.id, name: departments.name })
    .from(departments)
    .where(and(isNull(departments.retiredAt), eq(departments.kind, 'party'), like(departments.name, '%社会工作%'), inArray(departments.cityId, [...cityIds])))
    .orderBy(asc(departments.sortOrder), asc(departments.name));
  const byCity = new Map<string, { id: string; name: string }>();
  for (const d of found) if (!byCity.has(d.cityId)) byCity.set(d.cityId, { id: d.id, name: d.name });
  return byCity;
}

/**
 * The cities that publish, by code: those retired too, whose projects stay published under their ocids (a public
 * list only names the cities in service).
 */
export function selectPublishingCities(db: DbOrTx): Promise<{ id: string; name: string; code: string; path: string; retired: boolean }[]> {
  return db
    .select({ id: regions.id, name: regions.name, code: regions.code, path: regions.path, retired: sql<boolean>`${regions.retiredAt} is not null` })
    .from(regions)
    .where(eq(regions.level, 'city'))
    .orderBy(asc(regions.code));
}
