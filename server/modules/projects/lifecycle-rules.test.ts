import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, regionByCode, useTestApp, type Session } from '../../test/harness.js';
import { fire } from '../applications/application-factories.js';
import { bid, callInput, endServiceTerm, makeCallingProject, makeImplementingProject, makePlannedProject, makeProposedProject, makeScoredProject, expireNotice, refs, serviceRecord } from './project-factories.js';
import { checkEligibility } from './calls/eligibility.js';
import { importOwnedSheets } from '../assessment/index.js';

/**
 * The lifecycle's rules as the issue states them: eligibility rules as data (and what the applicant sees),
 * the public disclosure page stage by stage, the staff list's filters, and the lifecycle dashboard's figures.
 */

const ctx = useTestApp('admin', 'weijian', 'minzheng', 'xucun', 'auditor', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

async function ok<R extends { statusCode: number; body: string }>(res: R, what: string): Promise<R> {
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
}

// ---------------------------------------------------------------------------------------------------------
// Eligibility
// ---------------------------------------------------------------------------------------------------------

type Rule = { code: string; kind: string; params: Record<string, unknown>; description: string; active: boolean; version: number };

const SEEDED_RULES = [
  { code: 'active', params: {}, description: '登记状态正常' },
  { code: 'oneYear', params: { years: 1 }, description: '依法登记满 1 年' },
  { code: 'grade3aAbove20wan', params: { amountFen: 20_000_000, grade: '3A' }, description: '项目预算超过 20 万元的，评估等级须达到 3A 及以上' },
  { code: 'noBadCredit', params: {}, description: '未被列入失信名单' },
  { code: 'noFailedEvaluation', params: { years: 2 }, description: '近 2 年承接的项目终期评估无不合格' },
];
const CODES = SEEDED_RULES.map((r) => r.code);

async function rulesNow(): Promise<Rule[]> {
  return (await call(app(), ctx.as.admin, 'GET', '/api/v1/eligibility-rules')).json().items as Rule[];
}

/** Changes a rule as the office does (the project-settings use case behind PATCH), returning the rule after. */
async function patchRule(code: string, patch: { params?: Record<string, unknown>; active?: boolean; description?: string }): Promise<Rule> {
  const rule = (await rulesNow()).find((r) => r.code === code)!;
  const res = await call(app(), ctx.as.admin, 'PATCH', `/api/v1/eligibility-rules/${code}`, { version: rule.version, ...patch });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Rule>();
}

/** Puts every rule back as seeded, so the tests do not depend on each other's edits. */
async function restoreRules() {
  for (const r of await rulesNow()) {
    const seeded = SEEDED_RULES.find((x) => x.code === r.code)!;
    if (!r.active || JSON.stringify(r.params) !== JSON.stringify(seeded.params) || r.description !== seeded.description) {
      await patchRule(r.code, { params: seeded.params, active: true, description: seeded.description });
    }
  }
}

let orgSerial = 0;
/** An organization with exactly the facts a test needs (written as the registry would hold them). */
async function makeOrg(facts: { foundedOn?: string; status?: string; grade?: string | null; gradeValidUntil?: string | null } = {}): Promise<string> {
  const town = await regionByCode(app(), '330481101');
  orgSerial += 1;
  const [o] = await rows<{ id: string }>(
    db(),
    sql`insert into orgs (name, type, registration, town_id, region_path, address, business_scope, legal_rep_name, founded_on, status, grade, grade_valid_until)
        values (${`海宁市资格规则测试${orgSerial}号社会工作服务中心`}, 'serviceAgency', 'registered', ${town.id}, ${town.path}, '许村镇人民路 1 号', '社会工作服务', '测试法人',
                ${facts.foundedOn ?? '2015-03-01'}, ${facts.status ?? 'active'}, ${facts.grade === undefined ? '3A' : facts.grade}, ${facts.gradeValidUntil === undefined ? '2030-12-31' : facts.gradeValidUntil})
        returning id`,
  );
  return o.id;
}

/** The day the use-case checks are run on, so that dates in the expected messages are fixed. */
const T = '2026-06-15';

/** The demo city, whose rules are checked (each city keeps its own). */
const haining = async () => (await regionByCode(app(), '330481')).id;

async function check(orgId: string, budgetFen: number, today = T) {
  const result = await checkEligibility(db(), await haining(), orgId, budgetFen, today);
  if (!result) throw new Error('org not found');
  return { eligible: result.eligible, codes: result.rules.map((r) => r.code), failed: result.rules.filter((r) => !r.passed).map((r) => ({ code: r.code, reason: r.reason })) };
}

describe('eligibility rules as data: each rule, with the reason the applicant reads', () => {
  it('refuses an organization registered less than a year before, naming the rule and the date it qualifies', async () => {
    const young = await makeOrg({ foundedOn: '2025-06-16' });
    expect(await check(young, 5_000_000)).toEqual({
      eligible: false,
      codes: CODES,
      failed: [{ code: 'oneYear', reason: '成立于 2025-06-16，登记不满 1 年（须在 2025-06-15 或之前成立）' }],
    });
    // A full year to the day is enough; the next day it is eligible without anything else changing.
    const yearOld = await makeOrg({ foundedOn: '2025-06-15' });
    expect(await check(yearOld, 5_000_000)).toMatchObject({ eligible: true, failed: [] });
    expect(await check(young, 5_000_000, '2026-06-16')).toMatchObject({ eligible: true, failed: [] });
    const result = (await checkEligibility(db(), await haining(), young, 5_000_000, T))!;
    expect(result.rules.find((r) => r.code === 'oneYear')).toEqual({ code: 'oneYear', kind: 'minYearsRegistered', description: '依法登记满 1 年', passed: false, reason: '成立于 2025-06-16，登记不满 1 年（须在 2025-06-15 或之前成立）' });
  });

  it('counts whole years across 29 February', async () => {
    const leapDay = await makeOrg({ foundedOn: '2024-02-29' });
    // One year after 29 February: not on 28 February 2025, from 1 March.
    expect((await check(leapDay, 5_000_000, '2025-02-28')).failed).toEqual([{ code: 'oneYear', reason: '成立于 2024-02-29，登记不满 1 年（须在 2024-02-28 或之前成立）' }]);
    expect((await check(leapDay, 5_000_000, '2025-03-01')).failed).toEqual([]);
    try {
      await patchRule('oneYear', { params: { years: 4 } });
      // Four years on, 29 February exists again: the org qualifies on that day, not a day late.
      expect((await check(leapDay, 5_000_000, '2028-02-29')).failed).toEqual([]);
      expect((await check(leapDay, 5_000_000, '2028-02-28')).failed).toEqual([{ code: 'oneYear', reason: '成立于 2024-02-29，登记不满 4 年（须在 2024-02-28 或之前成立）' }]);
      const older = await makeOrg({ foundedOn: '2024-03-01' });
      expect((await check(older, 5_000_000, '2028-02-29')).failed).toEqual([{ code: 'oneYear', reason: '成立于 2024-03-01，登记不满 4 年（须在 2024-02-29 或之前成立）' }]);
    } finally {
      await restoreRules();
    }
  });

  it('refuses an organization that is not in normal standing', async () => {
    for (const [status, name] of [
      ['changing', '变更中'],
      ['deregistered', '已注销'],
      ['revoked', '已撤销登记'],
    ] as const) {
      const org = await makeOrg({ status });
      expect(await check(org, 5_000_000), status).toEqual({ eligible: false, codes: CODES, failed: [{ code: 'active', reason: `组织状态为“${name}”，须为正常状态` }] });
    }
    expect((await check(await makeOrg({ status: 'active' }), 5_000_000)).eligible).toBe(true);
  });

  it('requires grade 3A only above 200,000 yuan, and a grade still valid on the day', async () => {
    const twoA = await makeOrg({ grade: '2A' });
    const ungraded = await makeOrg({ grade: null, gradeValidUntil: null });
    const threeA = await makeOrg({ grade: '3A' });
    const expired = await makeOrg({ grade: '4A', gradeValidUntil: '2026-06-14' });
    const lastDay = await makeOrg({ grade: '4A', gradeValidUntil: T });

    expect(await check(twoA, 20_000_001)).toEqual({
      eligible: false,
      codes: CODES,
      failed: [{ code: 'grade3aAbove20wan', reason: '项目预算 200,000.01 元，超过 200,000.00 元的须评估等级达到 3A 及以上；该组织评估等级为 2A' }],
    });
    expect((await check(ungraded, 30_000_000)).failed).toEqual([{ code: 'grade3aAbove20wan', reason: '项目预算 300,000.00 元，超过 200,000.00 元的须评估等级达到 3A 及以上；该组织尚未参加等级评估' }]);
    expect((await check(expired, 30_000_000)).failed).toEqual([{ code: 'grade3aAbove20wan', reason: '项目预算 300,000.00 元，超过 200,000.00 元的须评估等级达到 3A 及以上；该组织评估等级 4A 已于 2026-06-14 到期' }]);
    // At or below the threshold the grade does not matter.
    for (const org of [twoA, ungraded, expired]) {
      expect(await check(org, 20_000_000)).toMatchObject({ eligible: true, failed: [] });
      expect(await check(org, 5_000_000)).toMatchObject({ eligible: true, failed: [] });
    }
    expect(await check(threeA, 30_000_000)).toMatchObject({ eligible: true, failed: [] });
    expect(await check(lastDay, 30_000_000)).toMatchObject({ eligible: true, failed: [] });
  });

  it('refuses an organization on the bad-credit list while the listing stands, and not after it is lifted', async () => {
    const org = await makeOrg();
    expect((await check(org, 5_000_000)).eligible).toBe(true);
    const listed = await call(app(), ctx.as.admin, 'POST', '/api/v1/credit-blacklist', { orgId: org, reason: '虚报服务人次，经核查属实', listedOn: '2026-01-01' });
    expect(listed.statusCode, listed.body).toBe(201);
    expect(await check(org, 5_000_000)).toEqual({ eligible: false, codes: CODES, failed: [{ code: 'noBadCredit', reason: '自 2026-01-01 起列入失信名单：虚报服务人次，经核查属实' }] });
    // Before the listing began it did not apply.
    expect((await check(org, 5_000_000, '2025-12-31')).failed).toEqual([]);

    const lifted = await call(app(), ctx.as.admin, 'POST', `/api/v1/credit-blacklist/${listed.json().id}/lift`, { liftedOn: '2026-06-15' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    // The lifting day is the first day off the list.
    expect(await check(org, 5_000_000, '2026-06-15')).toMatchObject({ eligible: true, failed: [] });
    expect((await check(org, 5_000_000, '2026-06-14')).failed).toEqual([{ code: 'noBadCredit', reason: '自 2026-01-01 起列入失信名单（至 2026-06-15）：虚报服务人次，经核查属实' }]);
    // A listing that starts later does not bar the organization today.
    await call(app(), ctx.as.admin, 'POST', '/api/v1/credit-blacklist', { orgId: org, reason: '拒不配合督导检查', listedOn: '2026-07-01' });
    expect((await check(org, 5_000_000)).failed).toEqual([]);
    expect((await check(org, 5_000_000, '2026-07-01')).failed).toEqual([{ code: 'noBadCredit', reason: '自 2026-07-01 起列入失信名单：拒不配合督导检查' }]);
  });

  it('counts a failed final evaluation for the years the rule says, and only a failed one', async () => {
    const failedOrg = await makeOrg();
    const goodOrg = await makeOrg();
    const failedProject = await makeProposedProject(app(), ctx.as.weijian, { budgetFen: 1_000_000 });
    const goodProject = await makeProposedProject(app(), ctx.as.weijian, { budgetFen: 1_000_000 });
    const [{ number }] = await rows<{ number: string }>(db(), sql`select number from cases where id = ${failedProject}`);
    // As the archive's evaluations are loaded: scored in the assessment engine, the grade kept on the project's record.
    const [{ id: cityId }] = await rows<{ id: string }>(db(), sql`select id from regions where level = 'city' and code = '330481'`);
    const evaluation = async (projectId: string, orgId: string, grade: string, total: number) => {
      const scores = { outputs: Math.round(total * 0.3), outcomes: Math.round(total * 0.3), satisfaction: Math.round(total * 0.2), finances: Math.round(total * 0.1) };
      const sheet = { ...scores, management: total - scores.outputs - scores.outcomes - scores.satisfaction - scores.finances };
      const subject = { type: 'project' as const, ref: projectId, name: '终期评估测试项目', code: projectId.slice(0, 8) };
      const rounds = await db().transaction((tx) => importOwnedSheets(tx, 'evaluation', cityId, [{ caseId: projectId, year: 2025, subject, evaluatorId: ctx.as.admin.userId, at: new Date('2025-03-01T10:00:00+08:00'), scores: sheet }]));
      await db().execute(sql`insert into project_evaluations (project_id, provider_org_id, round_id, total, grade, summary, evaluated_on, evaluator_id)
                       values (${projectId}, ${orgId}, ${rounds.get(projectId)!}, ${total}, ${grade}, '终期评估结论', '2025-03-01', ${ctx.as.admin.userId})`);
    };
    await evaluation(failedProject, failedOrg, 'fail', 45);
    await evaluation(goodProject, goodOrg, 'pass', 65);

    const reason = `承接的项目 ${number} 于 2025-03-01 终期评估不合格（2 年内不得申报）`;
    expect(await check(failedOrg, 5_000_000)).toEqual({ eligible: false, codes: CODES, failed: [{ code: 'noFailedEvaluation', reason }] });
    expect(await check(goodOrg, 5_000_000)).toMatchObject({ eligible: true, failed: [] });
    // Two years after the evaluation the fail no longer counts.
    expect((await check(failedOrg, 5_000_000, '2027-02-28')).failed).toEqual([{ code: 'noFailedEvaluation', reason }]);
    expect((await check(failedOrg, 5_000_000, '2027-03-01')).failed).toEqual([]);
    try {
      await patchRule('noFailedEvaluation', { params: { years: 1 } });
      expect((await check(failedOrg, 5_000_000)).failed).toEqual([]);
      expect((await check(failedOrg, 5_000_000, '2026-02-28')).failed).toEqual([{ code: 'noFailedEvaluation', reason: `承接的项目 ${number} 于 2025-03-01 终期评估不合格（1 年内不得申报）` }]);
    } finally {
      await restoreRules();
    }
  });

  it('does not apply a disabled rule, and applies it again once enabled', async () => {
    const young = await makeOrg({ foundedOn: '2026-05-01' });
    expect((await check(young, 5_000_000)).failed.map((f) => f.code)).toEqual(['oneYear']);
    try {
      const off = await patchRule('oneYear', { active: false });
      expect(off).toMatchObject({ code: 'oneYear', active: false });
      expect(await check(young, 5_000_000)).toEqual({ eligible: true, codes: CODES.filter((c) => c !== 'oneYear'), failed: [] });
      await patchRule('oneYear', { active: true });
      expect((await check(young, 5_000_000)).failed.map((f) => f.code)).toEqual(['oneYear']);
    } finally {
      await restoreRules();
    }
  });

  it('follows an edit of a rule’s amount and grade at once', async () => {
    const twoA = await makeOrg({ grade: '2A' });
    expect((await check(twoA, 15_000_000)).failed).toEqual([]);
    try {
      await patchRule('grade3aAbove20wan', { params: { amountFen: 10_000_000, grade: '3A' }, description: '项目预算超过 10 万元的，评估等级须达到 3A 及以上' });
      expect((await check(twoA, 15_000_000)).failed).toEqual([{ code: 'grade3aAbove20wan', reason: '项目预算 150,000.00 元，超过 100,000.00 元的须评估等级达到 3A 及以上；该组织评估等级为 2A' }]);
      expect((await check(twoA, 10_000_000)).failed).toEqual([]);
      const result = (await checkEligibility(db(), await haining(), twoA, 15_000_000, T))!;
      expect(result.rules.find((r) => r.code === 'grade3aAbove20wan')!.description).toBe('项目预算超过 10 万元的，评估等级须达到 3A 及以上');
      await patchRule('grade3aAbove20wan', { params: { amountFen: 10_000_000, grade: '2A' } });
      expect((await check(twoA, 15_000_000)).failed).toEqual([]);
      await patchRule('oneYear', { params: { years: 3 } });
      const twoYears = await makeOrg({ foundedOn: '2024-06-01' });
      expect((await check(twoYears, 5_000_000)).failed).toEqual([{ code: 'oneYear', reason: '成立于 2024-06-01，登记不满 3 年（须在 2023-06-15 或之前成立）' }]);
    } finally {
      await restoreRules();
    }
    expect((await check(twoA, 15_000_000)).failed).toEqual([]);
    expect(await rulesNow()).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'grade3aAbove20wan', params: { amountFen: 20_000_000, grade: '3A' }, active: true })]));
  });

  it('refuses a bid through the API from an organization that fails a rule, stores nothing, and shows the rule on the self-check', async () => {
    const r = await refs(app());
    const id = await makeCallingProject(app(), s(), { budgetFen: 30_000_000 });
    const [org2] = await rows<{ grade: string; name: string }>(db(), sql`select grade, name from orgs where id = ${r.org2}`);
    await db().execute(sql`update orgs set grade = '2A' where id = ${r.org2}`);
    try {
      const elig = await call(app(), ctx.as.jigou2, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org2}`);
      expect(elig.statusCode).toBe(200);
      expect(elig.json()).toMatchObject({ orgId: r.org2, orgName: org2.name, eligible: false });
      const rules = elig.json().rules as { code: string; passed: boolean; reason: string | null }[];
      expect(rules.map((x) => x.code)).toEqual(CODES);
      expect(rules.filter((x) => !x.passed)).toEqual([
        { code: 'grade3aAbove20wan', kind: 'minGradeAboveAmount', description: '项目预算超过 20 万元的，评估等级须达到 3A 及以上', passed: false, reason: '项目预算 300,000.00 元，超过 200,000.00 元的须评估等级达到 3A 及以上；该组织评估等级为 2A' },
      ]);

      const refused = await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org2, 40_000));
      const problem = expectProblem(refused, 422, 'validation') as unknown as { errors: { path: string; message: string }[] };
      expect(problem.errors).toEqual([
        expect.objectContaining({
          path: 'eligibility.grade3aAbove20wan',
          message: '不符合申报条件：项目预算超过 20 万元的，评估等级须达到 3A 及以上——项目预算 300,000.00 元，超过 200,000.00 元的须评估等级达到 3A 及以上；该组织评估等级为 2A',
        }),
      ]);
      expect(await rows(db(), sql`select 1 from project_bids where project_id = ${id}`)).toHaveLength(0);
      expect(await rows(db(), sql`select 1 from audit_events where action = 'project.bid' and detail->>'projectId' = ${id}`)).toHaveLength(0);
      expect(await rows(db(), sql`select 1 from notifications where case_id = ${id} and kind = 'project.bid'`)).toHaveLength(0);

      // Someone else's org, or no login: no answer about it.
      expectProblem(await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org2}`), 404, 'not_found');
      expectProblem(await call(app(), null, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org2}`), 401);

      // The 4A organization is eligible above the threshold, and its bid records the check.
      const accepted = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org1, 45_000));
      expect(accepted.statusCode, accepted.body).toBe(201);
      const [stored] = await rows<{ org_id: string; eligibility: { code: string; passed: boolean }[] }>(db(), sql`select org_id, eligibility from project_bids where project_id = ${id}`);
      expect(stored.org_id).toBe(r.org1);
      expect(stored.eligibility.map((e) => [e.code, e.passed])).toEqual(CODES.map((c) => [c, true]));

      // With the rule switched off by the office the same bid goes through.
      try {
        await patchRule('grade3aAbove20wan', { active: false });
        const after = (await call(app(), ctx.as.jigou2, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org2}`)).json();
        expect(after).toMatchObject({ eligible: true });
        expect((after.rules as { code: string }[]).map((x) => x.code)).toEqual(CODES.filter((c) => c !== 'grade3aAbove20wan'));
        expect((await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org2, 40_000))).statusCode).toBe(201);
      } finally {
        await restoreRules();
      }
      expect(await rows(db(), sql`select 1 from project_bids where project_id = ${id}`)).toHaveLength(2);
    } finally {
      await db().execute(sql`update orgs set grade = ${org2.grade} where id = ${r.org2}`);
      await ok(await fire(app(), ctx.as.admin, id, 'cancel', { comment: '测试结束，终止项目' }), 'cancel');
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Disclosure
// ---------------------------------------------------------------------------------------------------------

type Disclosure = {
  id: string;
  state: string;
  stateName: string;
  initiation: { approvedOn: string | null };
  call: { procurementMethodName: string; deadline: string; publishedAt: string; notice: string } | null;
  award: { providerName: string; providerCreditCode: string | null; awardedOn: string | null; noticeStartsOn: string | null; noticeEndsOn: string | null } | null;
  contract: { number: string; valueFen: number; signedOn: string; startOn: string; endOn: string; paidFen: number } | null;
  evaluation: { grade: string; gradeName: string; total: number; evaluatedOn: string } | null;
};

async function publicPage(id: string): Promise<Disclosure> {
  const res = await call(app(), null, 'GET', `/api/v1/public/projects/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Disclosure>();
}

describe('disclosure: the public page of a project, stage by stage', () => {
  it('shows initiation, call, award, contract and evaluation only once each exists, without personal data', async () => {
    const today = todayInChina();
    const r = await refs(app());
    const [org1] = await rows<{ name: string; credit_code: string }>(db(), sql`select name, credit_code from orgs where id = ${r.org1}`);

    // Before approval the project is internal.
    const proposed = await makeProposedProject(app(), ctx.as.weijian, { budgetFen: 1_000_000 });
    expectProblem(await call(app(), null, 'GET', `/api/v1/public/projects/${proposed}`), 404, 'not_found');
    const draft = (await call(app(), ctx.as.weijian, 'POST', '/api/v1/projects', { title: '公开测试草稿项目', summary: '仅用于确认草稿不公开的测试项目。', year: 2026, departmentId: r.health, catalogCategoryId: r.categoryId, domains: ['elderly'], targetGroups: ['老人'], townIds: [r.townId], budgetFen: 1_000_000, durationMonths: 12, indicators: [{ kind: 'output', name: '服务人数', target: 10, unit: '人' }] })).json().id as string;
    expectProblem(await call(app(), null, 'GET', `/api/v1/public/projects/${draft}`), 404, 'not_found');

    // In the plan: the initiation only.
    const planned = await makePlannedProject(app(), s(), { budgetFen: 1_000_000 });
    expect(await publicPage(planned)).toMatchObject({
      id: planned,
      state: 'planned',
      stateName: '已列入计划',
      departmentName: '卫健局',
      categoryName: '独居老人关爱项目',
      townNames: ['许村镇'],
      budgetFen: 1_000_000,
      initiation: { approvedOn: today },
      call: null,
      award: null,
      contract: null,
      evaluation: null,
      meetings: [],
    });

    // The call once published, with its notice and deadline.
    const main = await makeScoredProject(app(), s());
    const input = await callInput(app());
    const procuring = await publicPage(main);
    expect(procuring).toMatchObject({ state: 'procuring', initiation: { approvedOn: today }, award: null, contract: null, evaluation: null });
    expect(procuring.call).toEqual({ procurementMethodName: '竞争性磋商', deadline: expect.any(String), publishedAt: expect.any(String), notice: input.notice });
    const [callRow] = await rows<{ call_deadline: string; call_published_at: Date | string }>(db(), sql`select call_deadline::text, call_published_at from service_projects where case_id = ${main}`);
    expect(procuring.call!.deadline).toBe(callRow.call_deadline);
    expect(procuring.call!.publishedAt).toBe(new Date(callRow.call_published_at).toISOString());

    // On notice: whom the panel recommends, not yet awarded.
    await ok(await fire(app(), ctx.as.admin, main, 'recommend'), 'recommend');
    const [notice] = await rows<{ starts: string; ends: string }>(db(), sql`select notice_starts_on::text as starts, notice_ends_on::text as ends from service_projects where case_id = ${main}`);
    expect((await publicPage(main)).award).toEqual({ providerName: org1.name, providerCreditCode: org1.credit_code, awardedOn: null, noticeStartsOn: notice.starts, noticeEndsOn: notice.ends });
    expect((await publicPage(main)).contract).toBeNull();

    // Awarded: the award date; still no contract.
    await expireNotice(app(), main);
    const [ends] = await rows<{ ends: string }>(db(), sql`select notice_ends_on::text as ends from service_projects where case_id = ${main}`);
    await ok(await fire(app(), ctx.as.admin, main, 'award'), 'award');
    const awarded = await publicPage(main);
    expect(awarded).toMatchObject({ state: 'awarded', contract: null, evaluation: null });
    expect(awarded.award).toEqual({ providerName: org1.name, providerCreditCode: org1.credit_code, awardedOn: today, noticeStartsOn: notice.starts, noticeEndsOn: ends.ends });

    // Under contract: the summary with what has been paid from the ledger.
    const contract = { contractNumber: `HNGM-2026-PUB${main.slice(0, 4).toUpperCase()}`, signedOn: today, valueFen: 4_500_000, startOn: today, endOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`, milestones: [
      { name: '首付款（合同签订）', dueOn: today, amountFen: 1_800_000, condition: 'signing' },
      { name: '尾款（终期评估完成）', dueOn: today, amountFen: 2_700_000, condition: 'finalEvaluation' },
    ] };
    await ok(await fire(app(), ctx.as.admin, main, 'signContract', { input: contract }), 'signContract');
    const signed = await publicPage(main);
    expect(signed).toMatchObject({ state: 'implementing', evaluation: null });
    expect(signed.contract).toEqual({ number: contract.contractNumber, valueFen: 4_500_000, signedOn: today, startOn: today, endOn: contract.endOn, paidFen: 0 });
    const milestones = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${main}/contract`)).json().milestones as { id: string }[];
    const request = await ok(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${main}/payments`, { milestoneId: milestones[0].id }), 'request payment');
    await ok(await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${request.json().id}/pay`, { voucherNo: `PZ-PUB-${main.slice(0, 6)}`, version: request.json().version }), 'pay');
    expect((await publicPage(main)).contract!.paidFen).toBe(1_800_000);

    // In final evaluation: no result until it is done.
    await ok(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${main}/service-records`, serviceRecord()), 'service record');
    await endServiceTerm(app(), main);
    await ok(await fire(app(), ctx.as.jigou1, main, 'submitFinalReport', { input: { summary: '项目服务期满，完成全部服务内容，详见终期报告正文。' } }), 'final report');
    expect(await publicPage(main)).toMatchObject({ state: 'evaluating', evaluation: null });

    // Evaluated: the grade appears.
    await ok(await fire(app(), ctx.as.admin, main, 'evaluate', { input: { scores: { outputs: 28, outcomes: 25, satisfaction: 18, finances: 9, management: 8 }, summary: '产出超额完成，成效明显，资金使用规范。' } }), 'evaluate');
    const evaluated = await publicPage(main);
    expect(evaluated).toMatchObject({ state: 'closing', award: { providerName: org1.name, awardedOn: today }, contract: { number: contract.contractNumber, paidFen: 1_800_000 } });
    expect(evaluated.evaluation).toEqual({ grade: 'good', gradeName: '良好', total: 88, evaluatedOn: today });
    // A good grade does not count against the provider.
    const next = await makeCallingProject(app(), s(), { budgetFen: 1_000_000 });
    expect((await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${next}/eligibility?orgId=${r.org1}`)).json()).toMatchObject({ eligible: true });
    await ok(await fire(app(), ctx.as.admin, next, 'cancel', { comment: '测试结束，终止项目' }), 'cancel');

    // The public list says the same as the page.
    const title = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${main}`)).json().title as string;
    const listed = (await call(app(), null, 'GET', `/api/v1/public/projects?q=${encodeURIComponent(title)}`)).json().items as Disclosure[];
    expect(listed).toEqual([evaluated]);

    // No personal data anywhere: not the provider's legal representative or contact, clear or masked; not the
    // bid team, experts or staff.
    const [people] = await rows<{ legal_rep_name: string; contact_name: string | null; legal_rep_id_masked: string | null; legal_rep_phone_masked: string | null; contact_phone_masked: string | null }>(
      db(),
      sql`select legal_rep_name, contact_name, legal_rep_id_masked, legal_rep_phone_masked, contact_phone_masked from orgs where id = ${r.org1}`,
    );
    const revealed = await call(app(), ctx.as.admin, 'POST', `/api/v1/orgs/${r.org1}/reveal`, { fields: ['legalRepIdNumber', 'legalRepPhone', 'contactPhone'], reason: '核对公开页面不含个人信息' });
    expect(revealed.statusCode, revealed.body).toBe(200);
    const clear = revealed.json<Record<string, string | null>>();
    expect(clear.legalRepIdNumber).toMatch(/^\d{17}[\dX]$/);
    const staff = await rows<{ display_name: string }>(db(), sql`select display_name from users where username in ('admin', 'weijian', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2')`);
    const secrets = [people.legal_rep_name, people.contact_name, people.legal_rep_id_masked, people.legal_rep_phone_masked, people.contact_phone_masked, clear.legalRepIdNumber, clear.legalRepPhone, clear.contactPhone, '陈思远', '李雯', ...staff.map((u) => u.display_name)].filter(
      (x): x is string => !!x,
    );
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const page of [JSON.stringify(evaluated), JSON.stringify(listed), JSON.stringify(await publicPage(planned))]) {
      for (const secret of secrets) expect(page, secret).not.toContain(secret);
      // Nothing shaped like a resident ID or a mobile number once the organizations' credit codes are set aside.
      const rest = page.replaceAll(org1.credit_code, '');
      expect(rest).not.toMatch(/(?<![0-9A-Z])\d{17}[\dXx](?![0-9A-Z])/);
      expect(rest).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
      expect(rest).not.toMatch(/\*{3,}/);
      for (const key of ['legalRep', 'phone', 'Phone', 'idNumber', 'IdNumber', 'team', 'scores', 'expert', 'evaluator', 'contact']) expect(page).not.toContain(`"${key}`);
    }
  });

  it('keeps a project public once approved, even when it is cancelled afterwards, and never one cancelled before', async () => {
    const calling = await makeCallingProject(app(), s(), { budgetFen: 1_000_000 });
    const before = await publicPage(calling);
    await ok(await fire(app(), ctx.as.admin, calling, 'cancel', { comment: '服务需求已调整，终止项目' }), 'cancel');
    const after = await publicPage(calling);
    expect(after).toEqual({ ...before, state: 'cancelled', stateName: '已终止' });
    expect(after.call).not.toBeNull();
    const [{ year }] = await rows<{ year: number }>(db(), sql`select year from service_projects where case_id = ${calling}`);
    const list = (await call(app(), null, 'GET', `/api/v1/public/projects?year=${year}&limit=100`)).json().items as { id: string }[];
    expect(list.map((x) => x.id)).toContain(calling);

    const proposed = await makeProposedProject(app(), ctx.as.weijian, { budgetFen: 1_000_000 });
    await ok(await fire(app(), ctx.as.admin, proposed, 'cancel', { comment: '需求重复，撤销' }), 'cancel');
    expectProblem(await call(app(), null, 'GET', `/api/v1/public/projects/${proposed}`), 404, 'not_found');
    const rejected = await makeProposedProject(app(), ctx.as.weijian, { budgetFen: 1_000_000 });
    await ok(await fire(app(), ctx.as.admin, rejected, 'reject', { comment: '不符合年度购买服务指导目录。' }), 'reject');
    expectProblem(await call(app(), null, 'GET', `/api/v1/public/projects/${rejected}`), 404, 'not_found');
    const all = (await call(app(), null, 'GET', `/api/v1/public/projects?year=${year}&limit=100`)).json().items as { id: string }[];
    expect(all.map((x) => x.id)).not.toContain(proposed);
    expect(all.map((x) => x.id)).not.toContain(rejected);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The staff list's filters
// ---------------------------------------------------------------------------------------------------------

type Summary = { id: string; number: string; state: string; departmentName: string; categoryName: string; townNames: string[]; overdue: boolean };

describe('the staff project list: filters by category, department, town, stage and overdue', () => {
  it('returns exactly the matching projects for each filter and their combinations, to those who may see them', async () => {
    const r = await refs(app());
    const xiashi = await regionByCode(app(), '330481001');
    const haizhou = await regionByCode(app(), '330481002');
    const [children] = await rows<{ id: string }>(db(), sql`select id from catalog_categories where code = 'basic.childrenInDifficulty'`);
    const tag = `筛选${Date.now().toString(36).slice(-5)}`;
    const title = (x: string) => `${tag}${x}许村镇关爱服务项目`;
    const today = todayInChina();

    // A: 卫健局, elderly, 许村镇, planned, overdue.   B: 卫健局, children, 硖石, planned.
    // C: 卫健局, elderly, 许村镇 + 海洲, proposed.      D: 民政局, elderly, 许村镇, planned, overdue.
    // E: 卫健局, elderly, 海洲, calling.
    const A = await makePlannedProject(app(), s(), { title: title('A'), budgetFen: 1_000_000 });
    const B = await makePlannedProject(app(), s(), { title: title('B'), budgetFen: 1_000_000, catalogCategoryId: children.id, domains: ['children'], townIds: [xiashi.id] });
    const C = await makeProposedProject(app(), ctx.as.weijian, { title: title('C'), budgetFen: 1_000_000, townIds: [r.townId, haizhou.id] });
    const D = await makePlannedProject(app(), { dept: ctx.as.minzheng, admin: ctx.as.admin }, { title: title('D'), budgetFen: 1_000_000, departmentId: r.civilAffairs });
    const E = await makeCallingProject(app(), s(), { title: title('E'), budgetFen: 1_000_000, townIds: [haizhou.id] });
    // Time passes for A and D: their step's deadline was three days ago. B's is today (not yet overdue), C's later, E's none.
    await db().execute(sql`update cases set due_on = (${today}::date - 3) where id in (${A}, ${D})`);
    await db().execute(sql`update cases set due_on = ${today}::date where id = ${B}`);
    await db().execute(sql`update cases set due_on = (${today}::date + 5) where id = ${C}`);
    const names = new Map([
      [A, 'A'],
      [B, 'B'],
      [C, 'C'],
      [D, 'D'],
      [E, 'E'],
    ]);

    async function list(who: Session, query: string) {
      const res = await call(app(), who, 'GET', `/api/v1/projects?q=${encodeURIComponent(tag)}&limit=100${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as Summary[];
      // Newest first.
      expect(items.map((i) => i.number)).toEqual([...items.map((i) => i.number)].sort().reverse());
      return items.map((i) => names.get(i.id) ?? `other:${i.id}`).sort().join('');
    }
    const admin = ctx.as.admin;
    expect(await list(admin, '')).toBe('ABCDE');
    expect(await list(admin, `&catalogCategoryId=${r.categoryId}`)).toBe('ACDE');
    expect(await list(admin, `&catalogCategoryId=${children.id}`)).toBe('B');
    expect(await list(admin, `&departmentId=${r.health}`)).toBe('ABCE');
    expect(await list(admin, `&departmentId=${r.civilAffairs}`)).toBe('D');
    expect(await list(admin, `&departmentId=${r.office}`)).toBe('');
    expect(await list(admin, `&townId=${r.townId}`)).toBe('ACD');
    expect(await list(admin, `&townId=${xiashi.id}`)).toBe('B');
    expect(await list(admin, `&townId=${haizhou.id}`)).toBe('CE');
    expect(await list(admin, '&state=planned')).toBe('ABD');
    expect(await list(admin, '&state=proposed')).toBe('C');
    expect(await list(admin, '&state=calling')).toBe('E');
    expect(await list(admin, '&state=implementing')).toBe('');
    expect(await list(admin, '&overdueOnly=true')).toBe('AD');
    expect(await list(admin, '&overdueOnly=false')).toBe('ABCDE');
    // Combined, every condition holds.
    expect(await list(admin, `&state=planned&departmentId=${r.health}&overdueOnly=true`)).toBe('A');
    expect(await list(admin, `&catalogCategoryId=${r.categoryId}&townId=${r.townId}&departmentId=${r.health}`)).toBe('AC');
    expect(await list(admin, `&state=planned&townId=${r.townId}`)).toBe('AD');
    expect(await list(admin, `&state=calling&townId=${r.townId}`)).toBe('');
    expect(await list(admin, `&catalogCategoryId=${children.id}&overdueOnly=true`)).toBe('');
    expect(await list(admin, `&year=2026&townId=${haizhou.id}&state=calling`)).toBe('E');
    expect(await list(admin, '&year=2025')).toBe('');

    // Each item says what the filters matched on.
    const items = (await call(app(), admin, 'GET', `/api/v1/projects?q=${encodeURIComponent(tag)}&limit=100`)).json().items as Summary[];
    const byName = new Map(items.map((i) => [names.get(i.id)!, i]));
    expect([...byName.entries()].sort().map(([n, i]) => [n, i.state, i.departmentName, i.categoryName, i.townNames, i.overdue])).toEqual([
      ['A', 'planned', '卫健局', '独居老人关爱项目', ['许村镇'], true],
      ['B', 'planned', '卫健局', '困境儿童关爱项目', ['硖石街道'], false],
      ['C', 'proposed', '卫健局', '独居老人关爱项目', ['海洲街道', '许村镇'], false],
      ['D', 'planned', '民政局', '独居老人关爱项目', ['许村镇'], true],
      ['E', 'calling', '卫健局', '独居老人关爱项目', ['海洲街道'], false],
    ]);

    // The overdue filter without a search: exactly the open cases past their step deadline, city-wide.
    const expected = await rows<{ id: string }>(
      db(),
      sql`select c.id from cases c join service_projects p on p.case_id = c.id where c.closed_at is null and c.due_on < ${today} order by p.number desc`,
    );
    expect(expected.map((x) => x.id)).toEqual(expect.arrayContaining([A, D]));
    const overdue = (await call(app(), admin, 'GET', '/api/v1/projects?overdueOnly=true&limit=100')).json().items as Summary[];
    expect(overdue.map((x) => x.id)).toEqual(expected.map((x) => x.id));
    // A closed case with a past deadline is not overdue.
    const [closed] = await rows<{ id: string }>(db(), sql`select c.id from cases c join service_projects p on p.case_id = c.id where c.state = 'closed' and p.year = 2026 limit 1`);
    await db().execute(sql`update cases set due_on = (${today}::date - 10) where id = ${closed.id}`);
    expect(((await call(app(), admin, 'GET', '/api/v1/projects?overdueOnly=true&limit=100')).json().items as Summary[]).map((x) => x.id)).toEqual(expected.map((x) => x.id));

    // A department sees only its own projects, whatever it asks for.
    expect(await list(ctx.as.weijian, '')).toBe('ABCE');
    expect(await list(ctx.as.weijian, `&departmentId=${r.civilAffairs}`)).toBe('');
    expect(await list(ctx.as.weijian, '&overdueOnly=true')).toBe('A');
    expect(await list(ctx.as.weijian, `&townId=${r.townId}`)).toBe('AC');
    expect(await list(ctx.as.minzheng, '')).toBe('D');
    expect(await list(ctx.as.minzheng, `&departmentId=${r.health}`)).toBe('');
    expect(await list(ctx.as.minzheng, '&state=planned&overdueOnly=true')).toBe('D');
    const all = (await call(app(), ctx.as.weijian, 'GET', '/api/v1/projects?limit=100')).json().items as Summary[];
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((x) => x.departmentName))).toEqual(new Set(['卫健局']));
    // The auditor reads everything; a town user, an organization and an anonymous caller may not list.
    expect(await list(ctx.as.auditor, '')).toBe('ABCDE');
    expectProblem(await call(app(), ctx.as.xucun, 'GET', `/api/v1/projects?q=${encodeURIComponent(tag)}`), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects?q=${encodeURIComponent(tag)}`), 403, 'forbidden');
    expectProblem(await call(app(), null, 'GET', `/api/v1/projects?q=${encodeURIComponent(tag)}`), 401);
    // An unknown filter is refused rather than ignored.
    expectProblem(await call(app(), admin, 'GET', '/api/v1/projects?overdue=true'), 422, 'validation');
  });
});

// ---------------------------------------------------------------------------------------------------------
// The lifecycle dashboard
// ---------------------------------------------------------------------------------------------------------

type Dashboard = {
  year: number;
  byStage: { state: string; stateName: string; count: number }[];
  byDepartment: { departmentId: string; departmentName: string; count: number; budgetFen: number }[];
  byCategory: { categoryId: string; categoryName: string; tier: string; count: number; budgetFen: number }[];
  money: { totalFen: number; reservedFen: number; committedFen: number; paidFen: number; remainingFen: number };
  overdueSteps: number;
  openRectifications: number;
  overdueRectifications: number;
};

async function dashboard(who: Session, year = 2026): Promise<Dashboard> {
  const res = await call(app(), who, 'GET', `/api/v1/project-dashboard?year=${year}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dashboard>();
}

/** The year's money as the ledger has it: allocations, and every project's holdings from its movements. */
async function ledgerMoney(year: number, departmentId?: string) {
  const [m] = await rows<{ total: string; reserved: string; committed: string; paid: string }>(
    db(),
    sql`select coalesce(sum(case m.kind when 'allocate' then m.amount_fen else 0 end), 0)::text as total,
               coalesce(sum(case m.kind when 'reserve' then m.amount_fen when 'release' then -m.amount_fen when 'commit' then -m.amount_fen else 0 end), 0)::text as reserved,
               coalesce(sum(case m.kind when 'commit' then m.amount_fen when 'decommit' then -m.amount_fen when 'pay' then -m.amount_fen else 0 end), 0)::text as committed,
               coalesce(sum(case m.kind when 'pay' then m.amount_fen else 0 end), 0)::text as paid
        from fund_movements m join fund_allocations a on a.id = m.allocation_id join funds f on f.id = m.fund_id
        where f.year = ${year} ${departmentId ? sql`and a.department_id = ${departmentId}` : sql``}`,
  );
  const [total, reserved, committed, paid] = [m.total, m.reserved, m.committed, m.paid].map(Number);
  return { totalFen: total, reservedFen: reserved, committedFen: committed, paidFen: paid, remainingFen: total - reserved - committed - paid };
}

const stage = (d: Dashboard, st: string) => d.byStage.find((x) => x.state === st)!.count;
const dept = (d: Dashboard, id: string) => d.byDepartment.find((x) => x.departmentId === id) ?? { count: 0, budgetFen: 0 };
const category = (d: Dashboard, id: string) => d.byCategory.find((x) => x.categoryId === id) ?? { count: 0, budgetFen: 0 };

describe('the lifecycle dashboard', () => {
  it('counts projects by stage, department and category, the ledger’s money, overdue steps and open rectifications', async () => {
    const r = await refs(app());
    const [children] = await rows<{ id: string }>(db(), sql`select id from catalog_categories where code = 'basic.childrenInDifficulty'`);
    const today = todayInChina();
    const before = { admin: await dashboard(ctx.as.admin), dept: await dashboard(ctx.as.weijian), other: await dashboard(ctx.as.minzheng) };
    // The figures before anything is added already agree with the ledger.
    expect(before.admin.money).toEqual(await ledgerMoney(2026));
    expect(before.dept.money).toEqual(await ledgerMoney(2026, r.health));

    // P1 planned (1 万 reserved) and past its step deadline; P2 under contract (45,000 committed, 18,000 of it paid);
    // P3 proposed in another category.
    const p1 = await makePlannedProject(app(), s(), { budgetFen: 1_000_000 });
    await db().execute(sql`update cases set due_on = (${today}::date - 1) where id = ${p1}`);
    const p2 = await makeImplementingProject(app(), s());
    const p3 = await makeProposedProject(app(), ctx.as.weijian, { budgetFen: 1_000_000, catalogCategoryId: children.id, domains: ['children'] });
    // P3's step is due today: not overdue yet.
    await db().execute(sql`update cases set due_on = ${today}::date where id = ${p3}`);
    const milestones = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${p2}/contract`)).json().milestones as { id: string; amountFen: number }[];
    const request = await ok(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${p2}/payments`, { milestoneId: milestones[0].id }), 'request payment');
    await ok(await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${request.json().id}/pay`, { voucherNo: `PZ-DASH-${p2.slice(0, 6)}`, version: request.json().version }), 'pay');
    expect(milestones[0].amountFen).toBe(1_800_000);

    // A supervision visit with three items: one left open and past its deadline, one answered (still open), one closed.
    const visit = await ok(
      await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${p2}/supervision`, {
        kind: 'midterm',
        visitedOn: today,
        findings: '服务档案不完整，活动签到表缺失。',
        result: 'rectify',
        rectifications: [
          { item: '补齐服务档案', workingDays: 5 },
          { item: '补齐活动签到表', workingDays: 5 },
          { item: '更新服务对象名册', workingDays: 5 },
        ],
      }),
      'supervision',
    );
    const items = visit.json().rectifications as { id: string; item: string; version: number }[];
    const [late, answered, done] = ['补齐服务档案', '补齐活动签到表', '更新服务对象名册'].map((n) => items.find((i) => i.item === n)!);
    await db().execute(sql`update rectifications set due_on = (${today}::date - 2) where id = ${late.id}`);
    // The answered one is due today: open, not overdue.
    await db().execute(sql`update rectifications set due_on = ${today}::date where id = ${answered.id}`);
    const answer = await ok(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/rectifications/${answered.id}/response`, { response: '已补齐全部活动签到表并扫描上传。', version: answered.version }), 'respond');
    expect(answer.json().state).toBe('submitted');
    const doneAnswer = await ok(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/rectifications/${done.id}/response`, { response: '服务对象名册已按季度更新。', version: done.version }), 'respond');
    const closed = await ok(await call(app(), ctx.as.admin, 'POST', `/api/v1/rectifications/${done.id}/review`, { accept: true, version: doneAnswer.json().version }), 'close');
    expect(closed.json().state).toBe('closed');
    // A closed item past its deadline is neither open nor overdue.
    await db().execute(sql`update rectifications set due_on = (${today}::date - 5) where id = ${done.id}`);

    const after = { admin: await dashboard(ctx.as.admin), dept: await dashboard(ctx.as.weijian), other: await dashboard(ctx.as.minzheng) };
    for (const [who, b, a] of [
      ['admin', before.admin, after.admin],
      ['weijian', before.dept, after.dept],
    ] as const) {
      // Stages: one more planned, implementing and proposed; nothing else moved (the procurement stages were passed through).
      const moved = Object.fromEntries(a.byStage.map((x) => [x.state, x.count - stage(b, x.state)]).filter(([, n]) => n !== 0));
      expect(moved, who).toEqual({ planned: 1, implementing: 1, proposed: 1 });
      expect(dept(a, r.health).count - dept(b, r.health).count, who).toBe(3);
      expect(dept(a, r.health).budgetFen - dept(b, r.health).budgetFen, who).toBe(7_000_000);
      expect(category(a, r.categoryId).count - category(b, r.categoryId).count, who).toBe(2);
      expect(category(a, r.categoryId).budgetFen - category(b, r.categoryId).budgetFen, who).toBe(6_000_000);
      expect(category(a, children.id).count - category(b, children.id).count, who).toBe(1);
      expect(category(a, children.id).budgetFen - category(b, children.id).budgetFen, who).toBe(1_000_000);
      // Money: 1 万 reserved for P1; P2's 45,000 committed of which 18,000 paid (its reservation's rest released).
      expect(a.money.totalFen - b.money.totalFen, who).toBe(0);
      expect(a.money.reservedFen - b.money.reservedFen, who).toBe(1_000_000);
      expect(a.money.committedFen - b.money.committedFen, who).toBe(2_700_000);
      expect(a.money.paidFen - b.money.paidFen, who).toBe(1_800_000);
      expect(a.money.remainingFen - b.money.remainingFen, who).toBe(-5_500_000);
      expect(a.money.remainingFen, who).toBe(a.money.totalFen - a.money.reservedFen - a.money.committedFen - a.money.paidFen);
      expect(a.overdueSteps - b.overdueSteps, who).toBe(1);
      expect(a.openRectifications - b.openRectifications, who).toBe(2);
      expect(a.overdueRectifications - b.overdueRectifications, who).toBe(1);
    }
    expect(after.admin.money).toEqual(await ledgerMoney(2026));
    expect(after.dept.money).toEqual(await ledgerMoney(2026, r.health));
    expect(after.other.money).toEqual(await ledgerMoney(2026, r.civilAffairs));

    // The department's dashboard holds only its own: its row, its allocation and its projects' counts.
    expect(after.dept.byDepartment.map((d) => d.departmentName)).toEqual(['卫健局']);
    const [own] = await rows<{ n: number; overdue: number; open_r: number; overdue_r: number }>(
      db(),
      sql`select count(*)::int as n,
                 count(*) filter (where c.closed_at is null and c.due_on < ${today})::int as overdue,
                 (select count(*)::int from rectifications x join service_projects q on q.case_id = x.project_id where q.year = 2026 and q.department_id = ${r.health} and x.state <> 'closed') as open_r,
                 (select count(*)::int from rectifications x join service_projects q on q.case_id = x.project_id where q.year = 2026 and q.department_id = ${r.health} and x.state <> 'closed' and x.due_on < ${today}) as overdue_r
          from service_projects p join cases c on c.id = p.case_id where p.year = 2026 and p.department_id = ${r.health}`,
    );
    expect(after.dept.byStage.reduce((n, x) => n + x.count, 0)).toBe(own.n);
    expect(after.dept.byCategory.reduce((n, x) => n + x.count, 0)).toBe(own.n);
    expect(dept(after.dept, r.health).count).toBe(own.n);
    expect(after.dept).toMatchObject({ overdueSteps: own.overdue, openRectifications: own.open_r, overdueRectifications: own.overdue_r });
    expect(own).toMatchObject({ open_r: 2, overdue_r: 1 });
    // Another department sees none of it.
    expect(after.other.byStage).toEqual(before.other.byStage);
    expect(after.other).toMatchObject({ overdueSteps: before.other.overdueSteps, openRectifications: before.other.openRectifications, overdueRectifications: before.other.overdueRectifications, money: before.other.money });
    expect(after.other.byDepartment.map((d) => d.departmentName)).toEqual(['民政局']);

    // Closing the late item takes it off both counts.
    const lateAnswer = await ok(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/rectifications/${late.id}/response`, { response: '服务档案已按一人一档补齐。', version: late.version }), 'respond');
    await ok(await call(app(), ctx.as.admin, 'POST', `/api/v1/rectifications/${late.id}/review`, { accept: true, version: lateAnswer.json().version }), 'close');
    const last = await dashboard(ctx.as.weijian);
    expect(last.openRectifications - before.dept.openRectifications).toBe(1);
    expect(last.overdueRectifications - before.dept.overdueRectifications).toBe(0);

    // Another year holds none of these; a town user and an anonymous caller get no dashboard.
    const other = await dashboard(ctx.as.admin, 2025);
    expect(other.byStage.filter((x) => x.state !== 'closed').every((x) => x.count === 0)).toBe(true);
    expect(other.money).toEqual(await ledgerMoney(2025));
    expect(other).toMatchObject({ overdueSteps: 0, openRectifications: 0, overdueRectifications: 0 });
    expectProblem(await call(app(), ctx.as.xucun, 'GET', '/api/v1/project-dashboard?year=2026'), 403, 'forbidden');
    expectProblem(await call(app(), null, 'GET', '/api/v1/project-dashboard?year=2026'), 401);
  });
});
