import { describe, expect, it } from 'vitest';
import { MILESTONE_CONDITION_NAMES } from '../../../contracts/projects/delivery.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { call, expectProblem, useTestApp, type Session } from '../../test/harness.js';
import { multipart } from '../applications/application-factories.js';
import { endServiceTerm, makeImplementingProject, makeProcuringProject, serviceRecord } from './project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'auditor', 'minzheng', 'xucun', 'dudao1', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2');
const app = () => ctx.t.app;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

/** A PDF file-type recognises, made distinct by its label so a download can be told apart from the others. */
const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
/** A 1×1 PNG (a photo, as the service record's form takes). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

type Document = {
  id: string;
  origin: string;
  originDetail: string | null;
  originAt: string | null;
  meetingId: string | null;
  name: string;
  mime: string;
  size: number;
  uploadedAt: string;
  uploaderName: string | null;
  superseded: boolean;
  url: string;
};
type Documents = { items: Document[]; meetings: { id: string; kind: string; title: string; startsAt: string; place: string; minutes: string | null; publishedAt: string | null; cancelledAt: string | null }[] };

async function attachToCase(who: Session, caseId: string, name: string, content: Buffer, item?: string): Promise<string> {
  const { payload, headers } = multipart(item ? { item } : {}, { name, content });
  const res = await app().inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, payload, headers: { ...headers, cookie: who.cookie, 'x-csrf-token': who.csrf } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function attachToMeeting(meetingId: string, name: string, content: Buffer): Promise<string> {
  const { payload, headers } = multipart({}, { name, content });
  const res = await app().inject({ method: 'POST', url: `/api/v1/meetings/${meetingId}/attachments`, payload, headers: { ...headers, cookie: ctx.as.admin.cookie, 'x-csrf-token': ctx.as.admin.csrf } });
  expect(res.statusCode, res.body).toBe(201);
  const files = res.json().attachments as { id: string; name: string }[];
  return files.find((f) => f.name === name)!.id;
}

async function documents(who: Session | null, projectId: string) {
  return call(app(), who, 'GET', `/api/v1/projects/${projectId}/documents`);
}

async function documentsOf(who: Session, projectId: string): Promise<Documents> {
  const res = await documents(who, projectId);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Documents>();
}

/** Compares everything but the upload time, which is checked for its shape. */
function withoutUploadTime(items: Document[]) {
  for (const d of items) expect(d.uploadedAt).toMatch(ISO);
  return items.map(({ uploadedAt: _, ...rest }) => rest);
}

describe('project documents', () => {
  it('lists every file with what carried it, shows the provider only what the portal would, and keeps outsiders out', async () => {
    const id = await makeImplementingProject(app(), s());
    const today = todayInChina();

    // Case attachments: a loose upload by the buying department, a checklist item replaced by a newer
    // version, a photo of a service record, and a file answering a rectification.
    const bytes = {
      loose: pdf('loose'),
      planOld: pdf('plan v1'),
      planNew: pdf('plan v2'),
      photo: PNG,
      rectify: pdf('rectification'),
      launch: pdf('launch briefing'),
      internal: pdf('internal meeting'),
      cancelled: pdf('cancelled meeting'),
    };
    const loose = await attachToCase(ctx.as.weijian, id, '项目补充说明.pdf', bytes.loose);
    const planOld = await attachToCase(ctx.as.jigou1, id, '服务方案（初稿）.pdf', bytes.planOld, '服务方案');
    const planNew = await attachToCase(ctx.as.jigou1, id, '服务方案（定稿）.pdf', bytes.planNew, '服务方案');
    const photo = await attachToCase(ctx.as.jigou1, id, '入户探访照片.png', bytes.photo);
    const record = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord({ place: '许村镇荡湾村老年活动中心', attachmentIds: [photo] }));
    expect(record.statusCode, record.body).toBe(201);

    const visit = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, {
      kind: 'routine',
      visitedOn: today,
      findings: '活动签到表缺失。',
      result: 'rectify',
      rectifications: [{ item: '补齐活动签到表', workingDays: 5 }],
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const rectification = visit.json().rectifications[0] as { id: string; version: number };
    const rectify = await attachToCase(ctx.as.jigou1, id, '签到表（补签）.pdf', bytes.rectify);
    const responded = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/rectifications/${rectification.id}/response`, { response: '已补齐全部活动签到表。', version: rectification.version, attachmentIds: [rectify] });
    expect(responded.statusCode, responded.body).toBe(200);

    // Meetings with the project on the agenda: one published, one not yet, one published and then cancelled.
    const meeting = async (title: string, startsAt: string) => {
      const res = await call(app(), ctx.as.admin, 'POST', '/api/v1/meetings', { kind: 'supervisionMeeting', title, startsAt, place: '社立方二楼会议室', projectIds: [id], attendees: ['市委社工办'] });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string; version: number }>();
    };
    const publish = async (meetingId: string, version: number) => {
      const res = await call(app(), ctx.as.admin, 'PATCH', `/api/v1/meetings/${meetingId}`, { version, minutes: '会议通报了项目进展。', published: true });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ version: number; publishedAt: string }>();
    };
    const launch = await meeting('项目启动见面会', '2026-11-02T09:30:00+08:00');
    const internal = await meeting('项目中期督导内部碰头会', '2026-11-10T14:00:00+08:00');
    const called = await meeting('项目督导见面会（已取消）', '2026-11-20T14:00:00+08:00');
    const launchFile = await attachToMeeting(launch.id, '启动会议程.pdf', bytes.launch);
    const internalFile = await attachToMeeting(internal.id, '碰头会材料.pdf', bytes.internal);
    const cancelledFile = await attachToMeeting(called.id, '督导见面会议程.pdf', bytes.cancelled);
    const launchPublished = await publish(launch.id, launch.version);
    const calledPublished = await publish(called.id, called.version);
    const cancel = await call(app(), ctx.as.admin, 'POST', `/api/v1/meetings/${called.id}/cancel`, { version: calledPublished.version, reason: '台风预警，会议取消' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const cancelledAt = cancel.json().cancelledAt as string;

    const caseFile = (attachmentId: string, rest: Partial<Document>) => ({ id: attachmentId, meetingId: null, superseded: false, url: `/api/v1/cases/${id}/attachments/${attachmentId}`, ...rest });
    const provider = '社会组织负责人（一）';
    const caseFiles = [
      caseFile(loose, { origin: 'upload', originDetail: null, originAt: null, name: '项目补充说明.pdf', mime: 'application/pdf', size: bytes.loose.length, uploaderName: '卫健局老龄健康科' }),
      caseFile(planOld, { origin: 'checklist', originDetail: '服务方案', originAt: null, name: '服务方案（初稿）.pdf', mime: 'application/pdf', size: bytes.planOld.length, uploaderName: provider, superseded: true }),
      caseFile(planNew, { origin: 'checklist', originDetail: '服务方案', originAt: null, name: '服务方案（定稿）.pdf', mime: 'application/pdf', size: bytes.planNew.length, uploaderName: provider }),
      caseFile(photo, { origin: 'serviceRecord', originDetail: '许村镇荡湾村老年活动中心', originAt: today, name: '入户探访照片.png', mime: 'image/png', size: bytes.photo.length, uploaderName: provider }),
      caseFile(rectify, { origin: 'rectification', originDetail: '日常督导：补齐活动签到表', originAt: today, name: '签到表（补签）.pdf', mime: 'application/pdf', size: bytes.rectify.length, uploaderName: provider }),
    ];
    const meetingFile = (attachmentId: string, m: { id: string }, rest: Partial<Document>) => ({
      id: attachmentId,
      origin: 'meeting',
      meetingId: m.id,
      mime: 'application/pdf',
      uploaderName: '社工办管理员',
      superseded: false,
      url: `/api/v1/meetings/${m.id}/attachments/${attachmentId}`,
      ...rest,
    });
    const launchEntry = meetingFile(launchFile, launch, { originDetail: '项目启动见面会', originAt: '2026-11-02T01:30:00.000Z', name: '启动会议程.pdf', size: bytes.launch.length });
    const internalEntry = meetingFile(internalFile, internal, { originDetail: '项目中期督导内部碰头会', originAt: '2026-11-10T06:00:00.000Z', name: '碰头会材料.pdf', size: bytes.internal.length });
    const cancelledEntry = meetingFile(cancelledFile, called, { originDetail: '项目督导见面会（已取消）', originAt: '2026-11-20T06:00:00.000Z', name: '督导见面会议程.pdf', size: bytes.cancelled.length });
    const contentOf: Record<string, Buffer> = {
      [loose]: bytes.loose,
      [planOld]: bytes.planOld,
      [planNew]: bytes.planNew,
      [photo]: bytes.photo,
      [rectify]: bytes.rectify,
      [launchFile]: bytes.launch,
      [internalFile]: bytes.internal,
      [cancelledFile]: bytes.cancelled,
    };
    const meetingEntry = (m: { id: string }, title: string, startsAt: string, publishedAt: string | null, cancelled: string | null) => ({
      id: m.id,
      kind: 'supervisionMeeting',
      title,
      startsAt,
      place: '社立方二楼会议室',
      minutes: publishedAt ? '会议通报了项目进展。' : null,
      publishedAt,
      cancelledAt: cancelled,
    });
    const launchMeeting = meetingEntry(launch, '项目启动见面会', '2026-11-02T01:30:00.000Z', launchPublished.publishedAt, null);
    const internalMeeting = meetingEntry(internal, '项目中期督导内部碰头会', '2026-11-10T06:00:00.000Z', null, null);
    const cancelledMeeting = meetingEntry(called, '项目督导见面会（已取消）', '2026-11-20T06:00:00.000Z', calledPublished.publishedAt, cancelledAt);

    // The office, the buying department and the auditor see every file, and every download works.
    for (const who of [ctx.as.admin, ctx.as.weijian, ctx.as.auditor]) {
      const seen = await documentsOf(who, id);
      expect(withoutUploadTime(seen.items)).toEqual([...caseFiles, launchEntry, internalEntry, cancelledEntry]);
      expect(seen.meetings).toEqual([launchMeeting, internalMeeting, cancelledMeeting]);
    }
    for (const d of (await documentsOf(ctx.as.weijian, id)).items) {
      const res = await call(app(), ctx.as.weijian, 'GET', d.url);
      expect(res.statusCode, `${d.name}: ${res.body}`).toBe(200);
      expect(res.headers['content-type']).toBe(d.mime);
      expect(res.rawPayload.equals(contentOf[d.id]), d.name).toBe(true);
    }

    // The provider: all of the project's own files, but only published meetings and no file of a cancelled one.
    const theirs = await documentsOf(ctx.as.jigou1, id);
    expect(withoutUploadTime(theirs.items)).toEqual([...caseFiles, launchEntry]);
    expect(theirs.meetings).toEqual([launchMeeting, cancelledMeeting]);
    for (const d of theirs.items) {
      const res = await call(app(), ctx.as.jigou1, 'GET', d.url);
      expect(res.statusCode, `${d.name}: ${res.body}`).toBe(200);
      expect(res.rawPayload.equals(contentOf[d.id]), d.name).toBe(true);
    }

    // Another organization (it bid and lost), another department, a town, an unassigned supervisor: 404.
    for (const who of [ctx.as.jigou2, ctx.as.minzheng, ctx.as.xucun, ctx.as.dudao1]) expectProblem(await documents(who, id), 404, 'not_found');
    expectProblem(await documents(ctx.as.admin, crypto.randomUUID()), 404, 'not_found');
    expectProblem(await documents(null, id), 401);
  });

  it('ties a file sent with a step to the step, unless a service record names it too', async () => {
    const id = await makeImplementingProject(app(), s());
    const photo = await attachToCase(ctx.as.jigou1, id, '活动照片.png', PNG);
    const report = await attachToCase(ctx.as.jigou1, id, '终期报告.pdf', pdf('final report'));
    expect((await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord({ place: '许村镇许巷村文化礼堂', attachmentIds: [photo] }))).statusCode).toBe(201);
    await endServiceTerm(app(), id);
    const version = (await call(app(), ctx.as.jigou1, 'GET', `/api/v1/cases/${id}`)).json().version as number;
    const fired = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/cases/${id}/transitions`, {
      event: 'submitFinalReport',
      version,
      input: { summary: '项目服务期满，完成全部服务内容，详见终期报告正文。' },
      attachmentIds: [photo, report],
    });
    expect(fired.statusCode, fired.body).toBe(200);
    const step = (fired.json().steps as { event: string; occurredAt: string }[]).find((h) => h.event === 'submitFinalReport')!;

    const items = (await documentsOf(ctx.as.admin, id)).items;
    expect(items.map((d) => [d.id, d.origin, d.originDetail])).toEqual([
      [photo, 'serviceRecord', '许村镇许巷村文化礼堂'],
      [report, 'step', '提交终期报告'],
    ]);
    const stepAt = items[1].originAt!;
    expect(stepAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // The step's time to the second (the list shows it without milliseconds).
    expect(new Date(stepAt).getTime()).toBe(Math.floor(new Date(step.occurredAt).getTime() / 1000) * 1000);
  });
});

describe('milestone conditions', () => {
  type Condition = { milestoneId: string; met: boolean; note: string };
  const conditions = async (who: Session, id: string) => {
    const res = await call(app(), who, 'GET', `/api/v1/projects/${id}/milestone-conditions`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Condition[];
  };

  it('says whether each milestone may be paid, with the reason the payment request gives', async () => {
    const id = await makeImplementingProject(app(), s());
    const milestones = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/contract`)).json().milestones as { id: string; name: string }[];
    const [signing, midterm, final] = milestones.map((m) => m.id);
    const expected = (midtermMet: boolean, midtermNote: string) => [
      { milestoneId: signing, met: true, note: '合同已签订' },
      { milestoneId: midterm, met: midtermMet, note: midtermNote },
      { milestoneId: final, met: false, note: '尚未完成终期评估' },
    ];
    const refusal = (note: string) => `付款节点“${milestones[1].name}”的条件（${MILESTONE_CONDITION_NAMES.midtermSupervision.zh}）尚未满足：${note}。`;

    // Before the mid-term supervision.
    for (const who of [ctx.as.admin, ctx.as.weijian, ctx.as.jigou1]) expect(await conditions(who, id)).toEqual(expected(false, '尚未开展中期督导或中期督导未通过'));
    const early = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: midterm });
    expect(expectProblem(early, 409, 'invalid_state').detail).toBe(refusal('尚未开展中期督导或中期督导未通过'));

    // A mid-term supervision that asks for rectification: still not met, for a different reason.
    const rectify = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, {
      kind: 'midterm',
      visitedOn: todayInChina(),
      findings: '服务档案不完整。',
      result: 'rectify',
      rectifications: [{ item: '补齐服务档案', workingDays: 10 }],
    });
    expect(rectify.statusCode, rectify.body).toBe(201);
    expect(await conditions(ctx.as.jigou1, id)).toEqual(expected(false, '中期督导整改事项尚未全部销号'));
    const pending = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: midterm });
    expect(expectProblem(pending, 409, 'invalid_state').detail).toBe(refusal('中期督导整改事项尚未全部销号'));

    // After a passing mid-term supervision: met, and the request goes through.
    const pass = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, { kind: 'midterm', visitedOn: todayInChina(), findings: '服务规范，档案完整。', result: 'pass' });
    expect(pass.statusCode, pass.body).toBe(201);
    expect(await conditions(ctx.as.jigou1, id)).toEqual(expected(true, '中期督导已通过'));
    expect((await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: midterm })).statusCode).toBe(201);

    for (const who of [ctx.as.jigou2, ctx.as.minzheng, ctx.as.dudao1]) expectProblem(await call(app(), who, 'GET', `/api/v1/projects/${id}/milestone-conditions`), 404, 'not_found');
    expectProblem(await call(app(), null, 'GET', `/api/v1/projects/${id}/milestone-conditions`), 401);
  });

  it('has no milestones before a contract', async () => {
    const id = await makeProcuringProject(app(), s());
    expect(await conditions(ctx.as.admin, id)).toEqual([]);
    expect(await conditions(ctx.as.weijian, id)).toEqual([]);
    expectProblem(await call(app(), ctx.as.minzheng, 'GET', `/api/v1/projects/${id}/milestone-conditions`), 404, 'not_found');
  });
});
