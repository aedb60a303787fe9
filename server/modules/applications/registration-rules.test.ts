// Issue 16 §3: the registration-capital rule is each city's own, as data with a page. The office lists, adds, changes
// and deletes its rules; one type's periods never overlap; the establishment check reads the rule in force in the
// application's city; another city's rules are out of reach (404), and a town clerk has no such right (403).
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';
import { establishmentForm, fileDraft } from './application-factories.js';

const ctx = useTestApp('admin', 'shenqing', 'xucun');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;

interface Rule {
  id: string;
  cityId: string;
  orgType: string;
  validFrom: string;
  validTo: string | null;
  minCapitalFen: number;
  refundOnProjectApproval: boolean;
  note: string;
  inForce: boolean;
  version: number;
}

const list = async (s: Session, query = '') => {
  const res = await call(app(), s, 'GET', `/api/v1/registration-rules${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Rule[] }>().items;
};
const serviceRule = { orgType: 'serviceAgency', validFrom: '2027-01-01', validTo: null, minCapitalFen: 3_000_000, refundOnProjectApproval: false, note: '海宁市民办非企业单位开办资金不少于 3 万元' };
const audits = async () => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'application.registrationRule'`))[0].n;

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('registration rules per city', () => {
  it('lists each city’s own rules, the one in force marked; Tongxiang’s were copied from Haining’s with its own name', async () => {
    const haining = await list(ctx.as.admin);
    expect(haining.map((r) => r.orgType).sort()).toEqual(['association', 'communityOrg', 'foundation']);
    expect(haining.every((r) => r.cityId === tx.haining.id)).toBe(true);
    expect(haining.find((r) => r.orgType === 'communityOrg')).toMatchObject({ validTo: '2018-12-31', inForce: false, minCapitalFen: 100_000 });
    expect(haining.find((r) => r.orgType === 'foundation')).toMatchObject({ inForce: true, minCapitalFen: 200_000_000 });
    const tongxiang = await list(tx.admin);
    expect(tongxiang.every((r) => r.cityId === tx.city.id)).toBe(true);
    expect(tongxiang.find((r) => r.orgType === 'communityOrg')!.note).toContain('桐乡市');
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/registration-rules?cityId=${tx.haining.id}`), 404);
  });

  it('refuses an overlapping period, an end before the start, bad amounts, a stale version, another city and a town clerk — changing nothing', async () => {
    const before = await list(ctx.as.admin);
    const audited = await audits();
    const overlap = await call(app(), ctx.as.admin, 'POST', '/api/v1/registration-rules', { ...serviceRule, orgType: 'association', validFrom: '2020-01-01' });
    expectProblem(overlap, 422);
    expect(failedFields(overlap)).toEqual(['validFrom']);
    expect(overlap.json<{ errors: { message: string }[] }>().errors[0].message).toContain('1998-10-25 至 今后');
    expect(failedFields(await call(app(), ctx.as.admin, 'POST', '/api/v1/registration-rules', { ...serviceRule, validTo: '2026-01-01' }))).toEqual(['validTo']);
    expect(failedFields(await call(app(), ctx.as.admin, 'POST', '/api/v1/registration-rules', { ...serviceRule, minCapitalFen: -1, note: '' }))).toEqual(expect.arrayContaining(['minCapitalFen', 'note']));
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/registration-rules', { ...serviceRule, validFrom: '2027-02-30' }), 422);

    const foundation = before.find((r) => r.orgType === 'foundation')!;
    const body = { version: foundation.version, orgType: foundation.orgType, validFrom: foundation.validFrom, validTo: foundation.validTo, minCapitalFen: 1, refundOnProjectApproval: false, note: foundation.note };
    expectProblem(await call(app(), ctx.as.admin, 'PUT', `/api/v1/registration-rules/${foundation.id}`, { ...body, version: foundation.version + 1 }), 409);
    expectProblem(await call(app(), tx.admin, 'PUT', `/api/v1/registration-rules/${foundation.id}`, body), 404);
    expectProblem(await call(app(), tx.admin, 'DELETE', `/api/v1/registration-rules/${foundation.id}?version=${foundation.version}`), 404);
    expectProblem(await call(app(), tx.admin, 'POST', '/api/v1/registration-rules', { ...serviceRule, cityId: tx.haining.id }), 404);
    expectProblem(await call(app(), ctx.as.xucun, 'POST', '/api/v1/registration-rules', serviceRule), 403);
    expectProblem(await call(app(), ctx.as.xucun, 'PUT', `/api/v1/registration-rules/${foundation.id}`, body), 403);
    expect(await list(ctx.as.admin)).toEqual(before);
    expect(await audits()).toBe(audited);
  });

  it('adds a rule that the establishment check then applies in Haining only, changes and deletes it, each audited', async () => {
    // In force from today: an establishment of a service agency below 3 万元 is refused on the capital field.
    const today = (await rows<{ d: string }>(db(), sql`select to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as d`))[0].d;
    const made = await call(app(), ctx.as.admin, 'POST', '/api/v1/registration-rules', { ...serviceRule, validFrom: today });
    expect(made.statusCode, made.body).toBe(201);
    const rule = made.json<{ items: Rule[] }>().items.find((r) => r.orgType === 'serviceAgency')!;
    expect(rule).toMatchObject({ inForce: true, version: 1, minCapitalFen: 3_000_000 });

    // The form is checked at every save, the first one included.
    const low = await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form: await establishmentForm(app(), { registeredCapitalFen: 1_000_000 }) });
    expectProblem(low, 422);
    expect(low.json<{ errors: { path: string; message: string }[] }>().errors.find((e) => e.path === 'form.registeredCapitalFen')!.message).toBe('注册资金不得低于 30,000 元（海宁市民办非企业单位开办资金不少于 3 万元）');
    // Tongxiang has no such rule.
    expect((await list(tx.admin)).some((r) => r.orgType === 'serviceAgency')).toBe(false);

    const changed = await call(app(), ctx.as.admin, 'PUT', `/api/v1/registration-rules/${rule.id}`, { ...serviceRule, validFrom: today, version: 1, minCapitalFen: 500_000, note: '海宁市民办非企业单位开办资金不少于 5000 元' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<{ items: Rule[] }>().items.find((r) => r.id === rule.id)).toMatchObject({ version: 2, minCapitalFen: 500_000 });
    await fileDraft(app(), ctx.as.shenqing, 'establishment', await establishmentForm(app(), { registeredCapitalFen: 1_000_000 }));

    const [event] = await rows<{ changes: Record<string, { before: unknown; after: unknown }> }>(db(), sql`select changes from audit_events where action = 'application.registrationRule' order by seq desc limit 1`);
    expect(event.changes.minCapitalFen).toEqual({ before: 3_000_000, after: 500_000 });

    expectProblem(await call(app(), ctx.as.admin, 'DELETE', `/api/v1/registration-rules/${rule.id}?version=1`), 409);
    const gone = await call(app(), ctx.as.admin, 'DELETE', `/api/v1/registration-rules/${rule.id}?version=2`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json<{ items: Rule[] }>().items.some((r) => r.id === rule.id)).toBe(false);
    const [deleted] = await rows<{ changes: { note: { before: string } } }>(db(), sql`select changes from audit_events where action = 'application.registrationRule' and entity_id = ${rule.id} order by seq desc limit 1`);
    expect(deleted.changes.note.before).toBe('海宁市民办非企业单位开办资金不少于 5000 元');
  });
});
