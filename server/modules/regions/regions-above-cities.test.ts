// Issue 16 §2–3: the tree above the cities. A deployment's roots may be provinces or prefectures (嘉兴市 3304 with its
// county-level cities); the division-code import makes them and moves a root city under its prefecture; an
// administrator granted on the prefecture reaches every city below it and no other; a city made under it starts
// with the modules' defaults; a town does not move to another city while records lie under it; an empty city may
// be retired by whoever keeps the level above, one with data may not.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, login, regionByCode, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';

const ctx = useTestApp('admin');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;
let jiaxing: Session;

const PASSWORD = 'Prefecture#2026';

async function upload(session: Session, content: string, query: string) {
  const boundary = '----shezhi-above';
  const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="above.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`);
  return call(app(), session, 'POST', `/api/v1/regions/import${query}`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

const counts = async () =>
  (await rows<{ level: string; n: number }>(db(), sql`select level, count(*)::int as n from regions where retired_at is null group by level order by level`)).map((r) => `${r.level}:${r.n}`);

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('provinces and prefectures', () => {
  it('imports 浙江省 and 嘉兴市 from the national files and moves both root cities under 嘉兴市, keeping every path in step', async () => {
    const [before] = await rows<{ orgs: number; cases: number }>(
      db(),
      sql`select (select count(*)::int from orgs where region_path like ${tx.haining.path} || '%') as orgs, (select count(*)::int from cases where region_path like ${tx.haining.path} || '%') as cases`,
    );
    expect(before.orgs).toBeGreaterThan(0);
    const file = ['code,name,cityCode,provinceCode', '330481,"海宁市",3304,33', '330483,"桐乡市",3304,33'].join('\n');
    // Without the prefecture in the file or the tree, the cities stay roots: nothing to do.
    const alone = await upload(tx.ops, file, '?apply=false');
    expect(alone.json<{ counts: object }>().counts).toMatchObject({ created: 0, moved: 0, unchanged: 2 });

    const above = ['code,name,provinceCode', '33,"浙江省",', '3304,"嘉兴市",33'].join('\n');
    const made = await upload(tx.ops, above, '?apply=true');
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json<{ counts: object }>().counts).toMatchObject({ created: 2, invalid: 0 });
    const moved = await upload(tx.ops, file, '?apply=true');
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<{ counts: object }>().counts).toMatchObject({ moved: 2, created: 0, invalid: 0 });
    // Idempotent: the same files again change nothing.
    expect((await upload(tx.ops, above, '?apply=true')).json<{ counts: object }>().counts).toMatchObject({ unchanged: 2 });
    expect((await upload(tx.ops, file, '?apply=true')).json<{ counts: object }>().counts).toMatchObject({ unchanged: 2 });

    const province = await regionByCode(app(), '33');
    const prefecture = await regionByCode(app(), '3304');
    const haining = await regionByCode(app(), '330481');
    expect(haining.path).toBe(`${prefecture.path}${haining.id}/`);
    expect(prefecture.path.startsWith(province.path)).toBe(true);
    const [after] = await rows<{ orgs: number; cases: number }>(
      db(),
      sql`select (select count(*)::int from orgs where region_path like ${haining.path} || '%') as orgs, (select count(*)::int from cases where region_path like ${haining.path} || '%') as cases`,
    );
    expect(after).toEqual(before);
    // The kept counts of the prefecture are its cities' together.
    const [kept] = await rows<{ prefecture: number; cities: number }>(
      db(),
      sql`select (select community_count from regions where code = '3304') as prefecture, (select sum(community_count)::int from regions where code in ('330481', '330483')) as cities`,
    );
    expect(kept.prefecture).toBe(kept.cities);
    tx.haining.path = haining.path;

    // Haining's office works on as before: its own orgs, its city, not Tongxiang's.
    const cities = (await call(app(), ctx.as.admin, 'GET', '/api/v1/cities')).json<{ items: { code: string }[] }>().items.map((c) => c.code);
    expect(cities).toEqual(['330481']);
  });

  it('makes a root province or prefecture from its 2/4-digit or GB/T code, for the platform administrator only', async () => {
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/regions', { kind: 'prefecture', code: '3305', name: '湖州市' }), 403);
    expect(failedFields(await call(app(), tx.ops, 'POST', '/api/v1/regions', { kind: 'prefecture', code: '330501', name: '湖州市' }), 'validation')).toEqual(['code']);
    const res = await call(app(), tx.ops, 'POST', '/api/v1/regions', { kind: 'prefecture', code: '330500', name: '湖州市' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ code: string; level: string; parentId: string | null }>()).toMatchObject({ code: '3305', level: 'prefecture', parentId: null });
    // Its code is taken: a second one is refused.
    expectProblem(await call(app(), tx.ops, 'POST', '/api/v1/regions', { kind: 'prefecture', code: '3305', name: '湖州' }), 409);
  });

  it('gives the administrator granted on 嘉兴市 both its cities, and no other', async () => {
    const prefecture = await regionByCode(app(), '3304');
    const made = await call(app(), tx.ops, 'POST', '/api/v1/users', { username: 'jx_admin', displayName: '嘉兴市管理员', password: PASSWORD, grants: [{ role: 'officeAdmin', regionId: prefecture.id }] });
    expect(made.statusCode, made.body).toBe(201);
    await db().execute(sql`update users set must_change_password = false where username = 'jx_admin'`);
    jiaxing = await login(app(), 'jx_admin', PASSWORD);

    const cities = (await call(app(), jiaxing, 'GET', '/api/v1/cities')).json<{ items: { code: string }[] }>().items.map((c) => c.code);
    expect(cities.sort()).toEqual(['330481', '330483']);
    const departments = (await call(app(), jiaxing, 'GET', '/api/v1/departments')).json<{ items: { cityId: string }[] }>().items;
    expect(new Set(departments.map((d) => d.cityId))).toEqual(new Set([tx.haining.id, tx.city.id]));
    const [org] = await rows<{ id: string }>(db(), sql`select id from orgs limit 1`);
    expect((await call(app(), jiaxing, 'GET', `/api/v1/orgs/${org.id}`)).statusCode).toBe(200);
    const settings = (await call(app(), jiaxing, 'GET', '/api/v1/application-settings')).json<{ items: { cityId: string }[] }>().items;
    expect(new Set(settings.map((s) => s.cityId))).toEqual(new Set([tx.haining.id, tx.city.id]));
    // Outside the prefecture (湖州市 is a root of its own) it reaches nothing; a city's office still only its city.
    const huzhou = await regionByCode(app(), '3305');
    expectProblem(await call(app(), jiaxing, 'GET', `/api/v1/regions/${huzhou.id}`), 404);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/orgs/${org.id}`), 404);
    expect((await call(app(), tx.admin, 'GET', '/api/v1/cities')).json<{ items: { code: string }[] }>().items.map((c) => c.code)).toEqual(['330483']);
  });

  it('lets the prefecture administrator make a city under it, which starts with the modules’ defaults', async () => {
    const prefecture = await regionByCode(app(), '3304');
    const res = await call(app(), jiaxing, 'POST', '/api/v1/regions', { parentId: prefecture.id, kind: 'city', code: '330402', name: '南湖区' });
    expect(res.statusCode, res.body).toBe(201);
    const nanhu = res.json<{ id: string; abilities: { retire: boolean } }>();
    expect(nanhu.abilities.retire).toBe(true);
    const rules = await rows<{ code: string }>(db(), sql`select code from eligibility_rules where city_id = ${nanhu.id} order by code`);
    expect(rules.map((r) => r.code)).toEqual(['active', 'noBadCredit']);
    // Its application settings read as the defaults until its office saves its own.
    const settings = (await call(app(), jiaxing, 'GET', `/api/v1/application-settings?cityId=${nanhu.id}`)).json<{ items: { cityId: string; promisedDays: number }[] }>().items;
    expect(settings.length).toBeGreaterThan(0);
    expect(settings.every((s) => s.cityId === nanhu.id && s.promisedDays > 0)).toBe(true);
    expect((await call(app(), jiaxing, 'GET', '/api/v1/cities')).json<{ items: { code: string }[] }>().items.map((c) => c.code)).toContain('330402');
    // A town's staff cannot add a city, and a city cannot go under a town.
    expect(failedFields(await call(app(), tx.ops, 'POST', '/api/v1/regions', { parentId: tx.towns[0].id, kind: 'city', code: '330403', name: '秀洲区' }), 'validation')).toEqual(['kind']);
  });
});

describe('moving and retiring across cities', () => {
  it('moves a town with no records to another city, and refuses one whose organizations and cases belong to its city', async () => {
    const before = await counts();
    const empty = await regionByCode(app(), '330483101');
    const haining = await regionByCode(app(), '330481');
    const res = await call(app(), tx.ops, 'PATCH', `/api/v1/regions/${empty.id}`, { version: empty.version, parentId: haining.id });
    expect(res.statusCode, res.body).toBe(200);
    const back = await regionByCode(app(), '330483101');
    expect((await call(app(), tx.ops, 'PATCH', `/api/v1/regions/${back.id}`, { version: back.version, parentId: tx.city.id })).statusCode).toBe(200);

    const [busy] = await rows<{ id: string; version: number; path: string }>(
      db(),
      sql`select r.id, r.version, r.path from regions r where r.level = 'town' and exists (select 1 from orgs o where o.town_id = r.id) order by r.code limit 1`,
    );
    const refused = await call(app(), tx.ops, 'PATCH', `/api/v1/regions/${busy.id}`, { version: busy.version, parentId: tx.city.id });
    const problem = expectProblem(refused, 409, 'invalid_state') as unknown as { detail: string };
    expect(problem.detail).toMatch(/属于原来的市/);
    const [still] = await rows<{ path: string; version: number }>(db(), sql`select path, version from regions where id = ${busy.id}`);
    expect(still).toEqual({ path: busy.path, version: busy.version });
    expect(await counts()).toEqual(before);
  });

  it('retires an empty city by the level above it; one with a grant or cases, or its own office, is refused', async () => {
    const nanhu = await regionByCode(app(), '330402');
    // Tongxiang's office does not reach 南湖区 at all; the platform administrator may, the prefecture's too.
    expectProblem(await call(app(), tx.admin, 'POST', `/api/v1/regions/${nanhu.id}/retire`, { version: nanhu.version, reason: '测试撤销' }), 404);
    const user = await call(app(), tx.ops, 'POST', '/api/v1/users', { username: 'nh_admin', displayName: '南湖区管理员', password: PASSWORD, grants: [{ role: 'officeAdmin', regionId: nanhu.id }] });
    expect(user.statusCode, user.body).toBe(201);
    const withGrant = expectProblem(await call(app(), jiaxing, 'POST', `/api/v1/regions/${nanhu.id}/retire`, { version: nanhu.version, reason: '区划调整' }), 409, 'invalid_state') as unknown as { detail: string };
    expect(withGrant.detail).toMatch(/授权/);
    await db().execute(sql`update users set must_change_password = false where username = 'nh_admin'`);
    const own = await login(app(), 'nh_admin', PASSWORD);
    // A city's own office does not close its city.
    expectProblem(await call(app(), own, 'POST', `/api/v1/regions/${nanhu.id}/retire`, { version: nanhu.version, reason: '区划调整' }), 403);
    await db().execute(sql`delete from role_grants where region_id = ${nanhu.id}`);
    const retired = await call(app(), jiaxing, 'POST', `/api/v1/regions/${nanhu.id}/retire`, { version: nanhu.version, reason: '区划调整' });
    expect(retired.statusCode, retired.body).toBe(200);
    expect((await call(app(), jiaxing, 'GET', '/api/v1/cities')).json<{ items: { code: string }[] }>().items.map((c) => c.code)).not.toContain('330402');

    // Haining has towns (and cases): refused whoever asks.
    const haining = await regionByCode(app(), '330481');
    expectProblem(await call(app(), tx.ops, 'POST', `/api/v1/regions/${haining.id}/retire`, { version: haining.version, reason: '测试' }), 409);
  });
});
