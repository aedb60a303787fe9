// Issue 17 §4: the office edits its city's concern categories (name, description, time limit in working days,
// retire) and routing rules (category × region → town, department or station) as data — against the version read
// (409), refused with the field named (422), duplicates 409, audited; new concerns follow at once; another city's
// records answer 404 and a town's staff are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addWorkingDays } from '../../platform/calendar/calendar.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';

const ctx = useTestApp('admin', 'xucun', 'auditor');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;

interface Category {
  id: string;
  code: string;
  name: string;
  timeLimitDays: number;
  retired: boolean;
  version: number;
}
interface Rule {
  id: string;
  categoryCode: string | null;
  region: { id: string; level: string } | null;
  target: string;
  department: { id: string } | null;
  version: number;
}

const audits = async (entityId: string, action: string) => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where entity_id = ${entityId} and action = ${action}`))[0].n;

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('categories', () => {
  it('the office adds one (its time limit is the engine’s), renames it, changes the limit, retires it — each against its version, audited', async () => {
    const made = await call(app(), tx.admin, 'POST', '/api/v1/concern-categories', { code: 'parking', name: '停车管理', description: '乱停车、占用消防通道', timeLimitDays: 4 });
    expect(made.statusCode, made.body).toBe(201);
    const c = made.json<Category>();
    expect(c).toMatchObject({ code: 'parking', name: '停车管理', timeLimitDays: 4, retired: false, version: 1 });
    const limit = async () => (await rows<{ d: number }>(db(), sql`select working_days as d from case_time_limits where city_id = ${tx.city.id} and case_type = 'concern' and variant = 'parking' and state = 'handling'`))[0]?.d;
    expect(await limit()).toBe(4);
    expectProblem(await call(app(), tx.admin, 'POST', '/api/v1/concern-categories', { code: 'parking', name: '重复类别', timeLimitDays: 4 }), 409, 'duplicate');
    expect(failedFields(await call(app(), tx.admin, 'POST', '/api/v1/concern-categories', { code: 'Bad Code', name: '坏', timeLimitDays: 0 }))).toEqual(['code', 'name', 'timeLimitDays']);

    const renamed = await call(app(), tx.admin, 'PATCH', `/api/v1/concern-categories/${c.id}`, { version: 1, name: '停车秩序', timeLimitDays: 6 });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json<Category>()).toMatchObject({ name: '停车秩序', timeLimitDays: 6, version: 2 });
    expect(await limit()).toBe(6);
    expectProblem(await call(app(), tx.admin, 'PATCH', `/api/v1/concern-categories/${c.id}`, { version: 1, name: '过期的修改' }), 409, 'conflict');
    expect(failedFields(await call(app(), tx.admin, 'PATCH', `/api/v1/concern-categories/${c.id}`, { version: 2, timeLimitDays: 61 }))).toEqual(['timeLimitDays']);

    // A concern of the category: handling it is due 6 working days after it starts.
    const concern = await call(app(), tx.admin, 'POST', '/api/v1/concerns', { categoryCode: 'parking', regionId: tx.communities[0].id, description: '小区门口车辆乱停，堵住了消防通道。' });
    expect(concern.statusCode, concern.body).toBe(201);
    const id = concern.json<{ id: string }>().id;
    for (const [event, version] of [['accept', 1], ['start', 2]] as const) expect((await call(app(), tx.admin, 'POST', `/api/v1/cases/${id}/transitions`, { event, version })).statusCode).toBe(200);
    const [due] = await rows<{ due: string; start: string }>(db(), sql`select c.due_on::text as due, (c.state_entered_at at time zone 'Asia/Shanghai')::date::text as start from cases c where c.id = ${id}::uuid`);
    expect(due.due).toBe(await addWorkingDays(db(), due.start, 6));

    const retired = await call(app(), tx.admin, 'PATCH', `/api/v1/concern-categories/${c.id}`, { version: 2, retired: true });
    expect(retired.json<Category>()).toMatchObject({ retired: true, version: 3 });
    expect(failedFields(await call(app(), tx.admin, 'POST', '/api/v1/concerns', { categoryCode: 'parking', regionId: tx.communities[0].id, description: '停用类别下不能再登记民情。' }))).toEqual(['categoryCode']);
    const listed = (await call(app(), tx.admin, 'GET', '/api/v1/concern-categories')).json<{ items: Category[] }>().items;
    expect(listed.find((x) => x.code === 'parking')).toMatchObject({ retired: true });
    expect((await app().inject({ method: 'GET', url: '/api/v1/public/concern-categories?city=330483' })).json<{ items: Category[] }>().items.map((x) => x.code)).not.toContain('parking');
    expect(await audits(c.id, 'concern.category')).toBe(3);
  });

  it('keeps one category in use; another city’s office gets 404, a town’s staff 403', async () => {
    const all = (await call(app(), tx.admin, 'GET', '/api/v1/concern-categories')).json<{ items: Category[] }>().items.filter((c) => !c.retired);
    for (const c of all.slice(1)) expect((await call(app(), tx.admin, 'PATCH', `/api/v1/concern-categories/${c.id}`, { version: c.version, retired: true })).statusCode).toBe(200);
    expect(failedFields(await call(app(), tx.admin, 'PATCH', `/api/v1/concern-categories/${all[0].id}`, { version: all[0].version, retired: true }))).toEqual(['retired']);
    // …and brings them back.
    const again = (await call(app(), tx.admin, 'GET', '/api/v1/concern-categories')).json<{ items: Category[] }>().items;
    for (const c of again.filter((x) => x.retired && x.code !== 'parking')) expect((await call(app(), tx.admin, 'PATCH', `/api/v1/concern-categories/${c.id}`, { version: c.version, retired: false })).statusCode).toBe(200);

    const haining = (await call(app(), ctx.as.admin, 'GET', '/api/v1/concern-categories')).json<{ items: Category[] }>().items;
    expect(haining.map((c) => c.code)).not.toContain('parking');
    expectProblem(await call(app(), tx.admin, 'PATCH', `/api/v1/concern-categories/${haining[0].id}`, { version: haining[0].version, name: '越界改名' }), 404);
    expectProblem(await call(app(), ctx.as.xucun, 'PATCH', `/api/v1/concern-categories/${haining[0].id}`, { version: haining[0].version, name: '镇里改名' }), 403);
    expectProblem(await call(app(), ctx.as.xucun, 'POST', '/api/v1/concern-categories', { code: 'xx', name: '镇里新增', timeLimitDays: 3 }), 403);
    expectProblem(await call(app(), ctx.as.auditor, 'POST', '/api/v1/concern-categories', { code: 'xx', name: '审计新增', timeLimitDays: 3 }), 403);
  });
});

describe('routing rules', () => {
  it('the office sends a category of a town to a department: new concerns go there; edited and removed against the version', async () => {
    const body = { categoryCode: 'environment', regionId: tx.towns[0].id, target: 'department', departmentId: tx.department.id };
    const made = await call(app(), tx.admin, 'POST', '/api/v1/concern-routing-rules', body);
    expect(made.statusCode, made.body).toBe(201);
    const rule = made.json<Rule>();
    expect(rule).toMatchObject({ categoryCode: 'environment', region: { id: tx.towns[0].id, level: 'town' }, target: 'department', department: { id: tx.department.id }, version: 1 });
    expectProblem(await call(app(), tx.admin, 'POST', '/api/v1/concern-routing-rules', body), 409, 'duplicate');

    const raised = await call(app(), tx.admin, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: tx.communities[0].id, description: '河道里漂着垃圾，气味很大。' });
    expect(raised.json<{ responsible: { kind: string } }>().responsible.kind).toBe('department');
    // The other town is not covered by the rule.
    const other = await call(app(), tx.admin, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: tx.communities[1].id, description: '河道里漂着垃圾，气味很大。' });
    expect(other.json<{ responsible: { kind: string } }>().responsible.kind).toBe('town');

    const changed = await call(app(), tx.admin, 'PATCH', `/api/v1/concern-routing-rules/${rule.id}`, { version: 1, target: 'station' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Rule>()).toMatchObject({ target: 'station', department: null, version: 2 });
    expectProblem(await call(app(), tx.admin, 'PATCH', `/api/v1/concern-routing-rules/${rule.id}`, { version: 1, target: 'town' }), 409, 'conflict');
    const station = await call(app(), tx.admin, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: tx.communities[0].id, description: '小区绿化带里堆了建筑垃圾。' });
    expect(station.json<{ responsible: { kind: string } }>().responsible.kind).toBe('station');

    expectProblem(await call(app(), tx.admin, 'DELETE', `/api/v1/concern-routing-rules/${rule.id}?version=1`), 409, 'conflict');
    const gone = await call(app(), tx.admin, 'DELETE', `/api/v1/concern-routing-rules/${rule.id}?version=2`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json<{ items: Rule[] }>().items.map((r) => r.id)).not.toContain(rule.id);
    expectProblem(await call(app(), tx.admin, 'DELETE', `/api/v1/concern-routing-rules/${rule.id}?version=2`), 404);
    expect(await audits(rule.id, 'concern.routingRule')).toBe(3);
    // The concern it routed keeps its way; its rule is gone.
    const [kept] = await rows<{ kind: string; rule: string | null }>(db(), sql`select responsible_kind as kind, routing_rule_id::text as rule from concerns where case_id = ${raised.json<{ id: string }>().id}::uuid`);
    expect(kept).toEqual({ kind: 'department', rule: null });
  });

  it('refuses what the city does not have (422 with the field), another city’s rule (404) and a town’s staff (403)', async () => {
    const post = (body: object) => call(app(), tx.admin, 'POST', '/api/v1/concern-routing-rules', body);
    const [hainingDept] = await rows<{ id: string }>(db(), sql`select id::text as id from departments where city_id = ${tx.haining.id} limit 1`);
    expect(failedFields(await post({ target: 'department', departmentId: hainingDept.id }))).toEqual(['departmentId']);
    expect(failedFields(await post({ target: 'department' }))).toEqual(['departmentId']);
    expect(failedFields(await post({ target: 'town', departmentId: tx.department.id }))).toEqual(['departmentId']);
    expect(failedFields(await post({ target: 'town', regionId: tx.haining.id }))).toEqual(['regionId']);
    expect(failedFields(await post({ target: 'town', categoryCode: 'nosuch' }))).toEqual(['categoryCode']);
    expect(failedFields(await post({ target: 'everyone' }))).toEqual(['target']);

    const haining = (await call(app(), ctx.as.admin, 'GET', '/api/v1/concern-routing-rules')).json<{ items: Rule[] }>().items;
    expect(haining.length).toBe(3);
    expectProblem(await call(app(), tx.admin, 'PATCH', `/api/v1/concern-routing-rules/${haining[0].id}`, { version: haining[0].version, target: 'town' }), 404);
    expectProblem(await call(app(), tx.admin, 'DELETE', `/api/v1/concern-routing-rules/${haining[0].id}?version=${haining[0].version}`), 404);
    expectProblem(await call(app(), ctx.as.xucun, 'PATCH', `/api/v1/concern-routing-rules/${haining[0].id}`, { version: haining[0].version, target: 'town' }), 403);
    // Rules are read by staff of the city (why a concern came to them), never another city's.
    const tongxiang = (await call(app(), tx.town, 'GET', '/api/v1/concern-routing-rules')).json<{ items: Rule[] }>().items;
    expect(tongxiang.every((r) => !haining.some((h) => h.id === r.id))).toBe(true);
    expect((await call(app(), ctx.as.xucun, 'GET', '/api/v1/concern-routing-rules')).json<{ items: Rule[] }>().items.map((r) => r.id).sort()).toEqual(haining.map((r) => r.id).sort());
  });
});
