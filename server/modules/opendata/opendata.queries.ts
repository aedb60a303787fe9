import { and, asc, eq, isNull, like } from 'drizzle-orm';
import { departments, regions } from '../../platform/access/scope.tables.js';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { projectsForRelease, type ReleaseFilter, type ReleasedOrg, type ReleasedProject } from '../projects/index.js';

/*
 * What opendata reads: the published projects come from their owner (projects' projectsForRelease, through its
 * index.ts), the publisher from the platform's departments and regions.
 */

/**
 * One batch of published projects, read in a short read-only snapshot: a batch's queries see one state of the data,
 * and PGlite's single connection is never held for a whole download.
 */
export function selectReleasedProjects(db: Db, filter: ReleaseFilter): Promise<{ projects: ReleasedProject[]; orgs: Map<string, ReleasedOrg> }> {
  return db.transaction((tx) => projectsForRelease(tx, filter), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** The party-committee department whose name carries 社会工作 (the Social Work Office, or a 社会工作部), if the data has one. */
export async function selectSocialWorkDepartment(db: DbOrTx): Promise<{ id: string; name: string } | undefined> {
  const [dept] = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(isNull(departments.retiredAt), eq(departments.kind, 'party'), like(departments.name, '%社会工作%')))
    .orderBy(asc(departments.sortOrder), asc(departments.name))
    .limit(1);
  return dept;
}

/** The city at the top of the region tree (in service). */
export async function selectCity(db: DbOrTx): Promise<{ name: string; code: string } | undefined> {
  const [city] = await db
    .select({ name: regions.name, code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, 'city'), isNull(regions.retiredAt)))
    .orderBy(asc(regions.depth), asc(regions.code))
    .limit(1);
  return city;
}
