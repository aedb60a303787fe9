// A project's `abilities` are what the page shows as buttons, so each must say exactly what the use case then
// accepts: true → the act goes through, false → it is refused. Each ability below is checked both ways against the
// real endpoint, for the roles that meet on an implemented project, and the session's `wholeCity` against the
// server's own reach of each role.
import { describe, expect, it } from 'vitest';
import { call, useTestApp } from '../../test/harness.js';
import { fire } from '../applications/application-factories.js';
import { evaluatorIds, makeImplementingProject, makeProcuringProject, makeScoredProject, serviceRecord } from './project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2');
const app = () => ctx.t.app;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

type Abilities = Record<string, boolean>;
const abilitiesOf = async (who: keyof typeof ctx.as, id: string): Promise<Abilities> => {
  const res = await call(app(), ctx.as[who], 'GET', `/api/v1/projects/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json().abilities as Abilities;
};

const visit = () => ({ kind: 'routine', visitedOn: new Date().toISOString().slice(0, 10), findings: '服务开展正常，档案齐全，居民反映良好。', result: 'pass', rectifications: [] });

describe('project abilities', () => {
  it('on an implemented project: the provider delivers and asks for payment, the office supervises and pays, the buying department only reads', async () => {
    const id = await makeImplementingProject(app(), s());
    const provider = await abilitiesOf('jigou1', id);
    const office = await abilitiesOf('admin', id);
    const department = await abilitiesOf('weijian', id);

    expect(provider).toMatchObject({ recordService: true, submitMonthlyReport: true, requestPayment: true, respondRectification: true, decidePayments: false, recordVisit: false, seeReview: false, assignExperts: false });
    expect(office).toMatchObject({ recordService: false, requestPayment: false, decidePayments: true, recordVisit: true, reviewRectification: true, assignSupervisors: true, seeReview: true, assignExperts: false });
    expect(department).toMatchObject({ recordService: false, requestPayment: false, decidePayments: false, recordVisit: false, assignSupervisors: false, seeReview: true });

    // Each true goes through…
    expect((await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord())).statusCode).toBe(201);
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, visit())).statusCode).toBe(201);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/ranking`)).statusCode).toBe(200);
    expect((await call(app(), ctx.as.weijian, 'GET', `/api/v1/projects/${id}/ranking`)).statusCode).toBe(200);
    const milestones = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/contract`)).json().milestones as { id: string }[];
    const request = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: milestones[0].id });
    expect(request.statusCode).toBe(201);
    const payment = request.json<{ id: string; version: number }>();

    // …and each false is refused.
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord())).statusCode).toBe(403);
    expect((await call(app(), ctx.as.weijian, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord())).statusCode).toBe(403);
    expect((await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/supervision`, visit())).statusCode).toBe(403);
    expect((await call(app(), ctx.as.weijian, 'POST', `/api/v1/projects/${id}/supervision`, visit())).statusCode).toBe(403);
    expect((await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/ranking`)).statusCode).toBe(403);
    expect((await call(app(), ctx.as.weijian, 'POST', `/api/v1/payments/${payment.id}/pay`, { voucherNo: 'PZ-ABL-1', version: payment.version })).statusCode).toBe(403);
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: milestones[1].id })).statusCode).toBe(403);
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${payment.id}/pay`, { voucherNo: 'PZ-ABL-2', version: payment.version })).statusCode).toBe(200);
  });

  it('follow the state: experts are named only in procurement, objections only during the notice', async () => {
    const procuring = await makeProcuringProject(app(), s());
    expect(await abilitiesOf('admin', procuring)).toMatchObject({ assignExperts: true, lodgeObjection: false, recordService: false, requestPayment: false, assignSupervisors: false });
    expect((await abilitiesOf('weijian', procuring)).assignExperts).toBe(false);
    const experts = Object.values(await evaluatorIds(app()));
    expect((await call(app(), ctx.as.weijian, 'POST', `/api/v1/projects/${procuring}/experts`, { userIds: experts })).statusCode).toBe(403);
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${procuring}/experts`, { userIds: experts })).statusCode).toBe(200);

    const id = await makeScoredProject(app(), s());
    expect((await fire(app(), ctx.as.admin, id, 'recommend')).statusCode).toBe(200);
    expect(await abilitiesOf('admin', id)).toMatchObject({ assignExperts: false, answerObjections: true, lodgeObjection: false });
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/experts`, { userIds: experts })).statusCode).toBe(409);
    expect((await abilitiesOf('weijian', id)).answerObjections).toBe(false);
    // A bidder objects from the public notice (it does not see the project file); the window is the same rule.
    expect((await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/objections`, { text: '评分过程中专家打分明显偏离评审标准，请予以复核。' })).statusCode).toBe(201);
  });

  it('the session says which permissions reach every department, as the server decides it', async () => {
    const me = async (who: keyof typeof ctx.as) => (await call(app(), ctx.as[who], 'GET', '/api/v1/auth/me')).json<{ permissions: string[]; wholeCity: string[] }>();
    const office = await me('admin');
    expect(office.wholeCity).toEqual(expect.arrayContaining(['project.read', 'fund.read', 'project.propose']));
    const department = await me('weijian');
    expect(department.permissions).toEqual(expect.arrayContaining(['project.read', 'project.propose']));
    expect(department.wholeCity).not.toContain('project.read');
    expect(department.wholeCity).not.toContain('project.propose');
  });
});
