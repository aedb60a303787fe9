import { sql } from 'drizzle-orm';
import type { MeetingKind } from '../../../contracts/meetings.js';
import type { Db } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import type { RequestContext } from '../../platform/http/context.js';
import { createMeeting } from './use-cases/create-meeting.js';
import { updateMeeting } from './use-cases/update-meeting.js';
import { actorOf } from '../../platform/auth/actor-of.js';

interface PlannedMeeting {
  kind: MeetingKind;
  title: string;
  /** China time. */
  startsAt: string;
  place: string;
  projectIds: string[];
  attendees: string[];
  minutes: string;
}

const OFFICE_ATTENDEES = ['市委社工办', '民政局', '财政局'];

/**
 * The three meetings of the demo year (and the evaluation briefing of the year before), through the real
 * use cases: scheduled by the office, the providers on the agenda notified, and — once held — minutes
 * written and published to the portal. A meeting still ahead stays scheduled and unpublished.
 */
export async function seedHainingMeetings(db: Db): Promise<number> {
  const [{ year }] = await rows<{ year: number }>(db, sql`select max(fund_year) as year from fund_line_directory`);
  const [admin] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
  const ctx: RequestContext = { requestId: 'seed:meetings', ip: null, lang: 'zh', actor: await actorOf(db, admin.id) };
  const projectsOf = (y: number, states: string[], limit = 200) =>
    rows<{ id: string; department: string }>(
      db,
      sql`select c.id, d.short_name as department from cases c join project_directory p on p.id = c.id join departments d on d.id = p.department_id
          where p.year = ${y} and c.state in (${sql.join(states.map((s) => sql`${s}`), sql`, `)}) order by c.number limit ${limit}`,
    );
  const underway = await projectsOf(year, ['implementing', 'evaluating', 'closing', 'closed']);
  const implementing = await projectsOf(year, ['implementing']);
  const finishing = await projectsOf(year, ['evaluating', 'closing', 'closed']);
  const lastYear = await projectsOf(year - 1, ['closed'], 60);
  // The office's own units and the buying departments, each once.
  const departmentsOf = (list: { department: string }[]) => [...new Set(list.map((p) => p.department))].filter((d) => !OFFICE_ATTENDEES.includes(d));

  // Each meeting is held for its batch of projects, and only if the batch has any: the office's units, the batch's
  // buying departments and the meeting's own guests attend.
  const held = (batch: { id: string; department: string }[], m: Omit<PlannedMeeting, 'projectIds' | 'attendees'> & { guests: string[] }): PlannedMeeting[] =>
    batch.length ? [{ kind: m.kind, title: m.title, startsAt: m.startsAt, place: m.place, minutes: m.minutes, projectIds: batch.map((p) => p.id), attendees: [...OFFICE_ATTENDEES, ...departmentsOf(batch), ...m.guests] }] : [];
  const planned: PlannedMeeting[] = [
    ...held(underway, {
      kind: 'launchBriefing',
      title: `${year}年度政府购买社会服务项目新闻发布会`,
      startsAt: `${year}-04-16T14:30:00+08:00`,
      place: '海宁市社会治理中心三楼会议室',
      guests: ['各承接机构负责人', '第三方评估机构'],
      minutes:
        `一、市委社工办通报了${year}年度专项资金安排和${underway.length}个项目的签约情况，重申项目实行统一申报、统一采购、统一支付、统一督导、统一评估。\n` +
        '二、各购买部门介绍了服务需求和绩效指标，承接机构逐一确认服务对象、服务频次和月报要求。\n' +
        '三、会议明确：服务记录须在活动结束后 5 个工作日内填报，月报于次月 10 日前提交；中期督导合格后支付第二笔款项。\n' +
        '四、第三方评估机构说明了督导和终期评估的评分细则。',
    }),
    ...held(implementing, {
      kind: 'supervisionMeeting',
      title: `${year}年度项目督导见面会`,
      startsAt: `${year}-08-20T09:30:00+08:00`,
      place: '海宁市社会组织服务中心培训室',
      guests: ['各承接机构项目主管', '督导专家'],
      minutes:
        `一、督导组通报了${implementing.length}个实施中项目的中期督导情况：多数项目进度符合计划，服务对象满意度较高。\n` +
        '二、部分项目存在服务记录照片缺失、月报数据与台账不一致等问题，已下发整改通知，限期 10 个工作日整改。\n' +
        '三、整改完成并经复核的项目，按合同支付第二笔款项；未按期整改的暂缓支付。\n' +
        '四、会议要求承接机构加强社工人才队伍建设，做好下半年服务计划。',
    }),
    ...held(finishing, {
      kind: 'evaluationBriefing',
      title: `${year}年度项目评估说明会`,
      startsAt: `${year}-12-16T14:00:00+08:00`,
      place: '海宁市社会治理中心三楼会议室',
      guests: ['各承接机构负责人', '第三方评估机构'],
      minutes:
        `一、第三方评估机构通报了${finishing.length}个项目的终期评估结果，评估从产出、成效、服务对象满意度、财务和管理五个方面打分。\n` +
        '二、评估结果记入承接机构信用档案，作为今后项目申报资格和评审的重要依据。\n' +
        '三、评估合格的项目支付尾款并结项归档；不合格的项目不予支付尾款。',
    }),
    ...held(lastYear, {
      kind: 'evaluationBriefing',
      title: `${year - 1}年度项目评估说明会`,
      startsAt: `${year - 1}-12-18T14:30:00+08:00`,
      place: '海宁市社会治理中心三楼会议室',
      guests: ['各承接机构负责人'],
      minutes: `一、通报了${year - 1}年度${lastYear.length}个项目的终期评估结果，优秀和良好等次占多数。\n` + '二、会议总结了全年项目管理经验，部署下一年度项目需求征集工作。',
    }),
  ];

  const now = Date.now();
  for (const m of planned) {
    const created = await createMeeting(db, ctx, { kind: m.kind, title: m.title, startsAt: m.startsAt, place: m.place, projectIds: m.projectIds, attendees: m.attendees });
    // Minutes come after the meeting: one still ahead stays scheduled, unpublished.
    if (Date.parse(m.startsAt) < now) await updateMeeting(db, ctx, created.id, { version: created.version, minutes: m.minutes, published: true });
  }
  return planned.length;
}
