import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/*
 * Where a grant lies among the cities of the installation (issue 16 §2–3), resolved with the grant itself wherever
 * grants are read (a session, the seed's actors, the user list), so every reader agrees.
 */

/** A city a grant lies in or covers, as ResolvedGrant keeps it. */
export interface GrantCity {
  id: string;
  path: string;
}

/**
 * The grant's cities: its department's city; else its region's city-level ancestor (or the city itself); else, for
 * a grant on a prefecture or province, every city below it. One city for most grants, several for the
 * administrator above the cities, none for a global grant or an org's member.
 */
export function grantCities(regionPath: AnyColumn | SQL, departmentCityId: AnyColumn | SQL): SQL<GrantCity[]> {
  return sql<GrantCity[]>`coalesce((select json_agg(json_build_object('id', c.id, 'path', c.path) order by c.code) from regions c
      where c.level = 'city' and (c.id = ${departmentCityId} or ${regionPath} like c.path || '%' or c.path like ${regionPath} || '%')), '[]'::json)`;
}

/**
 * For a grant on a city, or on a prefecture or province above cities: the departments of those cities (retired ones
 * too: their history stays in reach), which it reaches. Null below the city level.
 */
export function grantCityDepartmentIds(regionPath: AnyColumn | SQL, regionLevel: AnyColumn | SQL): SQL<string[] | null> {
  return sql<string[] | null>`case when ${regionLevel} in ('province', 'prefecture', 'city') then array(select dd.id::text from departments dd join regions dc on dc.id = dd.city_id where dc.path like ${regionPath} || '%') end`;
}

/** A grant's cities as read from the database (a JSON array, text on a driver that does not parse it). */
export function citiesOf(value: GrantCity[] | string | null | undefined): GrantCity[] {
  if (!value) return [];
  return typeof value === 'string' ? (JSON.parse(value) as GrantCity[]) : value;
}
