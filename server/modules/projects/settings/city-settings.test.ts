import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp, type Session } from '../../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../../test/second-city.js';
import { fire } from '../../applications/application-factories.js';
import { bid, callInput, proposal, refs } from '../project-factories.js';

/*
 * Issue 16 §3, "cities own their settings": the eligibility rules and the procurement method bands are each city's.
 * 桐乡市 (the test fixtures' second city) starts from a copy of 海宁市's and changes its own; a project is held to
 * its own city's, whoever looks at it.
 */

const ctx = useTestApp('admin', 'weijian', 'auditor', 'jigou1');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;

interface Band {
  fromFen: number;
  method: string;
  methodName: string;
  binding: boolean;
  note: string;
}
interface Bands {
  cityId: string;
  items: Band[];
  version: number;
}
interface Rule {
  cityId: string;
  code: string;
  kind: string;
  params: Record<string, unknown>;
  description: string;
  active: boolean;
  version: number;
}

const bandsOf = async (who: Session, query = '') => {
  const res = await call(app(), who, 'GET', `/api/v1/procurement-bands${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Bands>();
};
const rulesOf = async (who: Session, query = '') => {
  const res = await call(app(), who, 'GET', `/api/v1/eligibility-rules${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Rule[] }>().items;
};
const forAmount = async (who: Session, amountFen: number, query = '') => {
  const res = await call(app(), who, 'GET', `/api/v1/procurement-bands/for-amount?amountFen=${amountFen}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ band: Band | null }>().band;
};
const rowsOfCity = (cityId: string) =>
  rows<{ n: number }>(db(), sql`select (select count(*)::int from eligibility_rules where city_id = ${cityId}) + (select count(*)::int from procurement_method_bands where city_id = ${cityId}) as n`);

/** Tongxiang's consultation band, then a public tender from 100 万元 that binds. */
const TONGXIANG_BANDS = [
  { fromFen: 0, method: 'competitiveConsultation', binding: false, note: '桐乡市：未达 100 万元的服务项目，一般采用竞争性磋商' },
  { fromFen: 100_000_000, method: 'publicTender', binding: true, note: '桐乡市：100 万元起应当公开招标（测试）' },
];

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('eligibility rules and procurement bands per city', () => {
  it('start in a new city as a copy of the other city’s, its own at version 1; copying again adds nothing', async () => {
    const haining = await bandsOf(ctx.as.admin);
    const tongxiang = await bandsOf(tx.admin);
    expect(haining.cityId).toBe(tx.haining.id);
    expect(tongxiang).toEqual({ cityId: tx.city.id, items: haining.items, version: 1 });
    // The city's department staff read their city's list too.
    expect((await bandsOf(tx.departmentStaff)).cityId).toBe(tx.city.id);

    const hainingRules = await rulesOf(ctx.as.admin);
    const tongxiangRules = await rulesOf(tx.admin);
    expect(hainingRules.every((r) => r.cityId === tx.haining.id)).toBe(true);
    expect(tongxiangRules.every((r) => r.cityId === tx.city.id)).toBe(true);
    const shape = (list: Rule[]) => list.map((r) => ({ code: r.code, kind: r.kind, params: r.params, description: r.description, active: r.active }));
    expect(shape(tongxiangRules)).toEqual(shape(hainingRules));
    expect(tongxiangRules.map((r) => r.version)).toEqual(tongxiangRules.map(() => 1));
    expect(shape(await rulesOf(tx.departmentStaff))).toEqual(shape(hainingRules));

    const [before] = await rowsOfCity(tx.city.id);
    const again = await call(app(), tx.ops, 'POST', `/api/v1/cities/${tx.city.id}/copy-template`, { fromCityId: tx.haining.id });
    expect(again.statusCode, again.body).toBe(200);
    const part = again.json<{ parts: { module: string; copied: number; skipped: number }[] }>().parts.find((p) => p.module === 'projects');
    expect(part).toEqual(expect.objectContaining({ copied: 0, skipped: hainingRules.length + haining.items.length }));
    expect(await rowsOfCity(tx.city.id)).toEqual([before]);
  });

  it('are changed by the city’s office in its own city only: Haining’s stay as they were', async () => {
    const hainingBands = await bandsOf(ctx.as.admin);
    const hainingRules = await rulesOf(ctx.as.admin);
    const current = await bandsOf(tx.admin);
    const replaced = await call(app(), tx.admin, 'PUT', '/api/v1/procurement-bands', { version: current.version, bands: TONGXIANG_BANDS });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json<Bands>()).toMatchObject({ cityId: tx.city.id, version: current.version + 1, items: [{ fromFen: 0 }, { fromFen: 100_000_000, method: 'publicTender', binding: true }] });

    const grade = (await rulesOf(tx.admin)).find((r) => r.code === 'grade3aAbove20wan')!;
    const changed = await call(app(), tx.admin, 'PATCH', '/api/v1/eligibility-rules/grade3aAbove20wan', { version: grade.version, params: { amountFen: 100, grade: '5A' }, description: '桐乡市：项目预算超过 1 元的，评估等级须达到 5A' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Rule>()).toMatchObject({ cityId: tx.city.id, version: grade.version + 1, params: { amountFen: 100, grade: '5A' } });

    expect(await bandsOf(ctx.as.admin)).toEqual(hainingBands);
    expect(await rulesOf(ctx.as.admin)).toEqual(hainingRules);

    // Each change is audited with the city it was made in.
    const audits = await rows<{ entity_type: string; entity_id: string; detail: { cityId?: string } | null }>(
      db(),
      sql`select entity_type, entity_id, detail from audit_events where action = 'project.settings' and entity_type in ('procurementBands', 'eligibilityRule') order by seq desc limit 2`,
    );
    expect(audits).toEqual([
      { entity_type: 'eligibilityRule', entity_id: 'grade3aAbove20wan', detail: { cityId: tx.city.id } },
      expect.objectContaining({ entity_type: 'procurementBands', entity_id: tx.city.id }),
    ]);
  });

  it('are out of another city’s reach: Haining’s office is answered 404 and nothing changes', async () => {
    const tongxiangBands = await bandsOf(tx.admin);
    const tongxiangRules = await rulesOf(tx.admin);
    const active = tongxiangRules.find((r) => r.code === 'active')!;
    const otherCity = `?cityId=${tx.city.id}`;
    expectProblem(await call(app(), ctx.as.admin, 'PUT', '/api/v1/procurement-bands', { cityId: tx.city.id, version: tongxiangBands.version, bands: [TONGXIANG_BANDS[0]] }), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', '/api/v1/eligibility-rules/active', { cityId: tx.city.id, version: active.version, active: false }), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/procurement-bands${otherCity}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/procurement-bands/for-amount?amountFen=1&cityId=${tx.city.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.weijian, 'GET', `/api/v1/eligibility-rules${otherCity}`), 404, 'not_found');
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/eligibility-rules?cityId=${tx.haining.id}`), 404, 'not_found');
    expect(await bandsOf(tx.admin)).toEqual(tongxiangBands);
    expect(await rulesOf(tx.admin)).toEqual(tongxiangRules);
  });

  it('answer the band an amount falls in by the caller’s city; someone who reads every city names one', async () => {
    // 200 万元: Tongxiang tenders from 100 万元, Haining from 400 万元.
    expect(await forAmount(tx.admin, 200_000_000)).toMatchObject({ method: 'publicTender', binding: true });
    expect(await forAmount(tx.departmentStaff, 200_000_000)).toMatchObject({ method: 'publicTender' });
    expect(await forAmount(ctx.as.weijian, 200_000_000)).toMatchObject({ method: 'competitiveConsultation', binding: false });

    expect(failedFields(await call(app(), ctx.as.auditor, 'GET', '/api/v1/procurement-bands/for-amount?amountFen=200000000'), 'validation')).toEqual(['cityId']);
    expect(failedFields(await call(app(), ctx.as.auditor, 'GET', '/api/v1/procurement-bands'), 'validation')).toEqual(['cityId']);
    expect(await forAmount(ctx.as.auditor, 200_000_000, `&cityId=${tx.city.id}`)).toMatchObject({ method: 'publicTender' });
    expect((await bandsOf(ctx.as.auditor, `?cityId=${tx.haining.id}`)).cityId).toBe(tx.haining.id);
    // The rules list of a reader of every city carries each city's, each named by its city.
    expect(new Set((await rulesOf(ctx.as.auditor)).map((r) => r.cityId))).toEqual(new Set([tx.haining.id, tx.city.id]));
    expect((await rulesOf(ctx.as.auditor, `?cityId=${tx.city.id}`)).every((r) => r.cityId === tx.city.id)).toBe(true);
  });

  it('hold a project to its own city’s: Tongxiang’s band binds its call and Tongxiang’s rules decide its bids', async () => {
    // Tongxiang's money: a fund with a share for its 民政局 (the proposal takes its copy of the catalog's category).
    const fund = await call(app(), tx.admin, 'POST', '/api/v1/funds', { year: 2026, name: '桐乡市 2026 年度专项经费（设置测试）', totalFen: 500_000_000, lines: [{ code: 'services', name: '购买服务', purpose: 'services', budgetFen: 400_000_000 }] });
    expect(fund.statusCode, fund.body).toBe(201);
    const line = fund.json<{ lines: { id: string }[] }>().lines[0];
    expect((await call(app(), tx.admin, 'POST', `/api/v1/fund-lines/${line.id}/allocations`, { departmentId: tx.department.id, budgetFen: 300_000_000 })).statusCode).toBe(200);
    // 150 万元: above Tongxiang's tender threshold, below Haining's.
    const body = await proposal(app(), { title: '梧桐街道独居老人关爱服务项目', departmentId: tx.department.id, townIds: [tx.towns[0].id], budgetFen: 150_000_000 });
    const created = await call(app(), tx.departmentStaff, 'POST', '/api/v1/projects', body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await fire(app(), tx.departmentStaff, id, 'submit')).statusCode).toBe(200);
    const approved = await fire(app(), tx.admin, id, 'approve', { input: { lineId: line.id } });
    expect(approved.statusCode, approved.body).toBe(200);

    const input = await callInput(app());
    const refused = expectProblem(await fire(app(), tx.admin, id, 'publishCall', { input: { ...input, procurementMethod: 'competitiveConsultation' } }), 422, 'validation') as unknown as { errors: { path: string; message: string }[] };
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'input.procurementMethod', message: '预算 150 万元达到公开招标数额标准（100 万元起），应采用公开招标' })]);
    const published = await fire(app(), tx.admin, id, 'publishCall', { input: { ...input, procurementMethod: 'publicTender' } });
    expect(published.statusCode, published.body).toBe(200);

    // Tongxiang's rule asks 5A from 1 yuan up, Haining's 3A from 20 万元: a 4A organization meets Haining's only.
    const r = await refs(app());
    await db().execute(sql`update orgs set grade = '4A', grade_valid_until = '2030-12-31' where id = ${r.org1}`);
    const eligibility = await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org1}`);
    expect(eligibility.statusCode, eligibility.body).toBe(200);
    const grade = eligibility.json<{ rules: { code: string; description: string; passed: boolean }[] }>().rules.find((x) => x.code === 'grade3aAbove20wan')!;
    expect(grade).toMatchObject({ description: '桐乡市：项目预算超过 1 元的，评估等级须达到 5A', passed: false });
    const bidding = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org1, 1_400_000));
    expect(failedFields(bidding, 'validation')).toContain('eligibility.grade3aAbove20wan');
  });

  it('gives each city its own final evaluation standard (an assessment rubric): a new city has it from the start, changes it alone', async () => {
    type Standard = { cityId: string; criteria: { key: string; maxPoints: number }[]; bands: { excellent: number; good: number; pass: number }; version: number };
    const std = async (who: Session, query = '') => {
      const res = await call(app(), who, 'GET', `/api/v1/evaluation-standard${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Standard>();
    };
    const haining = await std(ctx.as.admin);
    const tongxiang = await std(tx.admin);
    expect(haining.cityId).toBe(tx.haining.id);
    expect(tongxiang).toMatchObject({ cityId: tx.city.id, version: 1, bands: { excellent: 90, good: 80, pass: 60 } });
    expect(tongxiang.criteria.map((c) => c.key)).toEqual(haining.criteria.map((c) => c.key));
    // Tongxiang raises its lines; Haining's standard does not move, and Haining's office cannot reach Tongxiang's.
    const changed = await call(app(), tx.admin, 'PATCH', '/api/v1/evaluation-standard', { version: tongxiang.version, bands: { excellent: 95, good: 85, pass: 65 } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ cityId: tx.city.id, version: 2, bands: { excellent: 95, good: 85, pass: 65 } });
    expect(await std(ctx.as.admin)).toEqual(haining);
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', '/api/v1/evaluation-standard', { cityId: tx.city.id, version: 2, bands: { excellent: 91, good: 81, pass: 61 } }), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/evaluation-standard?cityId=${tx.city.id}`), 404, 'not_found');
    expect((await std(tx.admin)).version).toBe(2);
  });
});
