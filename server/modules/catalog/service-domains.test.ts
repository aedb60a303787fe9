// Issue 16 §3: each city keeps its own service domains, as data with a page — listed per city, added, renamed,
// reordered, retired and restored by the city's office (catalog.manage), another city's answered 404; a new city
// starts with the national defaults, and a city copied from another gets that city's domains too. Projects read the
// domains of their department's city.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';
import { DEFAULT_SERVICE_DOMAINS } from './catalog.template.js';

const ctx = useTestApp('admin', 'xucun', 'auditor');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;

interface Domain {
  cityId: string;
  code: string;
  name: string;
  sortOrder: number;
  retired: boolean;
}

async function domainsOf(session: Session, query = ''): Promise<Domain[]> {
  const res = await call(app(), session, 'GET', `/api/v1/catalog${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ domains: Domain[] }>().domains;
}

const expectedOf = (d: Domain) => ({ name: d.name, sortOrder: d.sortOrder, retired: d.retired });
const patchUrl = (d: Pick<Domain, 'cityId' | 'code'>) => `/api/v1/catalog/domains/${d.cityId}/${d.code}`;

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('a city’s service domains', () => {
  it('are listed to each city’s own people only; another city’s answer 404', async () => {
    const haining = await domainsOf(ctx.as.admin);
    expect(haining.length).toBeGreaterThan(10);
    expect(haining.every((d) => d.cityId === tx.haining.id)).toBe(true);
    expect((await domainsOf(ctx.as.xucun)).every((d) => d.cityId === tx.haining.id)).toBe(true);
    const tongxiang = await domainsOf(tx.admin);
    expect(tongxiang.every((d) => d.cityId === tx.city.id)).toBe(true);
    expect((await domainsOf(tx.town)).every((d) => d.cityId === tx.city.id)).toBe(true);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/catalog?cityId=${tx.haining.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/catalog?cityId=${tx.city.id}`), 404, 'not_found');
    // Those who read every city's read both, each domain with its city, and one city when they name it.
    expect(new Set((await domainsOf(ctx.as.auditor)).map((d) => d.cityId))).toEqual(new Set([tx.haining.id, tx.city.id]));
    expect((await domainsOf(tx.ops, `?cityId=${tx.city.id}`)).map((d) => d.code).sort()).toEqual(tongxiang.map((d) => d.code).sort());
  });

  it('start as the defaults plus the city copied from, and copying again adds nothing', async () => {
    const haining = await domainsOf(ctx.as.admin);
    const tongxiang = await domainsOf(tx.admin);
    const codes = new Set(tongxiang.map((d) => d.code));
    for (const d of DEFAULT_SERVICE_DOMAINS) expect(codes.has(d.code), d.code).toBe(true);
    for (const d of haining.filter((x) => !x.retired)) expect(codes.has(d.code), d.code).toBe(true);
    expect(new Set(tongxiang.map((d) => d.name)).size).toBe(tongxiang.length);
    const again = await call(app(), tx.ops, 'POST', `/api/v1/cities/${tx.city.id}/copy-template`, { fromCityId: tx.haining.id });
    expect(again.statusCode, again.body).toBe(200);
    const part = again.json<{ parts: { module: string; copied: number; skipped: number }[] }>().parts.find((p) => p.module === 'catalog');
    expect(part).toMatchObject({ copied: 0 });
    expect((await domainsOf(tx.admin)).length).toBe(tongxiang.length);
  });

  it('are added by the city’s office to its own city; a duplicate code or name in the same city is a field error', async () => {
    const created = await call(app(), tx.admin, 'POST', '/api/v1/catalog/domains', { code: 'silverAge', name: '银龄互助', sortOrder: 50 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ cityId: tx.city.id, code: 'silverAge', name: '银龄互助', sortOrder: 50, retired: false });
    // The same code and name in another city is no clash.
    const inHaining = await call(app(), ctx.as.admin, 'POST', '/api/v1/catalog/domains', { code: 'silverAge', name: '银龄互助' });
    expect(inHaining.statusCode, inHaining.body).toBe(201);
    expect(inHaining.json()).toMatchObject({ cityId: tx.haining.id });

    const code = expectProblem(await call(app(), tx.admin, 'POST', '/api/v1/catalog/domains', { code: 'silverAge', name: '另一个名称' }), 409, 'duplicate') as unknown as { errors: { path: string; message: string }[] };
    expect(code.errors).toEqual([{ path: 'code', message: expect.stringContaining('银龄互助') }]);
    const name = expectProblem(await call(app(), tx.admin, 'POST', '/api/v1/catalog/domains', { code: 'silverAgeTwo', name: '银龄互助' }), 409, 'duplicate') as unknown as { errors: { path: string }[] };
    expect(name.errors.map((e) => e.path)).toEqual(['name']);
    expect(failedFields(await call(app(), tx.admin, 'POST', '/api/v1/catalog/domains', { code: 'Bad code', name: '坏编码' }), 'validation')).toEqual(['code']);

    // Another city is out of reach; a role without catalog.manage is refused at the gate.
    expectProblem(await call(app(), tx.admin, 'POST', '/api/v1/catalog/domains', { cityId: tx.haining.id, code: 'intruder', name: '越界领域' }), 404, 'not_found');
    expectProblem(await call(app(), tx.town, 'POST', '/api/v1/catalog/domains', { code: 'townOwn', name: '镇街领域' }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.xucun, 'POST', '/api/v1/catalog/domains', { code: 'townOwn', name: '镇街领域' }), 403, 'forbidden');
    // The platform administrator keeps several cities' and names one.
    expect(failedFields(await call(app(), tx.ops, 'POST', '/api/v1/catalog/domains', { code: 'opsOwn', name: '平台领域' }), 'validation')).toEqual(['cityId']);
    const byOps = await call(app(), tx.ops, 'POST', '/api/v1/catalog/domains', { cityId: tx.city.id, code: 'opsOwn', name: '平台领域' });
    expect(byOps.statusCode, byOps.body).toBe(201);

    const [audited] = await rows<{ entity_id: string; actor_username: string }>(db(), sql`select entity_id, actor_username from audit_events where action = 'catalog.domainCreate' and entity_id = ${`${tx.city.id}/silverAge`}`);
    expect(audited).toEqual({ entity_id: `${tx.city.id}/silverAge`, actor_username: 'tx_admin' });
  });

  it('are renamed, reordered, retired and restored by the city’s office, checked against the state read and audited', async () => {
    const added = await call(app(), tx.admin, 'POST', '/api/v1/catalog/domains', { code: 'riverGuard', name: '河道守护', sortOrder: 60 });
    expect(added.statusCode, added.body).toBe(201);
    let d = added.json<Domain>();

    const renamed = await call(app(), tx.admin, 'PATCH', patchUrl(d), { expected: expectedOf(d), name: '河湖守护', sortOrder: 61 });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toEqual({ ...d, name: '河湖守护', sortOrder: 61 });
    // The state read before the rename is stale now: 409, with the domain as it is.
    const stale = expectProblem(await call(app(), tx.admin, 'PATCH', patchUrl(d), { expected: expectedOf(d), name: '旧读数' }), 409, 'stale') as unknown as { current: Domain };
    expect(stale.current).toMatchObject({ code: 'riverGuard', name: '河湖守护' });
    d = renamed.json<Domain>();

    const retired = await call(app(), tx.admin, 'PATCH', patchUrl(d), { expected: expectedOf(d), retired: true });
    expect(retired.json()).toMatchObject({ retired: true, name: '河湖守护' });
    d = retired.json<Domain>();
    // Retired, its name is free for a new domain; restoring it under that name is then refused as a duplicate.
    const taker = await call(app(), tx.admin, 'POST', '/api/v1/catalog/domains', { code: 'lakeGuard', name: '河湖守护' });
    expect(taker.statusCode, taker.body).toBe(201);
    const clash = expectProblem(await call(app(), tx.admin, 'PATCH', patchUrl(d), { expected: expectedOf(d), retired: false }), 409, 'duplicate') as unknown as { errors: { path: string }[] };
    expect(clash.errors.map((e) => e.path)).toEqual(['name']);
    const restored = await call(app(), tx.admin, 'PATCH', patchUrl(d), { expected: expectedOf(d), retired: false, name: '河道守护' });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ retired: false, name: '河道守护' });
    d = restored.json<Domain>();
    // Renaming to another current domain's name is refused too; a retired code cannot be added again.
    expect((expectProblem(await call(app(), tx.admin, 'PATCH', patchUrl(d), { expected: expectedOf(d), name: '河湖守护' }), 409, 'duplicate') as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['name']);

    // Another city's office: 404, as a missing domain; a role without catalog.manage: 403.
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', patchUrl(d), { expected: expectedOf(d), name: '越界改名' }), 404, 'not_found');
    expectProblem(await call(app(), tx.admin, 'PATCH', patchUrl({ cityId: tx.haining.id, code: 'children' }), { expected: { name: '儿童', sortOrder: 1, retired: false }, name: '越界改名' }), 404, 'not_found');
    expectProblem(await call(app(), tx.admin, 'PATCH', patchUrl({ cityId: tx.city.id, code: 'noSuchDomain' }), { expected: { name: '无', sortOrder: 0, retired: false }, name: '无' }), 404, 'not_found');
    expectProblem(await call(app(), tx.town, 'PATCH', patchUrl(d), { expected: expectedOf(d), name: '镇街改名' }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.xucun, 'PATCH', patchUrl({ cityId: tx.haining.id, code: 'children' }), { expected: { name: '儿童', sortOrder: 1, retired: false }, name: '镇街改名' }), 403, 'forbidden');
    expect((await domainsOf(ctx.as.admin)).find((x) => x.code === 'children')).toMatchObject({ name: '儿童' });

    const trail = await rows<{ action: string }>(db(), sql`select action from audit_events where entity_type = 'serviceDomain' and entity_id = ${`${tx.city.id}/riverGuard`} order by seq`);
    expect(trail.map((e) => e.action)).toEqual(['catalog.domainCreate', 'catalog.domainUpdate', 'catalog.domainUpdate', 'catalog.domainUpdate']);
  });
});

describe('a city made without a template', () => {
  it('starts with the national default domains, none of them Haining’s own', async () => {
    const made = await call(app(), tx.ops, 'POST', '/api/v1/regions', { kind: 'city', code: '330402', name: '南湖区' });
    expect(made.statusCode, made.body).toBe(201);
    const cityId = made.json<{ id: string }>().id;
    const domains = await domainsOf(tx.ops, `?cityId=${cityId}`);
    expect(domains.map((d) => d.code)).toEqual(DEFAULT_SERVICE_DOMAINS.map((d) => d.code));
    expect(domains.every((d) => d.cityId === cityId && !d.retired)).toBe(true);
    expect(domains.map((d) => d.code)).not.toContain('publicEmployeeMentalHealth');
  });
});

describe('projects and their city’s domains', () => {
  it('a proposal names its department’s city’s current domains; a project shows its city’s names', async () => {
    const onlyHaining = await call(app(), ctx.as.admin, 'POST', '/api/v1/catalog/domains', { code: 'tideWatch', name: '观潮服务' });
    expect(onlyHaining.statusCode, onlyHaining.body).toBe(201);
    const categories = (await call(app(), tx.admin, 'GET', '/api/v1/catalog')).json<{ categories: { id: string; retired: boolean }[] }>().categories;
    const proposal = {
      title: '梧桐街道困境儿童关爱服务',
      summary: '为梧桐街道困境儿童提供关爱与陪伴服务，建立一人一档。',
      year: 2026,
      departmentId: tx.department.id,
      catalogCategoryId: categories.find((c) => !c.retired)!.id,
      domains: ['children', 'tideWatch'],
      targetGroups: ['困境儿童'],
      townIds: [tx.towns[0].id],
      budgetFen: 5_000_000,
      durationMonths: 12,
      indicators: [{ kind: 'output', name: '服务儿童', target: 50, unit: '人' }],
    };
    // Haining's domain is not Tongxiang's to serve.
    expect(failedFields(await call(app(), tx.departmentStaff, 'POST', '/api/v1/projects', proposal))).toEqual(['domains']);
    // A retired domain of the city is not chosen either.
    const tongxiang = await domainsOf(tx.admin);
    const youth = tongxiang.find((d) => d.code === 'youth')!;
    expect((await call(app(), tx.admin, 'PATCH', patchUrl(youth), { expected: expectedOf(youth), retired: true })).statusCode).toBe(200);
    expect(failedFields(await call(app(), tx.departmentStaff, 'POST', '/api/v1/projects', { ...proposal, domains: ['children', 'youth'] }))).toEqual(['domains']);

    // Tongxiang renames its children's domain; its project reads Tongxiang's name, Haining's projects Haining's.
    const children = tongxiang.find((d) => d.code === 'children')!;
    expect((await call(app(), tx.admin, 'PATCH', patchUrl(children), { expected: expectedOf(children), name: '少年儿童' })).statusCode).toBe(200);
    const ok = await call(app(), tx.departmentStaff, 'POST', '/api/v1/projects', { ...proposal, domains: ['children'] });
    expect(ok.statusCode, ok.body).toBe(201);
    const mine = await call(app(), tx.departmentStaff, 'GET', `/api/v1/projects/${ok.json<{ id: string }>().id}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json<{ domains: { code: string; name: string }[] }>().domains).toEqual([{ code: 'children', name: '少年儿童' }]);
    const [hainingProject] = await rows<{ case_id: string }>(db(), sql`select case_id from service_projects where 'children' = any(domains) and department_id <> ${tx.department.id} order by number limit 1`);
    const theirs = await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${hainingProject.case_id}`);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json<{ domains: { code: string; name: string }[] }>().domains).toContainEqual({ code: 'children', name: '儿童' });
  });
});
