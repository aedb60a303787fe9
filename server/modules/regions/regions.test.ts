import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, expectProblem, failedFields, login, regionByCode, useTestApp } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';
import { recountRegions } from './regions.queries.js';

const ctx = useTestApp('admin', 'xucun', 'auditor');

describe('reading the region tree', () => {
  it('lists the 12 towns and subdistricts of Haining with official codes', async () => {
    const res = await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/regions?level=town');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { name: string; code: string; level: string; kind: string; id: string }[];
    expect(items).toHaveLength(12);
    expect(items.map((i) => i.code)).toContain('330481101');
    expect(items.find((i) => i.code === '330481101')).toMatchObject({ name: '许村镇', level: 'town', kind: 'town' });
    expect(items.find((i) => i.code === '330481001')).toMatchObject({ name: '硖石街道', kind: 'subdistrict' });
  });

  it('gives a node with subtree counts and its children', async () => {
    const xc = await regionByCode(ctx.t.app, '330481101');
    const node = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${xc.id}`)).json();
    expect(node.counts.communities).toBeGreaterThan(10);
    expect(node.counts.grids).toBeGreaterThanOrEqual(node.counts.communities * 3);
    const children = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${xc.id}/children?limit=100`)).json();
    expect(children.items).toHaveLength(node.counts.communities);
    expect(children.items.every((c: { level: string; parentId: string }) => c.level === 'community' && c.parentId === xc.id)).toBe(true);
  });

  it('pages with a keyset cursor, limit at most 100', async () => {
    const first = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/regions?level=community&limit=100')).json();
    expect(first.items).toHaveLength(100);
    const second = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions?level=community&limit=100&cursor=${first.nextCursor}`)).json();
    const third = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions?level=community&limit=100&cursor=${second.nextCursor}`)).json();
    const all = [...first.items, ...second.items, ...third.items];
    expect(all).toHaveLength(236);
    expect(new Set(all.map((r: { id: string }) => r.id)).size).toBe(236);
    expect(third.nextCursor).toBeNull();
    expectProblem(await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/regions?limit=101'), 422, 'validation');
  });

  it('finds regions by a Chinese substring', async () => {
    const res = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions?q=${encodeURIComponent('长安')}`)).json();
    expect(res.items.map((r: { name: string }) => r.name)).toContain('长安镇');
  });

  it('a town user sees only their own subtree; another town is 404, not 403', async () => {
    const towns = (await call(ctx.t.app, ctx.as.xucun, 'GET', '/api/v1/regions?level=town')).json();
    expect(towns.items.map((r: { name: string }) => r.name)).toEqual(['许村镇']);
    const roots = (await call(ctx.t.app, ctx.as.xucun, 'GET', '/api/v1/regions/roots')).json();
    expect(roots.items.map((r: { name: string }) => r.name)).toEqual(['许村镇']);
    const changan = await regionByCode(ctx.t.app, '330481103');
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/regions/${changan.id}`), 404, 'not_found');
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/regions/${changan.id}/children`), 404, 'not_found');
    const city = await regionByCode(ctx.t.app, '330481');
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/regions/${city.id}`), 404);
    const own = await regionByCode(ctx.t.app, '330481101');
    expect((await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/regions/${own.id}/children`)).statusCode).toBe(200);
    const communities = (await call(ctx.t.app, ctx.as.xucun, 'GET', '/api/v1/regions?level=community&limit=100')).json();
    expect(communities.items.every((c: { parentId: string }) => c.parentId === own.id)).toBe(true);
  });

  it('refuses anonymous callers with 401', async () => {
    const own = await regionByCode(ctx.t.app, '330481101');
    expectProblem(await call(ctx.t.app, null, 'GET', `/api/v1/regions/${own.id}`), 401, 'unauthenticated');
    expectProblem(await call(ctx.t.app, null, 'GET', '/api/v1/regions?level=town'), 401);
  });

  it('answers a malformed id with 422', async () => {
    expectProblem(await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/regions/not-a-uuid'), 422, 'validation');
  });
});

describe('administering the tree', () => {
  it('adds a grid under a community, renames it, and shows the abilities only to administrators', async () => {
    const community = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions?level=community&q=${encodeURIComponent('荷叶')}`)).json().items[0];
    const created = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/regions', { parentId: community.id, name: '第九网格', code: `${community.code}009`, kind: 'grid' });
    expect(created.statusCode).toBe(201);
    const grid = created.json();
    expect(grid).toMatchObject({ level: 'grid', parentId: community.id, version: 1, abilities: { update: true, retire: true, createChild: false } });
    const renamed = await call(ctx.t.app, ctx.as.admin, 'PATCH', `/api/v1/regions/${grid.id}`, { version: 1, name: '荷花网格' });
    expect(renamed.json()).toMatchObject({ name: '荷花网格', version: 2 });
    const asAuditor = (await call(ctx.t.app, ctx.as.auditor, 'GET', `/api/v1/regions/${grid.id}`)).json();
    expect(asAuditor.abilities).toEqual({ update: false, retire: false, restore: false, createChild: false });
    const history = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${grid.id}/history`)).json();
    // Newest first, in keyset pages.
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['region.update', 'region.create']);
    expect(history.items[0].changes).toEqual({ name: { before: '第九网格', after: '荷花网格' } });
    expect(history.nextCursor).toBeNull();
    const first = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${grid.id}/history?limit=1`)).json();
    expect(first.items.map((e: { action: string }) => e.action)).toEqual(['region.update']);
    const second = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${grid.id}/history?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((e: { action: string }) => e.action)).toEqual(['region.create']);
    expect(second.nextCursor).toBeNull();
  });

  it('two administrators editing at once: one wins, the other gets 409 with the current version', async () => {
    const node = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions?level=grid&limit=1`)).json().items[0];
    const admin2 = await login(ctx.t.app, 'admin');
    const [a, b] = await Promise.all([
      call(ctx.t.app, ctx.as.admin, 'PATCH', `/api/v1/regions/${node.id}`, { version: node.version, name: '甲网格' }),
      call(ctx.t.app, admin2, 'PATCH', `/api/v1/regions/${node.id}`, { version: node.version, name: '乙网格' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({ code: 'conflict', currentVersion: node.version + 1 });
  });

  it('refuses a duplicate code and a wrong kind with field errors, changing nothing', async () => {
    const xc = await regionByCode(ctx.t.app, '330481101');
    const taken = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/regions?level=community&limit=1')).json().items[0];
    const dup = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/regions', { parentId: xc.id, name: '测试重复社区', code: taken.code, kind: 'community' });
    const dupBody = expectProblem(dup, 409, 'duplicate') as unknown as { errors: { path: string }[] };
    expect(dupBody.errors[0].path).toBe('code');
    const existing = await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions?q=${encodeURIComponent('测试重复社区')}`);
    expect(existing.json().items).toHaveLength(0);
    const wrongKind = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/regions', { parentId: xc.id, name: '新网格', code: '330481101999', kind: 'grid' });
    expect(failedFields(wrongKind, 'validation')).toEqual(['kind']);
    const unknownField = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/regions', { parentId: xc.id, name: '测试社区', code: '330481101998', kind: 'community', colour: 'red' });
    expectProblem(unknownField, 422, 'validation');
  });

  it('moves a community to another town and keeps its grids with it', async () => {
    const changan = await regionByCode(ctx.t.app, '330481103');
    const xc = await regionByCode(ctx.t.app, '330481101');
    const community = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${xc.id}/children?limit=1`)).json().items[0];
    const grids = community.counts.grids;
    const moved = await call(ctx.t.app, ctx.as.admin, 'PATCH', `/api/v1/regions/${community.id}`, { version: community.version, parentId: changan.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: changan.id, counts: { grids } });
    // the town user of 许村镇 no longer sees it; its grids moved along
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/regions/${community.id}`), 404);
    const child = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${community.id}/children?limit=1`)).json().items[0];
    const xucunSees = await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/regions/${child.id}`);
    expect(xucunSees.statusCode).toBe(404);
    // a community cannot go under a grid
    expectProblem(await call(ctx.t.app, ctx.as.admin, 'PATCH', `/api/v1/regions/${community.id}`, { version: community.version + 1, parentId: child.id }), 422);
  });

  it('retires a node only when it has no active children, and restores it with its history', async () => {
    const xc = await regionByCode(ctx.t.app, '330481101');
    const community = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${xc.id}/children?limit=1`)).json().items[0];
    const refused = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/regions/${community.id}/retire`, { version: community.version, reason: '撤村并居' });
    expectProblem(refused, 409, 'invalid_state');
    const grid = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${community.id}/children?limit=1`)).json().items[0];
    const noReason = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/regions/${grid.id}/retire`, { version: grid.version, reason: '' });
    expectProblem(noReason, 422);
    const retired = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/regions/${grid.id}/retire`, { version: grid.version, reason: '网格调整' });
    expect(retired.json()).toMatchObject({ retireReason: '网格调整', abilities: { restore: true, update: false } });
    const hidden = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${community.id}/children?limit=100`)).json().items.map((r: { id: string }) => r.id);
    expect(hidden).not.toContain(grid.id);
    const shown = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${community.id}/children?limit=100&includeRetired=true`)).json().items.map((r: { id: string }) => r.id);
    expect(shown).toContain(grid.id);
    const restored = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/regions/${grid.id}/restore`, { version: grid.version + 1 });
    expect(restored.json().retiredAt).toBeNull();
    const history = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${grid.id}/history`)).json().items.map((e: { action: string }) => e.action);
    expect(history).toEqual(['region.restore', 'region.retire']);
  });

  it('refuses writes to a town user (403) and to the auditor (403), changing nothing', async () => {
    // Read by the auditor: the office reads its own city's people's acts, and the auditor belongs to no city.
    const deniedToAuditor = async () =>
      (await call(ctx.t.app, ctx.as.auditor, 'GET', '/api/v1/audit/events?action=request.denied&actor=auditor&limit=100')).json().items as { detail: Record<string, unknown> }[];
    const before = await deniedToAuditor();
    const own = await regionByCode(ctx.t.app, '330481101');
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'PATCH', `/api/v1/regions/${own.id}`, { version: own.version, name: '许村' }), 403, 'forbidden');
    expectProblem(await call(ctx.t.app, ctx.as.auditor, 'PATCH', `/api/v1/regions/${own.id}`, { version: own.version, name: '许村' }), 403, 'forbidden');
    expectProblem(await call(ctx.t.app, ctx.as.auditor, 'POST', '/api/v1/regions', { parentId: own.id, name: 'x', code: 'X1', kind: 'community' }), 403);
    expect((await regionByCode(ctx.t.app, '330481101')).name).toBe('许村镇');
    // Both of the auditor's refusals were audited (the newest first), and nothing else.
    const denied = await deniedToAuditor();
    expect(denied.length - before.length).toBe(2);
    expect(denied.slice(0, 2).map((e) => e.detail)).toEqual([
      { method: 'POST', route: '/api/v1/regions', code: 'forbidden' },
      { method: 'PATCH', route: '/api/v1/regions/:id', code: 'forbidden' },
    ]);
  });

  it('keeps subtree counts equal to a full recount after creates, moves, retires and restores', async () => {
    const snapshot = async () =>
      rows<{ id: string; child_count: number; community_count: number; grid_count: number }>(ctx.t.app.database.db, sql`select id, child_count, community_count, grid_count from regions order by id`);
    const kept = await snapshot();
    await ctx.t.app.database.db.transaction((tx) => recountRegions(tx));
    expect(await snapshot()).toEqual(kept);
    const city = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/regions/roots')).json().items[0];
    expect(city.counts.communities).toBe(236);
  });
});

describe('names kept in memory', () => {
  it('a renamed town shows under its new name on the organizations of that town at once', async () => {
    const town = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${(await regionByCode(ctx.t.app, '330481101')).id}`)).json();
    const orgsOf = async () => (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs?townId=${town.id}&limit=3`)).json().items as { townName: string }[];
    const before = await orgsOf();
    expect(before).toHaveLength(3);
    expect(before.every((o) => o.townName === town.name)).toBe(true);
    const renamed = await call(ctx.t.app, ctx.as.admin, 'PATCH', `/api/v1/regions/${town.id}`, { version: town.version, name: `${town.name}（更名测试）` });
    expect(renamed.statusCode).toBe(200);
    expect((await orgsOf()).every((o) => o.townName === `${town.name}（更名测试）`)).toBe(true);
    const back = await call(ctx.t.app, ctx.as.admin, 'PATCH', `/api/v1/regions/${town.id}`, { version: renamed.json().version, name: town.name });
    expect(back.statusCode).toBe(200);
    expect((await orgsOf()).every((o) => o.townName === town.name)).toBe(true);
  });
});
