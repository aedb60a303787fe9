import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { roleGrants, users } from '../../platform/auth/auth.tables.js';
import { departments, regions } from '../../platform/access/scope.tables.js';
import type { ResolvedGrant } from '../../platform/http/context.js';
import { citiesOf, grantCities, grantCityDepartmentIds } from '../../platform/auth/grant-city.js';

export async function findGrantsOf(db: DbOrTx, userIds: string[]): Promise<Map<string, ResolvedGrant[]>> {
  const out = new Map<string, ResolvedGrant[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({
      userId: roleGrants.userId,
      id: roleGrants.id,
      role: roleGrants.role,
      regionId: roleGrants.regionId,
      regionPath: regions.path,
      regionName: regions.name,
      regionLevel: regions.level,
      departmentId: roleGrants.departmentId,
      departmentName: departments.name,
      orgId: roleGrants.orgId,
      cities: grantCities(regions.path, departments.cityId),
      cityDepartmentIds: grantCityDepartmentIds(regions.path, regions.level),
    })
    .from(roleGrants)
    .leftJoin(regions, eq(regions.id, roleGrants.regionId))
    .leftJoin(departments, eq(departments.id, roleGrants.departmentId))
    .where(inArray(roleGrants.userId, userIds))
    .orderBy(asc(roleGrants.createdAt), asc(roleGrants.id));
  for (const { userId, ...g } of rows) {
    const list = out.get(userId) ?? [];
    list.push({ ...g, role: g.role, cities: citiesOf(g.cities), cityDepartmentIds: g.cityDepartmentIds ?? [] });
    out.set(userId, list);
  }
  return out;
}

export type UserRow = typeof users.$inferSelect;

/** The 11 digits of a mobile number typed into the user search (spaces and dashes allowed), or null. */
export function typedMobile(q: string): string | null {
  const digits = q.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/**
 * Staff find an applicant by phone: phones are sealed (platform/pii), so the number is matched by its keyed hash on
 * users.phone_hash — one index probe, no row decrypted.
 */
export function phoneSearch(q: string, lookupHash: (value: string) => string): SQL | null {
  const phone = typedMobile(q);
  return phone ? eq(users.phoneHash, lookupHash(phone)) : null;
}
