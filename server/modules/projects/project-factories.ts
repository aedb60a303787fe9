import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { rows } from '../../platform/db/sql.js';
import { call, type Session } from '../../test/harness.js';
import { fire } from '../applications/application-factories.js';

/** Test factories: projects in a named stage, built through the API as the office and departments would. */

/**
 * The demo city's (海宁市) departments, category, town and fund line the factories buy with: a test that adds the
 * second city (server/test/second-city.ts) has a 民政局 and a catalog in each city.
 */
export async function refs(app: FastifyInstance) {
  const db = app.database.db;
  const [city] = await rows<{ id: string }>(db, sql`select id from regions where code = '330481'`);
  const depts = await rows<{ id: string; short_name: string }>(db, sql`select id, short_name from departments where city_id = ${city.id}`);
  const dept = (n: string) => depts.find((d) => d.short_name === n)!.id;
  const [category] = await rows<{ id: string }>(db, sql`select id from catalog_categories where code = 'basic.elderlyAlone' and city_id = ${city.id}`);
  const [town] = await rows<{ id: string }>(db, sql`select id from regions where code = '330481101'`);
  const [services] = await rows<{ id: string }>(db, sql`select l.id from fund_lines l join funds f on f.id = l.fund_id where f.year = 2026 and l.code = 'services' and f.city_id = ${city.id}`);
  const members = await rows<{ username: string; org_id: string }>(db, sql`select u.username, g.org_id from users u join role_grants g on g.user_id = u.id where u.username in ('jigou1', 'jigou2') order by u.username`);
  return { health: dept('卫健局'), civilAffairs: dept('民政局'), office: dept('市委社工办'), categoryId: category.id, townId: town.id, servicesLineId: services.id, org1: members[0].org_id, org2: members[1].org_id };
}

let serial = 0;
export async function proposal(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  const r = await refs(app);
  serial += 1;
  // A city buys from its own catalog: another city's department proposes under its city's copy of the category.
  const [own] =
    typeof overrides.departmentId === 'string'
      ? await rows<{ id: string }>(app.database.db, sql`select c.id from catalog_categories c join departments d on d.city_id = c.city_id where d.id = ${overrides.departmentId} and c.code = 'basic.elderlyAlone'`)
      : [];
  return {
    title: `许村镇独居老人关爱服务项目（${serial}）`,
    summary: '为许村镇独居、空巢老人提供上门探访、安全巡查和精神慰藉服务，建立一人一档。',
    year: 2026,
    departmentId: r.health,
    catalogCategoryId: own?.id ?? r.categoryId,
    domains: ['elderly'],
    targetGroups: ['独居老人', '空巢老人'],
    townIds: [r.townId],
    budgetFen: 5_000_000,
    durationMonths: 12,
    indicators: [
      { kind: 'output', name: '服务独居老人', target: 200, unit: '人' },
      { kind: 'output', name: '上门探访', target: 24, unit: '次/人' },
      { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%' },
    ],
    ...overrides,
  };
}

async function ok<R extends { statusCode: number; body: string }>(res: R, what: string): Promise<R> {
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
}

export async function makeProposedProject(app: FastifyInstance, dept: Session, overrides: Record<string, unknown> = {}) {
  const created = await ok(await call(app, dept, 'POST', '/api/v1/projects', await proposal(app, overrides)), 'propose');
  const id = created.json().id as string;
  await ok(await fire(app, dept, id, 'submit'), 'submit');
  return id;
}

export async function makePlannedProject(app: FastifyInstance, s: { dept: Session; admin: Session }, overrides: Record<string, unknown> = {}) {
  const id = await makeProposedProject(app, s.dept, overrides);
  const r = await refs(app);
  await ok(await fire(app, s.admin, id, 'approve', { input: { lineId: r.servicesLineId } }), 'approve');
  return id;
}

export async function callInput(app: FastifyInstance) {
  return { procurementMethod: 'competitiveConsultation', deadline: await addWorkingDays(app.database.db, todayInChina(), 7), notice: '现公开征集具备资质的社会组织承接本项目，请于截止日前在线提交服务方案、预算与团队。' };
}

export async function makeCallingProject(app: FastifyInstance, s: { dept: Session; admin: Session }, overrides: Record<string, unknown> = {}) {
  const id = await makePlannedProject(app, s, overrides);
  await ok(await fire(app, s.admin, id, 'publishCall', { input: await callInput(app) }), 'publishCall');
  return id;
}

export function bid(orgId: string, amountYuan = 45_000) {
  return {
    orgId,
    plan: '组建专业社工团队，按“一人一档”建立服务档案，每月两次上门探访，开展安全巡查与精神慰藉，季度评估服务成效。',
    budgetItems: [
      { name: '人员经费', amountFen: Math.round(amountYuan * 0.6) * 100 },
      { name: '活动经费', amountFen: Math.round(amountYuan * 0.4) * 100 },
    ],
    team: [
      { name: '陈思远', role: '项目主管', certified: true },
      { name: '李雯', role: '一线社工', certified: true },
    ],
  };
}

/** Time passes: the call's deadline moves to yesterday, as if the notice period had run out. */
export async function expireCall(app: FastifyInstance, projectId: string) {
  await app.database.db.execute(sql`update service_projects set call_deadline = (${todayInChina()}::date - 1) where case_id = ${projectId}`);
}

/** A project whose call has closed with bids from both demo organizations (org1 asks 45,000 yuan, org2 40,000). */
export async function makeProcuringProject(app: FastifyInstance, s: { dept: Session; admin: Session; org1: Session; org2: Session }, overrides: Record<string, unknown> = {}) {
  const id = await makeCallingProject(app, s, overrides);
  const r = await refs(app);
  await ok(await call(app, s.org1, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org1, 45_000)), 'bid 1');
  await ok(await call(app, s.org2, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org2, 40_000)), 'bid 2');
  await expireCall(app, id);
  await ok(await fire(app, s.admin, id, 'closeCall'), 'closeCall');
  return id;
}

export async function evaluatorIds(app: FastifyInstance): Promise<Record<string, string>> {
  const found = await rows<{ id: string; username: string }>(app.database.db, sql`select id, username from users where username like 'zhuanjia%'`);
  return Object.fromEntries(found.map((u) => [u.username, u.id]));
}

/** Both bids scored by two experts who declared no conflict; org1's bid scores higher. */
export async function makeScoredProject(app: FastifyInstance, s: { dept: Session; admin: Session; org1: Session; org2: Session; e1: Session; e2: Session }) {
  const id = await makeProcuringProject(app, s);
  const experts = await evaluatorIds(app);
  await ok(await call(app, s.admin, 'POST', `/api/v1/projects/${id}/experts`, { userIds: [experts.zhuanjia1, experts.zhuanjia2] }), 'assign');
  for (const [e, high] of [[s.e1, 88], [s.e2, 84]] as const) {
    await ok(await call(app, e, 'POST', `/api/v1/reviews/${id}/declaration`, { hasConflict: false }), 'declare');
    const review = (await call(app, e, 'GET', `/api/v1/reviews/${id}`)).json<{ bids: { bidId: string; orgName: string }[] }>();
    const bids = (await rows<{ id: string; org_id: string }>(app.database.db, sql`select id, org_id from project_bids where project_id = ${id}`));
    const r = await refs(app);
    for (const b of review.bids) {
      const org = bids.find((x) => x.id === b.bidId)!.org_id;
      const total = org === r.org1 ? high : high - 10;
      await ok(await call(app, e, 'PUT', `/api/v1/bids/${b.bidId}/scores`, { scores: split(total) }), 'score');
    }
  }
  return id;
}

/** A total on the default rubric (plan 40, team 25, budget 20, record 15), spread proportionally. */
export function split(total: number) {
  const plan = Math.min(40, Math.round(total * 0.4));
  const team = Math.min(25, Math.round(total * 0.25));
  const budget = Math.min(20, Math.round(total * 0.2));
  return { plan, team, budget, record: total - plan - team - budget };
}

/** Time passes: the award notice ended yesterday. */
export async function expireNotice(app: FastifyInstance, projectId: string) {
  await app.database.db.execute(sql`update service_projects set notice_ends_on = (${todayInChina()}::date - 1) where case_id = ${projectId}`);
}

/** Time passes: the contract's service term ended yesterday (its start moved back as far), so the final report may come. */
export async function endServiceTerm(app: FastifyInstance, projectId: string) {
  await app.database.db.execute(sql`update project_contracts set start_on = least(start_on, (${todayInChina()}::date - 366)), end_on = (${todayInChina()}::date - 1) where project_id = ${projectId}`);
}

export function contractInput(valueFen: number, overrides: Record<string, unknown> = {}) {
  const [a, b, c] = [Math.round(valueFen * 0.4), Math.round(valueFen * 0.3), 0];
  return {
    contractNumber: `HNGM-2026-${Math.random().toString(36).slice(2, 7).toUpperCase()}`,
    signedOn: todayInChina(),
    valueFen,
    startOn: todayInChina(),
    endOn: `${Number(todayInChina().slice(0, 4)) + 1}${todayInChina().slice(4)}`,
    milestones: [
      { name: '首付款（合同签订）', dueOn: todayInChina(), amountFen: a, condition: 'signing' },
      { name: '中期款（中期督导通过）', dueOn: todayInChina(), amountFen: b, condition: 'midtermSupervision' },
      { name: '尾款（终期评估完成）', dueOn: todayInChina(), amountFen: valueFen - a - b - c, condition: 'finalEvaluation' },
    ],
    ...overrides,
  };
}

/** Awarded to org1 and under a signed contract of 45,000 yuan: 40 % at signing, 30 % after the mid-term supervision, 30 % after the evaluation. */
export async function makeImplementingProject(app: FastifyInstance, s: { dept: Session; admin: Session; org1: Session; org2: Session; e1: Session; e2: Session }) {
  const id = await makeScoredProject(app, s);
  await ok(await fire(app, s.admin, id, 'recommend'), 'recommend');
  await expireNotice(app, id);
  await ok(await fire(app, s.admin, id, 'award'), 'award');
  await ok(await fire(app, s.admin, id, 'signContract', { input: contractInput(4_500_000) }), 'signContract');
  return id;
}

export function serviceRecord(overrides: Record<string, unknown> = {}) {
  return {
    servedOn: todayInChina(),
    place: '许村镇荡湾村老年活动中心',
    activity: '入户探访独居老人，开展安全隐患排查和健康宣教',
    participants: 6,
    beneficiaries: 25,
    progress: [
      { indicator: 0, value: 25 },
      { indicator: 1, value: 25 },
    ],
    ...overrides,
  };
}
