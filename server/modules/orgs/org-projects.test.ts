import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZOrgProjectRecord } from '../../../contracts/orgs.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, login, useTestApp, type Session } from '../../test/harness.js';
import { fire } from '../applications/application-factories.js';
import { endServiceTerm, makeImplementingProject, refs, serviceRecord } from '../projects/project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'minzheng', 'auditor', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

type Record = z.infer<typeof ZOrgProjectRecord>;

async function record(who: Session | null, orgId: string) {
  return call(app(), who, 'GET', `/api/v1/orgs/${orgId}/projects`);
}

/** Every page of the record: the rows in order, and the summary — the same on every page, over every project. */
async function recordOf(who: Session, orgId: string): Promise<Record> {
  const pages: Record[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(app(), who, 'GET', `/api/v1/orgs/${orgId}/projects?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<Record>();
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  for (const page of pages) expect(page.summary).toEqual(pages[0].summary);
  return { summary: pages[0].summary, items: pages.flatMap((p) => p.items), nextCursor: null };
}

/** A town staff account (created by the office, password already changed) for the town with this id. */
async function townStaff(username: string, townId: string): Promise<Session> {
  const created = await call(app(), ctx.as.admin, 'POST', '/api/v1/users', { username, displayName: `${username} 镇街工作人员`, password: 'Initial-Pass-2026', grants: [{ role: 'townStaff', regionId: townId }] });
  expect(created.statusCode, created.body).toBe(201);
  await db().execute(sql`update users set must_change_password = false where username = ${username}`);
  return login(app(), username, 'Initial-Pass-2026');
}

async function milestones(id: string) {
  return (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/contract`)).json().milestones as { id: string }[];
}

async function pay(id: string, milestoneId: string, voucherNo: string) {
  const req = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId });
  expect(req.statusCode, req.body).toBe(201);
  const paid = await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${req.json().id}/pay`, { voucherNo, version: req.json().version });
  expect(paid.statusCode, paid.body).toBe(200);
}

describe("an organization's record of purchased service projects", () => {
  it('shows each project it delivered with the contract, payments and the exact final evaluation grade; the summary counts it', async () => {
    const { org1 } = await refs(app());
    const before = await recordOf(ctx.as.admin, org1);

    // Contract of 45,000 yuan (4,500,000 fen): 40 % at signing, 30 % after the mid-term supervision, 30 % after the evaluation.
    const id = await makeImplementingProject(app(), s());
    const [signing, midterm] = await milestones(id);
    await pay(id, signing.id, `PZ-O-${id.slice(0, 6)}-1`);
    await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord());
    await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, { kind: 'midterm', visitedOn: todayInChina(), findings: '服务规范，档案完整。', result: 'pass' });
    await pay(id, midterm.id, `PZ-O-${id.slice(0, 6)}-2`);
    await endServiceTerm(app(), id);
    expect((await fire(app(), ctx.as.jigou1, id, 'submitFinalReport', { input: { summary: '项目服务期满，完成全部服务内容，详见终期报告正文。' } })).statusCode).toBe(200);

    // Before the evaluation: on the record, no grade yet.
    const waiting = (await recordOf(ctx.as.admin, org1)).items.find((p) => p.id === id)!;
    expect(waiting).toMatchObject({ year: 2026, departmentName: '卫健局', state: 'evaluating', stateName: '终期评估', contractValueFen: 4_500_000, paidFen: 3_150_000, evaluation: null });

    const evaluated = await fire(app(), ctx.as.admin, id, 'evaluate', { input: { scores: { outputs: 28, outcomes: 25, satisfaction: 18, finances: 9, management: 8 }, summary: '产出超额完成，成效明显，资金使用规范。' } });
    expect(evaluated.statusCode, evaluated.body).toBe(200);

    const after = await recordOf(ctx.as.admin, org1);
    const [title] = await rows<{ title: string; number: string }>(db(), sql`select title, number from cases where id = ${id}`);
    const mine = after.items.find((p) => p.id === id);
    expect(mine).toEqual({
      id,
      number: title.number,
      title: title.title,
      year: 2026,
      departmentName: '卫健局',
      state: 'closing',
      stateName: '结项',
      contractNumber: expect.stringMatching(/^HNGM-2026-/),
      contractValueFen: 4_500_000,
      paidFen: 3_150_000,
      evaluation: { grade: 'good', gradeName: '良好', total: 88, evaluatedOn: todayInChina() },
      opens: 'project',
    });
    expect(after.items).toHaveLength(before.items.length + 1);
    expect(after.summary).toEqual({
      projectCount: before.summary.projectCount + 1,
      evaluatedCount: before.summary.evaluatedCount + 1,
      contractValueFen: before.summary.contractValueFen + 4_500_000,
      paidFen: before.summary.paidFen + 3_150_000,
      byGrade: { ...before.summary.byGrade, good: before.summary.byGrade.good + 1 },
      latest: { grade: 'good', gradeName: '良好', total: 88, evaluatedOn: todayInChina(), projectId: id, title: title.title, opens: 'project' },
    });
    // The summary agrees with the evaluations table for this provider.
    const byGrade = await rows<{ grade: string; n: number }>(db(), sql`select grade, count(*)::int as n from project_evaluations where provider_org_id = ${org1} group by grade`);
    expect(after.summary.byGrade).toEqual({ excellent: 0, good: 0, pass: 0, fail: 0, ...Object.fromEntries(byGrade.map((g) => [g.grade, g.n])) });

    // The summary, computed in SQL over every project, agrees with the rows read page by page.
    const graded = after.items.filter((p) => p.evaluation);
    expect(after.summary.projectCount).toBe(after.items.length);
    expect(after.summary.evaluatedCount).toBe(graded.length);
    expect(after.summary.contractValueFen).toBe(after.items.reduce((sum, p) => sum + (p.contractValueFen ?? 0), 0));
    expect(after.summary.paidFen).toBe(after.items.reduce((sum, p) => sum + p.paidFen, 0));
    expect(after.summary.byGrade).toEqual({ excellent: 0, good: 0, pass: 0, fail: 0, ...Object.fromEntries(['excellent', 'good', 'pass', 'fail'].map((g) => [g, graded.filter((p) => p.evaluation!.grade === g).length])) });

    // The other demo organization's record does not show it.
    const { org2 } = await refs(app());
    expect((await recordOf(ctx.as.admin, org2)).items.some((p) => p.id === id)).toBe(false);

    // Newest year first.
    const years = after.items.map((p) => p.year);
    expect(years).toEqual([...years].sort((a, b) => b - a));
  });

  it('answers as the organization detail does: region scope for staff, 404 for another town, 401 anonymous; the org’s own members see theirs', async () => {
    const { org1 } = await refs(app());
    const [org] = await rows<{ town_id: string }>(db(), sql`select town_id from orgs where id = ${org1}`);
    const [otherTown] = await rows<{ id: string }>(db(), sql`select id from regions where level = 'town' and id <> ${org.town_id} order by code limit 1`);
    const sameTown = await townStaff('orgproj.same', org.town_id);
    const elsewhere = await townStaff('orgproj.other', otherTown.id);

    expectProblem(await record(null, org1), 401, 'unauthenticated');
    // Another town's staff: the detail answers 404, and so does the record.
    expectProblem(await call(app(), elsewhere, 'GET', `/api/v1/orgs/${org1}`), 404, 'not_found');
    expectProblem(await record(elsewhere, org1), 404, 'not_found');
    // Another organization's member holds no org.read: the detail, which members read for their own org, answers 404
    // as for a missing one, and so does the record — a member cannot tell another org's id from a missing one.
    expectProblem(await call(app(), ctx.as.jigou2, 'GET', `/api/v1/orgs/${org1}`), 404, 'not_found');
    expectProblem(await record(ctx.as.jigou2, org1), 404, 'not_found');
    expectProblem(await record(ctx.as.jigou2, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectProblem(await record(ctx.as.admin, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');

    const all = await recordOf(ctx.as.admin, org1);
    expect(all.items.length).toBeGreaterThan(0);
    for (const who of [sameTown, ctx.as.jigou1, ctx.as.auditor, ctx.as.weijian]) {
      const seen = await recordOf(who, org1);
      // The same summary; only the page the latest evaluation's project opens depends on who asks — as its row's does.
      expect({ ...seen.summary, latest: { ...seen.summary.latest, opens: null } }).toEqual({ ...all.summary, latest: { ...all.summary.latest, opens: null } });
      expect(seen.summary.latest?.opens).toBe(seen.items.find((p) => p.id === seen.summary.latest?.projectId)?.opens);
      expect(seen.items.map((p) => p.id)).toEqual(all.items.map((p) => p.id));
    }

    // The link each one gets leads to a page that opens for them: the project file, else the public page.
    const closed = all.items.find((p) => p.state === 'closed')!;
    for (const who of [ctx.as.admin, ctx.as.auditor, ctx.as.jigou1, sameTown, ctx.as.weijian, ctx.as.minzheng]) {
      const item = (await recordOf(who, org1)).items.find((p) => p.id === closed.id)!;
      const file = await call(app(), who, 'GET', `/api/v1/projects/${closed.id}`);
      expect(item.opens === 'project', `${file.statusCode} ${item.opens}`).toBe(file.statusCode === 200);
      if (item.opens === 'public') expect((await call(app(), null, 'GET', `/api/v1/public/projects/${closed.id}`)).statusCode).toBe(200);
    }
    expect((await recordOf(sameTown, org1)).items.every((p) => p.opens !== 'project')).toBe(true);
    expect((await recordOf(ctx.as.jigou1, org1)).items.every((p) => p.opens === 'project')).toBe(true);
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const doc = (await app().inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/orgs/{id}/projects'].get;
    const schema = op.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(['summary', 'items', 'nextCursor']);
    expect(schema.properties.items.items.properties.evaluation).toBeDefined();
  });
});
