import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/*
 * Where a grant lies among the cities of the installation (issue 16 §3), resolved with the grant itself wherever
 * grants are read (a session, the seed's actors, the user list), so every reader agrees.
 */

/** The grant's city: its department's, else its region's city-level ancestor (or the region itself). */
export function grantCityId(regionPath: AnyColumn | SQL, departmentCityId: AnyColumn | SQL): SQL<string | null> {
  return sql<string | null>`coalesce(${departmentCityId}, (select c.id from regions c where c.level = 'city' and ${regionPath} like c.path || '%'))`;
}

/** The grant's city's path, found the same way. */
export function grantCityPath(regionPath: AnyColumn | SQL, departmentCityId: AnyColumn | SQL): SQL<string | null> {
  return sql<string | null>`(select c.path from regions c where c.level = 'city' and (c.id = ${departmentCityId} or ${regionPath} like c.path || '%') limit 1)`;
}

/** For a grant on a city node, that city's departments (retired ones too: their history stays in reach). */
export function grantCityDepartmentIds(regionId: AnyColumn | SQL, regionLevel: AnyColumn | SQL): SQL<string[] | null> {
  return sql<string[] | null>`case when ${regionLevel} = 'city' then array(select dd.id::text from departments dd where dd.city_id = ${regionId}) end`;
}
