// Whose self-assessment a subject is (issue 18 §2, §3; assessment.policy.ts): assessment.self is held over 许村镇 by
// its staff (xucun) and by its station's operator (zhanzhang), and the subject's type decides between them — the
// station's sheet, evidence and appeal are the operator's, its town's staff follow it read-only; the town's yearly
// assessment is the staff's alone, and the operator is refused it as if it did not exist (404), rows unchanged.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Rubric } from '../../../contracts/assessment.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, useTestApp } from '../../test/harness.js';
import { multipart, PDF_BYTES } from '../applications/application-factories.js';

const ctx = useTestApp('admin', 'xucun', 'zhanzhang');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;

interface Mine {
  items: { id: string; name: string; mayAct: boolean }[];
}
interface SelfSheet {
  subjectId: string;
  selfEditable: boolean;
  evidenceOpen: boolean;
  mayAppeal: boolean;
}

const selfScores = async (subjectId: string) => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from assessment_self_scores where subject_id = ${subjectId}::uuid`))[0].n;
const evidenceFiles = async (subjectId: string) => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from assessment_evidence where subject_id = ${subjectId}::uuid`))[0].n;

async function rubricOf(kind: 'sppe' | 'town'): Promise<Rubric> {
  const res = await call(app(), ctx.as.admin, 'GET', `/api/v1/assessment/rubrics?kind=${kind}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Rubric[] }>().items.find((r) => r.state === 'published')!;
}

/** A round of `kind` opened by the office and moved to self-assessment; its subject in 许村镇. */
async function openForSelfAssessment(kind: 'sppe' | 'town') {
  const rubric = await rubricOf(kind);
  const opened = await call(app(), ctx.as.admin, 'POST', '/api/v1/assessment/rounds', { rubricId: rubric.id, year: 2027, name: `2027 年度${kind === 'town' ? '镇街考核' : 'SPPE 评估'}（测试）`, blind: false });
  expect(opened.statusCode, opened.body).toBe(201);
  const round = opened.json<{ id: string; version: number }>();
  const moved = await call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${round.id}/transitions`, { event: 'startSelfAssessment', version: round.version });
  expect(moved.statusCode, moved.body).toBe(200);
  const subjects = (await call(app(), ctx.as.admin, 'GET', `/api/v1/assessment/rounds/${round.id}/subjects`)).json<{ items: { id: string; name: string; subjectType: string }[] }>().items;
  const xucun = subjects.find((s) => s.name.startsWith('许村镇'))!;
  const other = subjects.find((s) => !s.name.startsWith('许村镇'))!;
  expect(xucun.subjectType).toBe(kind === 'town' ? 'town' : 'station');
  const items = rubric.dimensions.flatMap((d) => d.indicators).filter((i) => i.source === 'self').map((i) => ({ indicatorCode: i.code, points: i.maxPoints - 1, note: '自查达标' }));
  expect(items.length).toBeGreaterThan(0);
  return { roundId: round.id, subject: xucun, other, items, indicator: items[0].indicatorCode };
}

const url = (roundId: string, subjectId: string, tail: string) => `/api/v1/assessment/rounds/${roundId}/subjects/${subjectId}/${tail}`;

describe("the town's yearly assessment is its staff's alone", () => {
  let town: Awaited<ReturnType<typeof openForSelfAssessment>>;
  beforeAll(async () => {
    town = await openForSelfAssessment('town');
  });

  it("does not list 许村镇 among the station operator's own subjects, only among the town staff's", async () => {
    const operator = await call(app(), ctx.as.zhanzhang, 'GET', `/api/v1/assessment/rounds/${town.roundId}/mine`);
    expect(operator.statusCode, operator.body).toBe(200);
    expect(operator.json<Mine>().items).toEqual([]);
    const staff = (await call(app(), ctx.as.xucun, 'GET', `/api/v1/assessment/rounds/${town.roundId}/mine`)).json<Mine>().items;
    expect(staff.map((s) => [s.id, s.mayAct])).toEqual([[town.subject.id, true]]);
  });

  it('refuses the station operator its sheet, its self-assessment and its evidence (404), and nothing is written', async () => {
    expectProblem(await call(app(), ctx.as.zhanzhang, 'GET', url(town.roundId, town.subject.id, 'self')), 404);
    expectProblem(await call(app(), ctx.as.zhanzhang, 'PUT', url(town.roundId, town.subject.id, 'self'), { items: town.items, submit: true }), 404);
    const pdf = multipart({}, { name: '许村镇考核台账.pdf', content: PDF_BYTES, type: 'application/pdf' });
    expectProblem(await call(app(), ctx.as.zhanzhang, 'POST', `${url(town.roundId, town.subject.id, 'evidence')}?indicator=${town.indicator}`, pdf.payload, pdf.headers), 404);
    expect(await selfScores(town.subject.id)).toBe(0);
    expect(await evidenceFiles(town.subject.id)).toBe(0);
    const [subject] = await rows<{ self_submitted_at: string | null }>(db(), sql`select self_submitted_at from assessment_subjects where id = ${town.subject.id}::uuid`);
    expect(subject.self_submitted_at).toBeNull();
  });

  it('lets the town staff fill in, evidence and hand in their own town’s, and not another town’s', async () => {
    const sheet = await call(app(), ctx.as.xucun, 'GET', url(town.roundId, town.subject.id, 'self'));
    expect(sheet.statusCode, sheet.body).toBe(200);
    expect(sheet.json<SelfSheet>()).toMatchObject({ selfEditable: true, evidenceOpen: true, mayAppeal: false });
    const pdf = multipart({}, { name: '许村镇考核台账.pdf', content: PDF_BYTES, type: 'application/pdf' });
    const up = await call(app(), ctx.as.xucun, 'POST', `${url(town.roundId, town.subject.id, 'evidence')}?indicator=${town.indicator}`, pdf.payload, pdf.headers);
    expect(up.statusCode, up.body).toBe(201);
    const done = await call(app(), ctx.as.xucun, 'PUT', url(town.roundId, town.subject.id, 'self'), { items: town.items, submit: true });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<SelfSheet>()).toMatchObject({ selfEditable: false });
    expect(await selfScores(town.subject.id)).toBe(town.items.length);
    expectProblem(await call(app(), ctx.as.xucun, 'GET', url(town.roundId, town.other.id, 'self')), 404);
  });

  it("answers the operator 404 on the published town result's appeal and report; the staff reach them", async () => {
    const published = (await call(app(), ctx.as.admin, 'GET', '/api/v1/assessment/rounds?kind=town&year=2025')).json<{ items: { id: string }[] }>().items[0];
    const subjects = (await call(app(), ctx.as.admin, 'GET', `/api/v1/assessment/rounds/${published.id}/subjects`)).json<{ items: { id: string; name: string }[] }>().items;
    const xucun = subjects.find((s) => s.name.startsWith('许村镇'))!;
    const appeal = { reason: '评分与实际不符', indicators: [{ code: town.indicator, reason: '台账齐全' }] };
    expectProblem(await call(app(), ctx.as.zhanzhang, 'POST', url(published.id, xucun.id, 'appeals'), appeal), 404);
    // the staff pass the ownership check and meet the round's state: 2025 is final
    expectProblem(await call(app(), ctx.as.xucun, 'POST', url(published.id, xucun.id, 'appeals'), appeal), 409, 'invalid_state');
    expectProblem(await call(app(), ctx.as.zhanzhang, 'GET', url(published.id, xucun.id, 'report.pdf')), 404);
    const report = await call(app(), ctx.as.xucun, 'GET', url(published.id, xucun.id, 'report.pdf'));
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('application/pdf');
  });
});

describe("a station's self-assessment is its operator's; its town's staff follow it read-only", () => {
  let sppe: Awaited<ReturnType<typeof openForSelfAssessment>>;
  beforeAll(async () => {
    sppe = await openForSelfAssessment('sppe');
  });

  it('lists the station for both, and shows the staff its sheet with nothing they may do', async () => {
    // The operator fills it in; the town's staff follow it (the page offers them 查看, not 去自评).
    for (const [who, mayAct] of [[ctx.as.zhanzhang, true], [ctx.as.xucun, false]] as const) {
      expect((await call(app(), who, 'GET', `/api/v1/assessment/rounds/${sppe.roundId}/mine`)).json<Mine>().items.map((s) => [s.id, s.mayAct])).toEqual([[sppe.subject.id, mayAct]]);
    }
    const staff = await call(app(), ctx.as.xucun, 'GET', url(sppe.roundId, sppe.subject.id, 'self'));
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.json<SelfSheet>()).toMatchObject({ subjectId: sppe.subject.id, selfEditable: false, evidenceOpen: false, mayAppeal: false });
    expect((await call(app(), ctx.as.zhanzhang, 'GET', url(sppe.roundId, sppe.subject.id, 'self'))).json<SelfSheet>()).toMatchObject({ selfEditable: true, evidenceOpen: true });
    expectProblem(await call(app(), ctx.as.xucun, 'GET', url(sppe.roundId, sppe.other.id, 'self')), 404);
  });

  it('refuses the staff a write on it (403: they see it), and nothing is written; the operator writes', async () => {
    expectProblem(await call(app(), ctx.as.xucun, 'PUT', url(sppe.roundId, sppe.subject.id, 'self'), { items: sppe.items }), 403);
    const pdf = multipart({}, { name: '许村镇社工站台账.pdf', content: PDF_BYTES, type: 'application/pdf' });
    expectProblem(await call(app(), ctx.as.xucun, 'POST', `${url(sppe.roundId, sppe.subject.id, 'evidence')}?indicator=${sppe.indicator}`, pdf.payload, pdf.headers), 403);
    expect(await selfScores(sppe.subject.id)).toBe(0);
    expect(await evidenceFiles(sppe.subject.id)).toBe(0);
    const done = await call(app(), ctx.as.zhanzhang, 'PUT', url(sppe.roundId, sppe.subject.id, 'self'), { items: sppe.items, submit: true });
    expect(done.statusCode, done.body).toBe(200);
    expect(await selfScores(sppe.subject.id)).toBe(sppe.items.length);
  });

  it("gives the staff their station's published report", async () => {
    const published = (await call(app(), ctx.as.admin, 'GET', '/api/v1/assessment/rounds?kind=sppe&year=2025')).json<{ items: { id: string }[] }>().items[0];
    const subjects = (await call(app(), ctx.as.admin, 'GET', `/api/v1/assessment/rounds/${published.id}/subjects`)).json<{ items: { id: string; name: string }[] }>().items;
    const station = subjects.find((s) => s.name.startsWith('许村镇'))!;
    expect((await call(app(), ctx.as.xucun, 'GET', url(published.id, station.id, 'report.pdf'))).statusCode).toBe(200);
    expectProblem(await call(app(), ctx.as.xucun, 'POST', url(published.id, station.id, 'appeals'), { reason: '代社工站提出申诉', indicators: [{ code: sppe.indicator, reason: '同上' }] }), 403);
  });
});
