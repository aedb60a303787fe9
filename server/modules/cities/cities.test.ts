import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';
import { defaultCitySettings } from './cities.presenter.js';

const ctx = useTestApp('admin', 'minzheng', 'auditor');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;

interface Dept {
  id: string;
  cityId: string;
  name: string;
  shortName: string;
  retired: boolean;
  version: number;
}
const departmentsOf = async (session: SecondCity['admin'], query = '') => {
  const res = await call(app(), session, 'GET', `/api/v1/departments${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Dept[] }>().items;
};

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('a city’s departments', () => {
  it('start as a copy of Haining’s, with the city’s name in them, and copying again adds nothing', async () => {
    const haining = await departmentsOf(ctx.as.admin);
    const tongxiang = await departmentsOf(tx.admin);
    expect(tongxiang.length).toBe(haining.length);
    expect(tongxiang.every((d) => d.cityId === tx.city.id)).toBe(true);
    expect(tongxiang.map((d) => d.name)).toContain('桐乡市民政局');
    expect(tongxiang.some((d) => d.name.includes('海宁'))).toBe(false);
    const again = await call(app(), tx.ops, 'POST', `/api/v1/cities/${tx.city.id}/copy-template`, { fromCityId: tx.haining.id });
    expect(again.statusCode, again.body).toBe(200);
    const part = again.json<{ parts: { module: string; copied: number; skipped: number }[] }>().parts.find((p) => p.module === 'departments');
    expect(part).toEqual(expect.objectContaining({ copied: 0, skipped: haining.length }));
  });

  it('are listed to each city’s own people only; another city’s answer 404', async () => {
    expect((await departmentsOf(ctx.as.admin)).every((d) => d.cityId === tx.haining.id)).toBe(true);
    expect((await departmentsOf(tx.town)).every((d) => d.cityId === tx.city.id)).toBe(true);
    expect((await departmentsOf(tx.departmentStaff)).every((d) => d.cityId === tx.city.id)).toBe(true);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/departments?cityId=${tx.haining.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.minzheng, 'GET', `/api/v1/departments?cityId=${tx.city.id}`), 404, 'not_found');
    // The auditor and the platform administrator read every city's, each named by its city.
    const all = await departmentsOf(ctx.as.auditor);
    expect(new Set(all.map((d) => d.cityId))).toEqual(new Set([tx.haining.id, tx.city.id]));
  });

  it('are created, renamed, retired and restored by the city’s office, version-checked and audited', async () => {
    const created = await call(app(), tx.admin, 'POST', '/api/v1/departments', { name: '桐乡市数据局', shortName: '数据局', kind: 'government', isServiceDepartment: true });
    expect(created.statusCode, created.body).toBe(201);
    const d = created.json<Dept>();
    expect(d).toMatchObject({ cityId: tx.city.id, isServiceDepartment: true, retired: false, version: 1 });
    // The same name twice in one city is refused on the name; Haining may have its own.
    expect(failedFields(await call(app(), tx.admin, 'POST', '/api/v1/departments', { name: '桐乡市数据局', shortName: '数据局', kind: 'government' }))).toEqual(['name']);
    expect(failedFields(await call(app(), tx.admin, 'POST', '/api/v1/departments', { name: '局', shortName: '', kind: 'nothing' }))).toEqual(expect.arrayContaining(['name', 'shortName', 'kind']));
    const renamed = await call(app(), tx.admin, 'PATCH', `/api/v1/departments/${d.id}`, { version: 1, name: '桐乡市数字化改革办公室' });
    expect(renamed.json<Dept>()).toMatchObject({ name: '桐乡市数字化改革办公室', version: 2 });
    expectProblem(await call(app(), tx.admin, 'PATCH', `/api/v1/departments/${d.id}`, { version: 1, retired: true }), 409, 'conflict');
    // Another city's office does not find it; a town's staff may not change departments at all.
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/departments/${d.id}`, { version: 2, retired: true }), 404, 'not_found');
    expectProblem(await call(app(), tx.town, 'PATCH', `/api/v1/departments/${d.id}`, { version: 2, retired: true }), 403);
    const retired = await call(app(), tx.admin, 'PATCH', `/api/v1/departments/${d.id}`, { version: 2, retired: true });
    expect(retired.json<Dept>().retired).toBe(true);
    expect((await departmentsOf(tx.admin)).map((x) => x.id)).not.toContain(d.id);
    expect((await departmentsOf(tx.admin, '?includeRetired=true')).map((x) => x.id)).toContain(d.id);
    const audit = await rows<{ action: string }>(db(), sql`select action from audit_events where entity_id = ${d.id} order by seq`);
    expect(audit.map((a) => a.action)).toEqual(['department.create', 'department.update', 'department.update']);
  });
});

describe('a city’s settings', () => {
  it('run on defaults made from the city until saved: 浙桐 for Tongxiang, 浙海 for Haining', async () => {
    expect(defaultCitySettings({ name: '海宁市', code: '330481' }).certPrefix).toBe('浙海');
    const res = await call(app(), tx.admin, 'GET', '/api/v1/cities');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { id: string; settings: { certPrefix: string; registrationAuthority: string; version: number }; manageable: boolean }[] }>().items;
    expect(items).toEqual([expect.objectContaining({ id: tx.city.id, manageable: true, settings: expect.objectContaining({ certPrefix: '浙桐', registrationAuthority: '桐乡市民政局', version: 0 }) })]);
    const both = await call(app(), tx.ops, 'GET', '/api/v1/cities');
    expect(both.json<{ items: { name: string }[] }>().items.map((c) => c.name)).toEqual(['海宁市', '桐乡市']);
  });

  it('are saved by the city’s office with a version check; bad input is refused per field; another city answers 404', async () => {
    const body = { version: 0, certPrefix: '浙桐', registrationAuthority: '桐乡市民政局', portalName: '桐乡市社会组织服务平台', portalContact: '0573-88888888', portalAddress: '桐乡市庆丰中路 1 号' };
    expect(failedFields(await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.city.id}/settings`, { ...body, certPrefix: 'ZT', portalName: '' }))).toEqual(['certPrefix', 'portalName']);
    expectProblem(await call(app(), ctx.as.admin, 'PUT', `/api/v1/cities/${tx.city.id}/settings`, body), 404, 'not_found');
    expectProblem(await call(app(), tx.town, 'PUT', `/api/v1/cities/${tx.city.id}/settings`, body), 403);
    const saved = await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.city.id}/settings`, body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ settings: { portalContact: '0573-88888888', version: 1 } });
    expectProblem(await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.city.id}/settings`, body), 409, 'conflict');
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/cities/${tx.haining.id}`), 404, 'not_found');
    const pub = await call(app(), null, 'GET', '/api/v1/public/cities');
    expect(pub.json<{ items: { name: string; portalContact: string }[] }>().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: '桐乡市', portalContact: '0573-88888888' }), expect.objectContaining({ name: '海宁市' })]),
    );
  });

  it('copying a template is the platform administrator’s (a city office cannot read the other city)', async () => {
    expectProblem(await call(app(), tx.admin, 'POST', `/api/v1/cities/${tx.city.id}/copy-template`, { fromCityId: tx.haining.id }), 404, 'not_found');
    expect(failedFields(await call(app(), tx.ops, 'POST', `/api/v1/cities/${tx.city.id}/copy-template`, { fromCityId: tx.city.id }))).toEqual(['fromCityId']);
  });
});

describe('a city’s funds', () => {
  it('are its own: set up by its office, shared out to its departments only, invisible to the other city', async () => {
    const created = await call(app(), tx.admin, 'POST', '/api/v1/funds', { year: 2026, name: '2026 年度社会组织发展专项经费', totalFen: 300_000_000, lines: [{ code: 'services', name: '购买服务', purpose: 'services', budgetFen: 200_000_000 }] });
    expect(created.statusCode, created.body).toBe(201);
    const fund = created.json<{ id: string; cityId: string; scope: string; lines: { id: string }[] }>();
    expect(fund).toMatchObject({ cityId: tx.city.id, scope: 'city' });
    const [haining] = await rows<{ id: string }>(db(), sql`select id from departments where city_id = ${tx.haining.id} and short_name = '民政局'`);
    expect(failedFields(await call(app(), tx.admin, 'POST', `/api/v1/fund-lines/${fund.lines[0].id}/allocations`, { departmentId: haining.id, budgetFen: 1_000_000 }))).toEqual(['departmentId']);
    const shared = await call(app(), tx.admin, 'POST', `/api/v1/fund-lines/${fund.lines[0].id}/allocations`, { departmentId: tx.department.id, budgetFen: 50_000_000 });
    expect(shared.statusCode, shared.body).toBeLessThan(300);
    // Haining's office sees only Haining's funds, and Tongxiang's answers 404 — its ledger too.
    const hainingFunds = (await call(app(), ctx.as.admin, 'GET', '/api/v1/funds')).json<{ items: { id: string; cityId: string }[] }>().items;
    expect(hainingFunds.length).toBeGreaterThan(0);
    expect(hainingFunds.every((f) => f.cityId === tx.haining.id)).toBe(true);
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/funds/${fund.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/funds/${fund.id}/ledger`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/fund-lines/${fund.lines[0].id}`, { version: 1, name: '改名' }), 404, 'not_found');
    // Tongxiang's office sees its own fund only; its department sees its share.
    expect((await call(app(), tx.admin, 'GET', '/api/v1/funds')).json<{ items: { id: string }[] }>().items.map((f) => f.id)).toEqual([fund.id]);
    const mine = await call(app(), tx.departmentStaff, 'GET', `/api/v1/funds/${fund.id}`);
    expect(mine.json()).toMatchObject({ scope: 'department', totalFen: 50_000_000 });
    expectProblem(await call(app(), tx.departmentStaff, 'GET', `/api/v1/funds/${hainingFunds[0].id}`), 404, 'not_found');
  });
});

describe('a city’s catalog', () => {
  it('starts as a copy of Haining’s; each city lists and changes its own; a proposal names its own city’s category', async () => {
    const list = async (session: SecondCity['admin']) => {
      const res = await call(app(), session, 'GET', '/api/v1/catalog');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ categories: { id: string; cityId: string; code: string; version: number }[] }>().categories;
    };
    const haining = await list(ctx.as.admin);
    const tongxiang = await list(tx.admin);
    expect(tongxiang.map((c) => c.code).sort()).toEqual(haining.filter((c) => c.cityId === tx.haining.id).map((c) => c.code).sort());
    expect(tongxiang.every((c) => c.cityId === tx.city.id)).toBe(true);
    expect(haining.every((c) => c.cityId === tx.haining.id)).toBe(true);
    // The same code in another city is no clash; another city's category is not there to change.
    const created = await call(app(), tx.admin, 'POST', '/api/v1/catalog/categories', { code: 'tx.silver', tier: 'featured', name: '桐乡银龄互助' });
    expect(created.statusCode, created.body).toBe(201);
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/catalog/categories/${tongxiang[0].id}`, { version: tongxiang[0].version, name: '越界改名' }), 404, 'not_found');
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/catalog?cityId=${tx.haining.id}`), 404, 'not_found');
    // Tongxiang's department cannot buy from Haining's catalog.
    const [hainingCategory] = haining;
    const [town] = tx.towns;
    const proposal = { title: '梧桐街道困境儿童关爱服务', summary: '为梧桐街道困境儿童提供关爱与陪伴服务，建立一人一档。', year: 2026, departmentId: tx.department.id, catalogCategoryId: hainingCategory.id, domains: ['children'], targetGroups: ['困境儿童'], townIds: [town.id], budgetFen: 5_000_000, durationMonths: 12, indicators: [{ kind: 'output', name: '服务儿童', target: 50, unit: '人' }] };
    expect(failedFields(await call(app(), tx.departmentStaff, 'POST', '/api/v1/projects', proposal))).toEqual(['catalogCategoryId']);
    const ok = await call(app(), tx.departmentStaff, 'POST', '/api/v1/projects', { ...proposal, catalogCategoryId: tongxiang[0].id });
    expect(ok.statusCode, ok.body).toBe(201);
    // A town of another city is refused too: a city's money buys its own towns' services.
    const [xucun] = await rows<{ id: string }>(db(), sql`select id from regions where code = '330481101'`);
    expect(failedFields(await call(app(), tx.departmentStaff, 'POST', '/api/v1/projects', { ...proposal, catalogCategoryId: tongxiang[0].id, townIds: [xucun.id] }))).toEqual(['townIds']);
  });
});

describe('a city made without a template', () => {
  it('starts with the platform’s defaults: the two legal-minimum bidding rules and no departments', async () => {
    const made = await call(app(), tx.ops, 'POST', '/api/v1/regions', { kind: 'city', code: '330402', name: '南湖区' });
    expect(made.statusCode, made.body).toBe(201);
    const cityId = made.json<{ id: string }>().id;
    const rules = await rows<{ code: string }>(db(), sql`select code from eligibility_rules where city_id = ${cityId} order by sort_order`);
    expect(rules.map((r) => r.code)).toEqual(['active', 'noBadCredit']);
    expect(await rows(db(), sql`select id from departments where city_id = ${cityId}`)).toEqual([]);
    // Copying another city's rules afterwards adds the rest and leaves these as they are.
    const copy = await call(app(), tx.ops, 'POST', `/api/v1/cities/${cityId}/copy-template`, { fromCityId: tx.haining.id });
    expect(copy.statusCode, copy.body).toBe(200);
    const after = await rows<{ code: string }>(db(), sql`select code from eligibility_rules where city_id = ${cityId}`);
    const hainingRules = await rows<{ code: string }>(db(), sql`select code from eligibility_rules where city_id = ${tx.haining.id}`);
    expect(after.map((r) => r.code).sort()).toEqual(hainingRules.map((r) => r.code).sort());
  });
});
