import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { ensureFirstAdmin } from '../platform/auth/first-admin.js';
import { rows } from '../platform/db/sql.js';
import { call, login, regionByCode, type Session } from './harness.js';

/*
 * The test fixtures' second city (issue 16: "the test fixtures add a second, small synthetic city so that every
 * module's tests can assert isolation between cities"): 桐乡市 beside the demo's 海宁市, made the way a deployment
 * makes one — by the platform administrator through the API: the city, two towns with a community each, the
 * settings copied from Haining, and its own office administrator, town staff and department staff.
 */

const PASSWORD = 'Second#City2026';

export interface SecondCity {
  city: { id: string; path: string; name: string };
  haining: { id: string; path: string };
  towns: { id: string; path: string }[];
  communities: { id: string; path: string }[];
  /** 桐乡市民政局, copied from Haining's. */
  department: { id: string; name: string };
  ops: Session;
  admin: Session;
  town: Session;
  departmentStaff: Session;
}

async function ok<T>(res: Awaited<ReturnType<typeof call>>, what: string): Promise<T> {
  if (res.statusCode >= 300) throw new Error(`second city: ${what} answered ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

export async function addSecondCity(app: FastifyInstance): Promise<SecondCity> {
  const db = app.database.db;
  await ensureFirstAdmin(db, { ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'Platform#Start2026', ADMIN_PASSWORD_CHANGE: false });
  const ops = await login(app, 'ops', 'Platform#Start2026');
  const region = (body: object, what: string) => call(app, ops, 'POST', '/api/v1/regions', body).then((r) => ok<{ id: string }>(r, what));
  await region({ kind: 'city', code: '330483', name: '桐乡市' }, 'the city');
  // The region DTO carries no path; the tests' SQL wants it.
  const city = await regionByCode(app, '330483');
  await region({ parentId: city.id, kind: 'subdistrict', code: '330483001', name: '梧桐街道' }, 'a town');
  await region({ parentId: city.id, kind: 'town', code: '330483101', name: '濮院镇' }, 'a town');
  const towns = [await regionByCode(app, '330483001'), await regionByCode(app, '330483101')];
  await region({ parentId: towns[0].id, kind: 'community', code: '330483001001', name: '庆丰社区' }, 'a community');
  await region({ parentId: towns[1].id, kind: 'village', code: '330483101201', name: '永越村' }, 'a village');
  const communities = [await regionByCode(app, '330483001001'), await regionByCode(app, '330483101201')];
  const haining = await regionByCode(app, '330481');
  await ok(await call(app, ops, 'POST', `/api/v1/cities/${city.id}/copy-template`, { fromCityId: haining.id }), 'copying Haining’s settings');
  const [department] = await rows<{ id: string; name: string }>(db, sql`select id, name from departments where city_id = ${city.id} and short_name = '民政局'`);
  const user = async (username: string, grant: object) => {
    await ok(await call(app, ops, 'POST', '/api/v1/users', { username, displayName: username, password: PASSWORD, grants: [grant] }), `creating ${username}`);
    // The forced first change is the auth tests' business; here the accounts act at once.
    await db.execute(sql`update users set must_change_password = false where username = ${username}`);
    return login(app, username, PASSWORD);
  };
  return {
    city,
    haining,
    towns,
    communities,
    department,
    ops,
    admin: await user('tx_admin', { role: 'officeAdmin', regionId: city.id }),
    town: await user('tx_town', { role: 'townStaff', regionId: towns[0].id }),
    departmentStaff: await user('tx_dept', { role: 'departmentStaff', departmentId: department.id }),
  };
}
