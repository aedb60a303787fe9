import { sql } from 'drizzle-orm';
import type { Role } from '../../../contracts/roles.js';
import type { DbOrTx } from '../db/client.js';
import { rows } from '../db/sql.js';
import { citiesOf, grantCities, grantCityDepartmentIds, type GrantCity } from './grant-city.js';
import type { Actor } from '../http/context.js';

/**
 * The actor a user is when something acts in their name outside a request — the demo seed driving the real use
 * cases as the demo accounts: their grants resolved as a session would resolve them.
 */
export async function actorOf(db: DbOrTx, userId: string): Promise<Actor> {
  const found = await rows<{ username: string; display_name: string; id: string; role: Role; region_id: string | null; region_path: string | null; region_name: string | null; region_level: string | null; department_id: string | null; department_name: string | null; org_id: string | null; cities: GrantCity[] | string | null; city_department_ids: string[] | null }>(
    db,
    sql`select u.username, u.display_name, g.id, g.role, g.region_id, r.path as region_path, r.name as region_name, r.level as region_level, g.department_id, d.name as department_name, g.org_id,
          ${grantCities(sql`r.path`, sql`d.city_id`)} as cities, ${grantCityDepartmentIds(sql`r.path`, sql`r.level`)} as city_department_ids
        from users u join role_grants g on g.user_id = u.id left join regions r on r.id = g.region_id left join departments d on d.id = g.department_id where u.id = ${userId}`,
  );
  return {
    userId,
    username: found[0].username,
    displayName: found[0].display_name,
    mustChangePassword: false,
    sessionId: 'seed',
    csrfToken: 'seed',
    grants: found.map((g) => ({ id: g.id, role: g.role, regionId: g.region_id, regionPath: g.region_path, regionName: g.region_name, regionLevel: g.region_level, departmentId: g.department_id, departmentName: g.department_name, orgId: g.org_id, cities: citiesOf(g.cities), cityDepartmentIds: g.city_department_ids ?? [] })),
  };
}
