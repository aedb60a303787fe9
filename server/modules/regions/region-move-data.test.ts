// A region that moves takes what lies in it along (issue 14 §6): the organizations registered there, the cases
// filed there and the applications' towns follow the region's new path, so the new town reaches them and the
// old town no longer does. Before, only regions.path was rewritten.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, expectProblem, regionByCode, useTestApp } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';

const ctx = useTestApp('admin', 'xucun');
const db = () => ctx.t.app.database.db;

describe('moving a community to another town', () => {
  it('moves its organizations, cases and applications with it', async () => {
    const xc = await regionByCode(ctx.t.app, '330481101');
    const changan = await regionByCode(ctx.t.app, '330481103');
    // The 许村镇 community with the most organizations registered in it (or under its grids).
    const [community] = await rows<{ id: string; path: string; version: number; orgs: number }>(
      db(),
      sql`select r.id, r.path, r.version, (select count(*)::int from orgs o where o.region_path like r.path || '%') as orgs
          from regions r where r.parent_id = ${xc.id} and r.level = 'community' order by orgs desc, r.code limit 1`,
    );
    expect(community.orgs).toBeGreaterThan(0);
    const [org] = await rows<{ id: string; name: string }>(db(), sql`select id, name from orgs where region_path like ${community.path} || '%' order by name limit 1`);
    // An application filed in that community: its case lies in the community, its town is 许村镇.
    const [app] = await rows<{ case_id: string }>(db(), sql`select case_id from applications where town_id = ${xc.id} order by case_id limit 1`);
    await db().execute(sql`update cases set region_path = ${community.path} where id = ${app.case_id}`);
    expect((await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/orgs/${org.id}`)).statusCode).toBe(200);
    expect((await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/applications/${app.case_id}`)).statusCode).toBe(200);

    const moved = await call(ctx.t.app, ctx.as.admin, 'PATCH', `/api/v1/regions/${community.id}`, { version: community.version, parentId: changan.id });
    expect(moved.statusCode).toBe(200);
    const newPath = `${changan.path}${community.id}/`;

    const orgsNow = await rows<{ region_path: string; town_id: string }>(db(), sql`select region_path, town_id from orgs where region_path like ${newPath} || '%'`);
    expect(orgsNow).toHaveLength(community.orgs);
    expect(orgsNow.every((o) => o.town_id === changan.id)).toBe(true);
    const [left] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from orgs where region_path like ${community.path} || '%'`);
    expect(left.n).toBe(0);
    const [caseNow] = await rows<{ region_path: string }>(db(), sql`select region_path from cases where id = ${app.case_id}`);
    expect(caseNow.region_path).toBe(newPath);
    const [appNow] = await rows<{ town_id: string }>(db(), sql`select town_id from applications where case_id = ${app.case_id}`);
    expect(appNow.town_id).toBe(changan.id);

    // 许村镇's staff no longer reach the organization or the application.
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/orgs/${org.id}`), 404, 'not_found');
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/applications/${app.case_id}`), 404, 'not_found');
    const search = `/api/v1/orgs?q=${encodeURIComponent(org.name)}`;
    expect((await call(ctx.t.app, ctx.as.xucun, 'GET', search)).json().items.map((o: { id: string }) => o.id)).not.toContain(org.id);
    expect((await call(ctx.t.app, ctx.as.admin, 'GET', search)).json().items.map((o: { id: string }) => o.id)).toContain(org.id);
  });
});
