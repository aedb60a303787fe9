// Issue 16 §3, "cities own their settings": each city keeps its own settings per kind (promise, joint-review
// departments, 补正 rule, 办事指南) and registration rules. A new city starts from another's (the template part),
// its office reads and changes only its own, the joint review and the supervising unit are the city's own
// departments, and the capital rule is the org's city's.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, login, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { establishmentForm, fire, idsFor, makeSubmittedApplication } from './application-factories.js';

const ctx = useTestApp('admin', 'shenqing', 'auditor');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;
/** An office administrator of both cities (as a region's office might be, serving two). */
let both: Session;

interface Setting {
  cityId: string;
  kind: string;
  promisedDays: number;
  reviewDepartments: { id: string; name: string }[];
  stateDays: { submitted: number; reviewing: number; deciding: number; supplementRequested: number };
  version: number;
}

const settingsOf = async (s: Session, query = '') => {
  const res = await call(app(), s, 'GET', `/api/v1/application-settings${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Setting[] }>().items;
};

/** The body that changes a setting, from what the list shows. */
const bodyOf = (s: Setting, change: Record<string, unknown> = {}) => ({
  version: s.version,
  promisedDays: s.promisedDays,
  reviewDepartmentIds: s.reviewDepartments.map((d) => d.id),
  stateDays: s.stateDays,
  ...change,
});

beforeAll(async () => {
  tx = await addSecondCity(app());
  const grants = [tx.city.id, tx.haining.id].map((regionId) => ({ role: 'officeAdmin', regionId }));
  const made = await call(app(), tx.ops, 'POST', '/api/v1/users', { username: 'two_cities', displayName: '两市管理员', password: 'Second#City2026', grants });
  expect(made.statusCode, made.body).toBe(201);
  await db().execute(sql`update users set must_change_password = false where username = 'two_cities'`);
  both = await login(app(), 'two_cities', 'Second#City2026');
});

describe('application settings per city', () => {
  it('starts Tongxiang from Haining’s settings, its joint review held by its own departments, and copying again adds nothing', async () => {
    const tongxiang = await settingsOf(tx.admin);
    const haining = await settingsOf(ctx.as.admin);
    expect(tongxiang).toHaveLength(5);
    expect(new Set(tongxiang.map((s) => s.cityId))).toEqual(new Set([tx.city.id]));
    expect(new Set(haining.map((s) => s.cityId))).toEqual(new Set([tx.haining.id]));
    expect(tongxiang.map((s) => [s.kind, s.promisedDays])).toEqual(haining.map((s) => [s.kind, s.promisedDays]));
    // Haining's establishment is reviewed by its 民政局; Tongxiang's by Tongxiang's.
    expect(tongxiang.find((s) => s.kind === 'establishment')!.reviewDepartments).toEqual([{ id: tx.department.id, name: '民政局' }]);
    const ids = await idsFor(app());
    expect(haining.find((s) => s.kind === 'establishment')!.reviewDepartments.map((d) => d.id)).toEqual([ids.civilAffairs]);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from registration_rules where city_id = ${tx.city.id}`);
    expect(n).toBe(3);

    const again = await call(app(), tx.ops, 'POST', `/api/v1/cities/${tx.city.id}/copy-template`, { fromCityId: tx.haining.id });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ parts: { module: string; copied: number; skipped: number }[] }>().parts.find((p) => p.module === 'applications')).toMatchObject({ copied: 0, skipped: 8 });
  });

  it('lists each city’s settings with its city to whoever keeps several, one city when asked, and another city’s is a 404', async () => {
    for (const who of [both, ctx.as.auditor]) {
      const all = await settingsOf(who);
      expect(all.filter((s) => s.cityId === tx.city.id)).toHaveLength(5);
      expect(all.filter((s) => s.cityId === tx.haining.id)).toHaveLength(5);
      expect((await settingsOf(who, `?cityId=${tx.city.id}`)).map((s) => s.cityId)).toEqual(Array(5).fill(tx.city.id));
    }
    expect((await settingsOf(tx.admin, `?cityId=${tx.city.id}`)).length).toBe(5);
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/application-settings?cityId=${tx.city.id}`), 404, 'not_found');
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/application-settings?cityId=${tx.haining.id}`), 404, 'not_found');
    // Town staff and reviewing departments read their own city's.
    expect(new Set((await settingsOf(tx.town)).map((s) => s.cityId))).toEqual(new Set([tx.city.id]));
    expect(new Set((await settingsOf(tx.departmentStaff)).map((s) => s.cityId))).toEqual(new Set([tx.city.id]));
  });

  it('changes Tongxiang’s promise without touching Haining’s, and the guide tells each city’s', async () => {
    const before = (await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')!;
    const hainingBefore = (await settingsOf(ctx.as.admin)).find((s) => s.kind === 'establishment')!;
    const res = await call(app(), tx.admin, 'PUT', '/api/v1/application-settings/establishment', bodyOf(before, { promisedDays: before.promisedDays + 5 }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ items: Setting[] }>().items.find((s) => s.kind === 'establishment')).toMatchObject({ cityId: tx.city.id, promisedDays: before.promisedDays + 5, version: before.version + 1 });
    expect((await settingsOf(ctx.as.admin)).find((s) => s.kind === 'establishment')).toMatchObject({ promisedDays: hainingBefore.promisedDays, version: hainingBefore.version });

    const guide = async (query: string) => (await call(app(), null, 'GET', `/api/v1/application-guides/establishment${query}`)).json<{ promisedDays: number }>().promisedDays;
    expect(await guide(`?cityId=${tx.city.id}`)).toBe(before.promisedDays + 5);
    expect(await guide(`?cityId=${tx.haining.id}`)).toBe(hainingBefore.promisedDays);
    // Until the portal picks a city, the first city's.
    expect(await guide('')).toBe(hainingBefore.promisedDays);
  });

  it('answers 404 when one city’s office changes the other city’s setting, and changes nothing', async () => {
    const tongxiang = (await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')!;
    const haining = (await settingsOf(ctx.as.admin)).find((s) => s.kind === 'establishment')!;
    expectProblem(await call(app(), ctx.as.admin, 'PUT', '/api/v1/application-settings/establishment', { ...bodyOf(tongxiang, { promisedDays: 12 }), cityId: tx.city.id }), 404, 'not_found');
    expectProblem(await call(app(), tx.admin, 'PUT', '/api/v1/application-settings/establishment', { ...bodyOf(haining, { promisedDays: 12 }), cityId: tx.haining.id }), 404, 'not_found');
    expect((await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')).toEqual(tongxiang);
    expect((await settingsOf(ctx.as.admin)).find((s) => s.kind === 'establishment')).toEqual(haining);
    // Someone who keeps several cities names the one.
    expect(failedFields(await call(app(), both, 'PUT', '/api/v1/application-settings/establishment', bodyOf(tongxiang)), 'validation')).toEqual(['cityId']);
  });

  it('refuses a joint-review department of another city on the field', async () => {
    const ids = await idsFor(app());
    const tongxiang = (await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')!;
    const haining = (await settingsOf(ctx.as.admin)).find((s) => s.kind === 'establishment')!;
    const wrong = await call(app(), tx.admin, 'PUT', '/api/v1/application-settings/establishment', bodyOf(tongxiang, { reviewDepartmentIds: [tx.department.id, ids.civilAffairs] }), { 'accept-language': 'en' });
    expect(failedFields(wrong, 'validation')).toEqual(['reviewDepartmentIds']);
    expect(wrong.json<{ errors: { message: string }[] }>().errors[0].message).toBe('Joint-review departments must be departments of this city');
    expect(failedFields(await call(app(), ctx.as.admin, 'PUT', '/api/v1/application-settings/establishment', bodyOf(haining, { reviewDepartmentIds: [tx.department.id] })), 'validation')).toEqual(['reviewDepartmentIds']);
    expect((await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')).toEqual(tongxiang);
  });

  it('keeps the steps’ limits per city: Tongxiang’s office changes its own, Haining’s stay, an application is due by its city’s', async () => {
    const haining = (await settingsOf(ctx.as.admin)).find((s) => s.kind === 'establishment')!;
    const tongxiang = (await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')!;
    const longer = { ...tongxiang.stateDays, reviewing: haining.stateDays.reviewing + 2, deciding: 1 };
    const res = await call(app(), tx.admin, 'PUT', '/api/v1/application-settings/establishment', bodyOf(tongxiang, { stateDays: longer, promisedDays: longer.reviewing + longer.deciding }));
    expect(res.statusCode, res.body).toBe(200);
    expect((await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')!.stateDays).toEqual(longer);
    expect((await settingsOf(ctx.as.admin)).find((s) => s.kind === 'establishment')!.stateDays).toEqual(haining.stateDays);
    // An office of both cities names the city it changes; Haining's office cannot reach Tongxiang's (404).
    expectProblem(await call(app(), ctx.as.admin, 'PUT', '/api/v1/application-settings/establishment', { ...bodyOf(tongxiang), cityId: tx.city.id }), 404);
    const [audit] = await rows<{ changes: { stateDays: { before: { reviewing: number }; after: { reviewing: number } } } }>(
      db(),
      sql`select changes from audit_events where action = 'application.settings' order by seq desc limit 1`,
    );
    expect(audit.changes.stateDays.before.reviewing).toBe(tongxiang.stateDays.reviewing);
    expect(audit.changes.stateDays.after.reviewing).toBe(longer.reviewing);

    // Accepted in Tongxiang, an application is due by Tongxiang's review limit, not Haining's.
    const [health] = await rows<{ id: string }>(db(), sql`select id from departments where city_id = ${tx.city.id} and short_name = '卫健局'`);
    const form = await establishmentForm(app(), { name: `桐乡市梧桐街道时限${Math.random().toString(36).slice(2, 6)}服务中心`, townId: tx.towns[0].id, communityId: tx.communities[0].id, supervisingUnitId: health.id });
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing, form);
    expect((await fire(app(), tx.admin, id, 'accept')).statusCode).toBe(200);
    const [c] = await rows<{ due_on: string }>(db(), sql`select due_on::text from cases where id = ${id}`);
    expect(c.due_on).toBe(await addWorkingDays(db(), todayInChina(), longer.reviewing));
    // The limits are reset so the later tests see the promise they expect.
    const now = (await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')!;
    expect((await call(app(), tx.admin, 'PUT', '/api/v1/application-settings/establishment', bodyOf(now, { stateDays: tongxiang.stateDays, promisedDays: tongxiang.promisedDays }))).statusCode).toBe(200);
  });
});

describe('the application’s city', () => {
  const tongxiangForm = (overrides: Record<string, unknown> = {}) =>
    establishmentForm(app(), { name: `桐乡市梧桐街道乐龄${Math.random().toString(36).slice(2, 6)}居家养老服务中心`, townId: tx.towns[0].id, communityId: tx.communities[0].id, supervisingUnitId: tx.department.id, ...overrides });

  it('refuses a supervising unit of another city on the field, when the draft is filed and when it is saved', async () => {
    const ids = await idsFor(app());
    const wrong = await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form: await tongxiangForm({ supervisingUnitId: ids.health }) });
    expect(failedFields(wrong, 'validation')).toEqual(['form.supervisingUnitId']);
    expect(wrong.json<{ errors: { message: string }[] }>().errors[0].message).toBe('业务主管单位须为桐乡市的部门');
    const en = await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form: await tongxiangForm({ supervisingUnitId: ids.health }) }, { 'accept-language': 'en' });
    expect(en.json<{ errors: { message: string }[] }>().errors[0].message).toBe('The supervising unit must be a department of the city where the organization is domiciled');

    const draft = await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form: await tongxiangForm() });
    expect(draft.statusCode, draft.body).toBe(201);
    const created = draft.json<{ id: string; case: { version: number } }>();
    // Moving the domicile to Haining leaves a Tongxiang supervising unit behind: refused.
    const moved = await call(app(), ctx.as.shenqing, 'PUT', `/api/v1/applications/${created.id}/form`, { version: created.case.version, form: await establishmentForm(app(), { supervisingUnitId: tx.department.id }) });
    expect(failedFields(moved, 'validation')).toEqual(['form.supervisingUnitId']);
  });

  it('is accepted under the settings of its city: the promise and the joint review are Tongxiang’s', async () => {
    const [health] = await rows<{ id: string }>(db(), sql`select id from departments where city_id = ${tx.city.id} and short_name = '卫健局'`);
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing, await tongxiangForm({ supervisingUnitId: health.id }));
    const accepted = await fire(app(), tx.admin, id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    const promise = (await settingsOf(tx.admin)).find((s) => s.kind === 'establishment')!.promisedDays;
    expect(promise).not.toBe((await settingsOf(ctx.as.admin)).find((s) => s.kind === 'establishment')!.promisedDays);
    const a = (await call(app(), tx.admin, 'GET', `/api/v1/applications/${id}`)).json<{ promisedDueOn: string; reviewDepartments: { id: string }[] }>();
    expect(a.promisedDueOn).toBe(await addWorkingDays(db(), todayInChina(), promise));
    // The setting's 民政局 and the supervising unit, both Tongxiang's.
    expect(a.reviewDepartments.map((d) => d.id).sort()).toEqual([tx.department.id, health.id].sort());
  });

  it('checks the registered capital against the rules of the org’s city', async () => {
    // Tongxiang raises the capital an association needs; Haining keeps 3 万元.
    await db().execute(sql`update registration_rules set min_capital_fen = 5000000, note = '桐乡市社会团体活动资金不少于 5 万元' where city_id = ${tx.city.id} and org_type = 'association'`);
    const association = { type: 'association', registeredCapitalFen: 4_000_000 };
    const inTongxiang = await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form: await tongxiangForm(association) });
    expect(failedFields(inTongxiang, 'validation')).toEqual(['form.registeredCapitalFen']);
    expect(inTongxiang.json<{ errors: { message: string }[] }>().errors[0].message).toContain('桐乡市社会团体活动资金不少于 5 万元');
    const inHaining = await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form: await establishmentForm(app(), association) });
    expect(inHaining.statusCode, inHaining.body).toBe(201);
  });
});
