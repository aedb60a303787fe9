import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { splitByPercent } from '../../../contracts/money.js';
import type { ProjectState } from '../../../contracts/projects/lifecycle.js';
import { roleGrants, users } from '../../platform/auth/auth.tables.js';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { caseTypeOf, registerCaseType } from '../../platform/cases/define.js';
import { backdateCase, importArchivedCases, type ArchivedCase } from '../../platform/cases/history.js';
import { fireTransition } from '../../platform/cases/engine.js';
import type { Db, Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import type { RequestContext } from '../../platform/http/context.js';
import { projectCaseType } from './project.case.js';
import { submitBid } from './calls/submit-bid.js';
import { addServiceRecord } from './delivery/add-service-record.js';
import { submitMonthlyReport } from './delivery/submit-monthly-report.js';
import { payPayment } from './payments/pay-payment.js';
import { requestPayment } from './payments/request-payment.js';
import { assignExperts, declareConflict, scoreBid } from './procurement/procurement.js';
import { proposeProject } from './initiation/propose-project.js';
import { recordVisit } from './supervision/record-visit.js';
import { respondRectification } from './supervision/respond-rectification.js';
import { assignSupervisors } from './supervision/assign-supervisors.js';
import { actorOf } from '../../platform/auth/actor-of.js';
import { selectCities } from '../../platform/access/cities.js';
import { eligibilityRules, procurementMethodBands } from './projects.tables.js';
import { importLedgerHistory, type LedgerHistory } from '../funds/index.js';
import { importOwnedSheets } from '../assessment/index.js';
import type { FundMovementKind } from '../../../contracts/funds.js';

/**
 * Haining's purchased service projects: about 60 in 2026 across every stage, driven through the real use
 * cases by the demo accounts (so the ledger, history, inbox and notifications are what use would leave),
 * and the 217 closed projects of 2016–2025, imported as records with their funds, contracts, payments and
 * evaluations (their history is an import, not a replay: one audit event says so).
 */

const WAN = 1_000_000;

/** Title patterns per catalog category: {t} is the town. */
const TITLES: Record<string, string[]> = {
  'core.partyTalent': ['“红色引擎”社会工作人才培育计划', '党建引领社工人才“领航”项目', '{t}“红社工”人才孵化项目'],
  'brand.communityGovernance': ['{t}“四季轮值”社区治理项目', '{t}三社联动“邻里议事厅”项目', '{t}“众治家园”社区营造项目'],
  'brand.socialWork': ['{t}社会工作站专业服务提升项目', '“潮乡社工”品牌建设项目', '{t}社工站“一站一品”项目'],
  'basic.hardshipFamilies': ['{t}困境家庭“暖心帮扶”项目', '{t}低收入家庭增能服务项目', '{t}因病致困家庭支持项目'],
  'basic.elderlyAlone': ['{t}独居老人关爱服务项目', '{t}“银龄守护”空巢老人探访项目', '{t}高龄老人居家安全项目'],
  'basic.childrenInDifficulty': ['{t}困境儿童成长守护项目', '{t}留守儿童“彩虹桥”陪伴项目', '{t}事实无人抚养儿童关爱项目'],
  'featured.publicEmployeeMentalHealth': ['机关干部心理关爱“心灵驿站”项目', '公职人员减压赋能项目'],
  'featured.petitions': ['社会工作介入信访矛盾化解项目', '{t}信访积案“解心结”项目'],
  'featured.minorities': ['少数民族流动人口融入服务项目', '{t}“石榴籽”民族团结服务项目'],
  'featured.mediation': ['{t}“和事佬”矛盾纠纷调解项目', '{t}家事调解社工介入项目'],
  'featured.corrections': ['{t}社区矫正对象帮教项目', '社区矫正“阳光回归”项目'],
};

const DOMAINS: Record<string, string[]> = {
  'core.partyTalent': ['community'],
  'brand.communityGovernance': ['community'],
  'brand.socialWork': ['community', 'hardship'],
  'basic.hardshipFamilies': ['hardship'],
  'basic.elderlyAlone': ['elderly'],
  'basic.childrenInDifficulty': ['children'],
  'featured.publicEmployeeMentalHealth': ['publicEmployeeMentalHealth'],
  'featured.petitions': ['petitions'],
  'featured.minorities': ['minorities'],
  'featured.mediation': ['mediation'],
  'featured.corrections': ['corrections'],
};

const TARGET_GROUPS: Record<string, string[]> = {
  elderly: ['独居老人', '高龄老人'],
  children: ['困境儿童', '留守儿童'],
  hardship: ['低保家庭', '低边家庭'],
  community: ['社区居民', '社区骨干'],
  publicEmployeeMentalHealth: ['机关干部'],
  petitions: ['信访当事人'],
  minorities: ['少数民族流动人口'],
  mediation: ['纠纷当事人'],
  corrections: ['社区矫正对象'],
};

/** Which department buys which category, by short name (卫健局's share stays free for the tests and the tour). */
const BUYERS: Record<string, string[]> = {
  'core.partyTalent': ['市委社工办'],
  'brand.communityGovernance': ['市委社工办', '民政局'],
  'brand.socialWork': ['民政局', '市委社工办'],
  'basic.hardshipFamilies': ['民政局', '人社局'],
  'basic.elderlyAlone': ['民政局', '市委社工办'],
  'basic.childrenInDifficulty': ['市妇联', '团市委', '教育局'],
  'featured.publicEmployeeMentalHealth': ['市委社工办'],
  'featured.petitions': ['信访局'],
  'featured.minorities': ['市委社工办'],
  'featured.mediation': ['司法局'],
  'featured.corrections': ['司法局'],
};

type Target = ProjectState | 'implementingPaid' | 'implementingRectify';

/** The 2026 plan: 60 projects, every stage represented. */
const PLAN_2026: Target[] = [
  ...Array<Target>(4).fill('draft'),
  ...Array<Target>(5).fill('proposed'),
  ...Array<Target>(5).fill('planned'),
  ...Array<Target>(8).fill('calling'),
  ...Array<Target>(5).fill('procuring'),
  ...Array<Target>(4).fill('noticing'),
  ...Array<Target>(3).fill('awarded'),
  ...Array<Target>(5).fill('implementing'),
  ...Array<Target>(6).fill('implementingPaid'),
  ...Array<Target>(4).fill('implementingRectify'),
  ...Array<Target>(3).fill('evaluating'),
  ...Array<Target>(2).fill('closing'),
  ...Array<Target>(2).fill('closed'),
  ...Array<Target>(3).fill('rejected'),
  'cancelled',
];


export async function seedHainingProjects(db: Db): Promise<{ current: number; history: number }> {
  registerCaseType(projectCaseType());
  const today = todayInChina();
  // The demo year is the year of the demo fund; dates are clamped to today where they must not be in the future.
  const [{ year }] = await rows<{ year: number }>(db, sql`select max(fund_year) as year from fund_line_directory`);
  const towns = await rows<{ id: string; name: string }>(db, sql`select id, name from regions where level = 'town' order by code`);
  const categories = await rows<{ id: string; code: string }>(db, sql`select id, code from catalog_category_directory order by sort_order`);
  const depts = new Map((await rows<{ id: string; short_name: string }>(db, sql`select id, short_name from departments`)).map((d) => [d.short_name, d.id]));
  const people = new Map((await rows<{ id: string; username: string }>(db, sql`select id, username from users where username in ('admin', 'minzheng', 'zhuanjia1', 'zhuanjia2', 'zhuanjia3', 'jigou1', 'jigou2', 'dudao1')`)).map((u) => [u.username, u.id]));
  const [services] = await rows<{ id: string }>(db, sql`select id from fund_line_directory where fund_year = ${year} and code = 'services'`);
  const [{ password_hash }] = await rows<{ password_hash: string }>(db, sql`select password_hash from users where username = 'admin'`);

  // More providers than the two demo members: ten eligible agencies, each with a member account.
  const providerOrgs = await rows<{ id: string; name: string; credit_code: string }>(
    db,
    sql`select id, name, credit_code from org_directory where type in ('serviceAgency', 'association') and status = 'active' and grade in ('3A', '4A', '5A') and founded_on < date '2022-01-01'
        and id not in (select org_id from role_grants where org_id is not null) order by credit_code limit 10`,
  );
  const members: { userId: string; orgId: string }[] = [];
  for (const username of ['jigou1', 'jigou2']) {
    const [g] = await rows<{ org_id: string }>(db, sql`select org_id from role_grants where user_id = ${people.get(username)!}`);
    members.push({ userId: people.get(username)!, orgId: g.org_id });
  }
  for (const [i, org] of providerOrgs.entries()) {
    const [u] = await db.insert(users).values({ username: `jg${String(i + 3).padStart(2, '0')}demo`, displayName: `${org.name.replace(/^海宁市/, '').slice(0, 10)}负责人`, passwordHash: password_hash, mustChangePassword: true }).returning({ id: users.id });
    await db.insert(roleGrants).values({ userId: u.id, role: 'orgMember', orgId: org.id });
    members.push({ userId: u.id, orgId: org.id });
  }

  const actors = new Map<string, RequestContext>();
  const ctxOf = async (userId: string): Promise<RequestContext> => {
    if (!actors.has(userId)) actors.set(userId, { requestId: 'seed:projects', ip: null, lang: 'zh', actor: await actorOf(db, userId) });
    return actors.get(userId)!;
  };
  const admin = await ctxOf(people.get('admin')!);
  const experts = ['zhuanjia1', 'zhuanjia2', 'zhuanjia3'].map((u) => people.get(u)!);

  const ids: string[] = [];
  for (const [i, target] of PLAN_2026.entries()) {
    const category = categories[i % categories.length];
    const buyers = BUYERS[category.code] ?? ['市委社工办'];
    let buyer = buyers[i % buyers.length];
    const town = towns[(i * 5) % towns.length];
    const titles = TITLES[category.code] ?? ['{t}社会工作服务项目'];
    const title = titles[i % titles.length].replace('{t}', town.name);
    const domains = DOMAINS[category.code] ?? ['community'];
    // Within what the buying department still has; a department short of money hands the project to the richest.
    const availableOf = async (name: string) =>
      Number((await rows<{ a: string }>(db, sql`select (budget_fen - reserved_fen - committed_fen - paid_fen)::text as a from fund_allocation_balances where line_id = ${services.id} and department_id = ${depts.get(name)!}`))[0]?.a ?? 0);
    const budgetFen = (3 + ((i * 7) % 6)) * 1_000_000 + (i % 3) * 500_000; // 3–9 万元
    if ((await availableOf(buyer)) < budgetFen * 2) {
      let best = { name: '市委社工办', available: -1 };
      for (const name of ['市委社工办', '民政局', '教育局', '市妇联', '市残联', '团市委', '人社局', '退役军人事务局']) {
        const available = await availableOf(name);
        if (available > best.available) best = { name, available };
      }
      buyer = best.name;
    }
    const proposer = buyer === '民政局' ? await ctxOf(people.get('minzheng')!) : admin;
    const id = await proposeProject(db, proposer, {
      title: title.includes('（') ? title : `${title}${i >= titles.length * 3 ? `（${Math.floor(i / 11) + 1}期）` : ''}`,
      summary: `围绕${domains.map((d) => TARGET_GROUPS[d]?.[0] ?? '服务对象').join('、')}的实际需求，由专业社会组织提供个案、小组与社区服务，建立需求评估、服务记录与成效评价闭环。`,
      year,
      departmentId: depts.get(buyer)!,
      catalogCategoryId: category.id,
      domains,
      targetGroups: domains.flatMap((d) => TARGET_GROUPS[d] ?? ['社区居民']).slice(0, 3),
      townIds: category.code.startsWith('featured.publicEmployee') ? [] : [town.id],
      budgetFen,
      durationMonths: 12,
      indicators: [
        { kind: 'output', name: '服务对象人数', target: 60 + (i % 5) * 20, unit: '人' },
        { kind: 'output', name: '开展服务活动', target: 24, unit: '次' },
        { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%' },
      ],
    });
    ids.push(id);
    const version = async () => (await rows<{ version: number }>(db, sql`select version from cases where id = ${id}`))[0].version;
    const fire = async (ctx: RequestContext, event: string, extra: { comment?: string; input?: unknown } = {}) => fireTransition(db, ctx, id, { event, version: await version(), ...extra });
    if (target === 'draft') continue;
    await fire(proposer, 'submit');
    if (target === 'proposed') continue;
    if (target === 'rejected') {
      await fire(admin, 'reject', { comment: '需求与年度重点不符，且与已立项项目内容重复，不予立项。' });
      continue;
    }
    await fire(admin, 'approve', { input: { lineId: services.id } });
    if (target === 'planned') continue;
    if (target === 'cancelled') {
      await fire(admin, 'cancel', { comment: '该需求已并入市级统筹项目，本项目终止。' });
      continue;
    }
    const deadline = await addWorkingDays(db, today, 6 + (i % 8));
    await fire(admin, 'publishCall', { input: { procurementMethod: i % 4 === 0 ? 'publicTender' : 'competitiveConsultation', deadline, notice: `现公开征集具备相应资质的社会组织承接“${title}”，请于 ${deadline} 前在线提交服务方案、预算与团队。` } });
    const bidders = [members[i % members.length], members[(i + 3) % members.length], members[(i + 7) % members.length]].slice(0, 2 + (i % 2));
    for (const [k, m] of bidders.entries()) {
      const total = Math.round((budgetFen * (0.9 + k * 0.04)) / 100) * 100;
      const [people1, people2] = splitByPercent(total, [60, 40]);
      await submitBid(db, await ctxOf(m.userId), id, {
        orgId: m.orgId,
        plan: `针对${domains.map((d) => TARGET_GROUPS[d]?.[0] ?? '服务对象').join('、')}开展需求评估，建立“一人一档”，每月开展入户探访与小组活动，季度开展成效评估并向社区反馈。`,
        budgetItems: [
          { name: '人员经费', amountFen: people1 },
          { name: '活动经费', amountFen: people2 },
        ],
        team: [
          { name: ['陈思远', '李雯', '王浩', '张敏', '刘洋'][k % 5], role: '项目主管', certified: true },
          { name: ['赵静', '孙磊', '周婷', '吴凯', '郑琳'][k % 5], role: '一线社工', certified: k % 2 === 0 },
        ],
      });
    }
    if (target === 'calling') continue;
    // Time passes: the call's deadline is behind us.
    await db.execute(sql`update service_projects set call_deadline = (${today}::date - ${20 + (i % 10)}::int) where case_id = ${id}`);
    await fire(admin, 'closeCall');
    const panel = [experts[i % 3], experts[(i + 1) % 3]];
    await assignExperts(db, admin, id, panel);
    const bidRows = await rows<{ id: string; org_id: string }>(db, sql`select id, org_id from project_bids where project_id = ${id} and state = 'submitted' order by submitted_at`);
    for (const [e, expert] of panel.entries()) {
      const ectx = await ctxOf(expert);
      await declareConflict(db, ectx, id, { hasConflict: false });
      // In procurement, one expert of some panels has not finished scoring.
      if (target === 'procuring' && e === 1 && i % 2 === 0) continue;
      for (const [b, bid] of bidRows.entries()) {
        const total = 86 - b * 6 + ((i + e) % 4);
        const plan = Math.min(40, Math.round(total * 0.4));
        const team = Math.min(25, Math.round(total * 0.25));
        const budget = Math.min(20, Math.round(total * 0.2));
        await scoreBid(db, ectx, bid.id, { scores: { plan, team, budget, record: Math.min(15, total - plan - team - budget) }, comment: b === 0 ? '方案针对性强，团队稳定。' : '方案可行，预算测算略粗。' });
      }
    }
    if (target === 'procuring') continue;
    await fire(admin, 'recommend');
    if (target === 'noticing') continue;
    await db.execute(sql`update service_projects set notice_starts_on = (${today}::date - 15), notice_ends_on = (${today}::date - 8) where case_id = ${id}`);
    await fire(admin, 'award');
    if (target === 'awarded') continue;
    const [p] = await rows<{ budget_fen: string; org_id: string }>(db, sql`select p.budget_fen::text, c.org_id from service_projects p join cases c on c.id = p.case_id where p.case_id = ${id}`);
    const [bidTotal] = await rows<{ total_fen: string }>(db, sql`select total_fen::text from project_bids b join service_projects p on p.awarded_bid_id = b.id where p.case_id = ${id}`);
    const value = Number(bidTotal.total_fen);
    const [first, second, last] = splitByPercent(value, [40, 30, 30]);
    const start = `${year}-0${1 + (i % 4)}-01`;
    await fire(admin, 'signContract', {
      input: {
        contractNumber: `HNSG-${year}-${String(i + 1).padStart(3, '0')}`,
        signedOn: `${year}-0${1 + (i % 4)}-05`,
        valueFen: value,
        startOn: start,
        endOn: `${year}-12-31`,
        milestones: [
          { name: '首付款（合同签订后）', dueOn: start, amountFen: first, condition: 'signing' },
          { name: '中期款（中期督导通过后）', dueOn: `${year}-07-31`, amountFen: second, condition: 'midtermSupervision' },
          { name: '尾款（终期评估完成后）', dueOn: `${year}-12-31`, amountFen: last, condition: 'finalEvaluation' },
        ],
      },
    });
    const provider = members.find((m) => m.orgId === p.org_id)!;
    const pctx = await ctxOf(provider.userId);
    // The office contracts a third-party agency for most projects' supervision and visits the rest itself.
    const thirdParty = i % 3 !== 0;
    if (thirdParty) await assignSupervisors(db, admin, id, [people.get('dudao1')!]);
    const supervisor = thirdParty ? await ctxOf(people.get('dudao1')!) : admin;
    const milestones = await rows<{ id: string; condition: string }>(db, sql`select id, condition from contract_milestones where project_id = ${id} order by seq`);
    const pay = async (m: { id: string }, n: number) => {
      const req = await requestPayment(db, pctx, id, { milestoneId: m.id });
      await payPayment(db, admin, req.id, { voucherNo: `HNCZ${year}${String(i + 1).padStart(3, '0')}-${n}`, version: req.version });
    };
    await pay(milestones[0], 1);
    for (let mth = 0; mth < 2 + (i % 3); mth++) {
      const month = `${year}-${String(Number(start.slice(5, 7)) + mth).padStart(2, '0')}`;
      if (`${month}-1${mth % 9}` > today) break;
      await addServiceRecord(db, pctx, id, {
        servedOn: `${month}-1${mth % 9}`,
        place: `${town.name}${['文化礼堂', '社区服务中心', '居家养老服务站', '新时代文明实践站'][mth % 4]}`,
        activity: ['入户探访与需求评估', '主题小组活动', '社区宣传与志愿服务', '个案跟进与资源链接'][mth % 4],
        participants: 4 + (mth % 3),
        beneficiaries: 12 + ((i + mth) % 10),
        progress: [
          { indicator: 0, value: 12 + ((i + mth) % 10) },
          { indicator: 1, value: 2 },
        ],
        attachmentIds: [],
      });
      await submitMonthlyReport(db, pctx, id, { month, summary: `本月开展服务 2 次，服务对象 ${12 + ((i + mth) % 10)} 人次，建立服务档案并跟进重点个案。`, problems: mth % 2 ? '部分服务对象白天外出务工，入户时间需调整。' : '', nextPlan: '按计划开展小组活动与个案跟进。' });
    }
    if (target === 'implementing') continue;
    const visitedOn = `${year}-07-1${i % 9}`;
    if (target === 'implementingRectify') {
      const v = await recordVisit(db, supervisor, id, { kind: 'midterm', visitedOn, findings: '服务档案不完整，部分探访记录缺少服务对象签字；满意度回访未开展。', result: 'rectify', rectifications: [{ item: '补齐服务档案中的探访签字', workingDays: 10 }, { item: '开展服务对象满意度回访并形成报告', workingDays: 15 }] });
      // One provider has answered one item; the other items wait (and one project's deadline has passed).
      if (i % 2 === 0) await respondRectification(db, pctx, v.rectifications[0].id, { response: '已逐户补签，档案已更新并扫描上传。', version: v.rectifications[0].version, attachmentIds: [] });
      if (i % 4 === 1) await db.execute(sql`update rectifications set due_on = (${today}::date - 3) where visit_id = ${v.id} and state = 'open'`);
      continue;
    }
    await recordVisit(db, supervisor, id, { kind: 'midterm', visitedOn, findings: '服务开展规范，档案完整，服务对象反馈良好。', result: 'pass', rectifications: [] });
    await pay(milestones[1], 2);
    if (target === 'implementingPaid') continue;
    // The demo year's contracts run to 31 December: the office decides the early completion first, as a city does
    // when a project has delivered everything ahead of its term.
    if (today < `${year}-12-31`) await fire(admin, 'decideEarlyCompletion', { input: { reason: '合同约定的服务内容已全部完成，经中期督导和服务记录核实，同意提前结项并进入终期评估。' } });
    await fire(pctx, 'submitFinalReport', { input: { summary: '项目服务期内完成全部服务内容，产出指标全部达成，服务对象满意度 95% 以上，详见终期报告。' } });
    if (target === 'evaluating') continue;
    const grade = i % 5 === 0 ? { outputs: 27, outcomes: 27, satisfaction: 19, finances: 9, management: 9 } : { outputs: 26, outcomes: 24, satisfaction: 17, finances: 8, management: 8 };
    await fire(admin, 'evaluate', { input: { scores: grade, summary: '产出指标全部完成，服务成效明显，资金使用规范，档案管理较好。' } });
    if (target === 'closing') continue;
    await pay(milestones[2], 3);
    await fire(admin, 'close', { input: { closingReport: '项目按合同完成全部服务，终期评估结果良好以上，资料已整理归档。' } });
  }

  await spreadOverYear(db, ids, today);
  const history = await importHistory(db, year, depts, members.map((m) => m.orgId), categories, towns, people.get('admin')!, experts);
  return { current: ids.length, history };
}

/**
 * The engine ran every act just now; a year of work took months. Spread each project's steps over the
 * year so far (the audit trail keeps the true times) and derive the case dates and open deadlines from them.
 */
async function spreadOverYear(db: Db, ids: string[], today: string) {
  const def = caseTypeOf('serviceProject');
  const end = Date.parse(`${today}T10:00:00+08:00`);
  for (const [n, id] of ids.entries()) {
    const steps = await rows<{ seq: number }>(db, sql`select seq from case_steps where case_id = ${id} order by seq`);
    // Later-stage projects started earlier; each step 3–12 days after the previous, the last 1–6 days ago.
    let at = end - (1 + (n % 6)) * 86_400_000;
    const times: number[] = [];
    for (let k = steps.length - 1; k >= 0; k--) {
      times[k] = at - ((n * 37 + k * 53) % 480) * 60_000;
      at -= (3 + ((n + k) % 10)) * 86_400_000;
    }
    await backdateCase(db, def, id, times.map((t) => new Date(t)));
  }
}

/** A closed project of the history import, as worked out before it is written. */
interface HistoricProject {
  id: string;
  k: number;
  category: { id: string; code: string };
  buyer: string;
  town: { id: string; name: string };
  budget: number;
  value: number;
  p: number[];
  payIds: string[];
  provider: { id: string };
  title: string;
  total: number;
  grade: string;
  number: string;
}

/**
 * 2016–2025: each year's fund of 10 M yuan, its two lines and the departments' shares, and 217 closed
 * projects (a few each year buying through each department), each with an awarded bid, a contract paid in
 * three instalments and an evaluation. Written as records; the money goes in through the funds module's
 * history import, which works the buckets and balances out from the ledger.
 */
async function importHistory(
  db: Db,
  currentYear: number,
  depts: Map<string, string>,
  providerIds: string[],
  categories: { id: string; code: string }[],
  towns: { id: string; name: string }[],
  adminId: string,
  experts: string[],
): Promise<number> {
  const perYear = [16, 18, 20, 21, 22, 23, 24, 24, 24, 25]; // 217 in all
  const buyers = ['市委社工办', '民政局', '卫健局', '教育局', '司法局', '团市委', '市妇联', '市残联', '人社局', '信访局'];
  let count = 0;
  const [city] = await rows<{ id: string; path: string }>(db, sql`select id, path from regions where level = 'city' order by depth limit 1`);
  for (const [y, n] of perYear.entries()) {
    const year = currentYear - 10 + y;
    const fundId = randomUUID();
    const lineId = randomUUID();
    const cultivationId = randomUUID();
    const allocs = new Map<string, { id: string; budget: number; reserved: number; committed: number; paid: number }>();
    for (const [k, b] of buyers.entries()) allocs.set(b, { id: randomUUID(), budget: (k < 2 ? 90 : 35) * WAN, reserved: 0, committed: 0, paid: 0 });
    const movements: LedgerHistory['movements'] = [];
    const avail = (a: { budget: number; reserved: number; committed: number; paid: number }) => a.budget - a.reserved - a.committed - a.paid;
    const at = (month: number, day: number) => new Date(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00+08:00`);
    // The shares' budgets are known up front (the ledger's first rows allocate them); what a share has left sizes
    // the next project. The funds module works the buckets and balances out again from the ledger when it loads it.
    const move = (alloc: { id: string; budget: number; reserved: number; committed: number; paid: number }, kind: FundMovementKind, amount: number, projectId: string | null, when: Date, note: string) => {
      if (kind === 'reserve') alloc.reserved += amount;
      if (kind === 'commit') {
        alloc.reserved -= amount;
        alloc.committed += amount;
      }
      if (kind === 'release') alloc.reserved -= amount;
      if (kind === 'pay') {
        alloc.committed -= amount;
        alloc.paid += amount;
      }
      const movementId = randomUUID();
      movements.push({ id: movementId, allocationId: alloc.id, projectId, kind, amountFen: amount, note, at: when });
      return movementId;
    };
    // A paid request names its ledger row (a database rule): written after the ledger rows, below.
    const payments: ReturnType<typeof sql>[] = [];
    for (const [, a] of allocs) move(a, 'allocate', a.budget, null, at(1, 10), '年初额度分配');
    const cases: HistoricProject[] = [];
    for (let k = 0; k < n; k++) {
      const id = randomUUID();
      const category = categories[(k + y) % categories.length];
      const buyer = buyers[k % buyers.length];
      const town = towns[(k * 7 + y) % towns.length];
      const alloc = allocs.get(buyer)!;
      const budget = Math.min(avail(alloc), (6 + ((k * 3 + y) % 9)) * WAN);
      const value = Math.round((budget * (0.9 + (k % 3) * 0.03)) / 100) * 100;
      const [p1, p2, p3] = splitByPercent(value, [40, 30, 30]);
      const provider = { id: providerIds[(k + y) % providerIds.length] };
      const titles = TITLES[category.code] ?? ['{t}社会工作服务项目'];
      const title = titles[(k + y) % titles.length].replace('{t}', town.name);
      // Every imported project was paid in full, so none was graded a fail (a fail would have forfeited the last payment).
      const total = 72 + ((k * 5 + y) % 24);
      const grade = total >= 90 ? 'excellent' : total >= 80 ? 'good' : total >= 60 ? 'pass' : 'fail';
      move(alloc, 'reserve', budget, id, at(2, 1 + (k % 20)), '立项预留');
      move(alloc, 'commit', value, id, at(4, 1 + (k % 25)), `合同 HNSG-${year}-${String(k + 1).padStart(3, '0')}`);
      if (budget > value) move(alloc, 'release', budget - value, id, at(4, 1 + (k % 25)), '合同金额低于预算，释放结余');
      const payIds = [move(alloc, 'pay', p1, id, at(4, 15 + (k % 10)), '首付款'), move(alloc, 'pay', p2, id, at(8, 1 + (k % 25)), '中期款'), move(alloc, 'pay', p3, id, at(12, 10 + (k % 15)), '尾款')];
      cases.push({ id, k, category, buyer, town, budget, value, p: [p1, p2, p3], payIds, provider, title, total, grade, number: `XM${year}${String(k + 1).padStart(5, '0')}` });
      count++;
    }
    const closedAtOf = (c: HistoricProject) => at(12, 20 + (c.k % 8));
    // The ledger names its projects, and the projects their lines and shares: cases, then the ledger, then the rest.
    const steps = (c: HistoricProject): ArchivedCase['steps'] =>
      (
        [
          ['create', null, 'draft', at(1, 15)],
          ['submit', 'draft', 'proposed', at(1, 20)],
          ['approve', 'proposed', 'planned', at(2, 1)],
          ['publishCall', 'planned', 'calling', at(2, 20)],
          ['closeCall', 'calling', 'procuring', at(3, 11)],
          ['recommend', 'procuring', 'noticing', at(3, 25)],
          ['award', 'noticing', 'awarded', at(4, 1)],
          ['signContract', 'awarded', 'implementing', at(4, 1)],
          ['submitFinalReport', 'implementing', 'evaluating', at(11, 30)],
          ['evaluate', 'evaluating', 'closing', at(12, 10)],
          ['close', 'closing', 'closed', closedAtOf(c)],
        ] as const
      ).map(([event, from, to, when], k) => ({ event, from, to, at: when, actorName: '社工办（历史数据导入）', comment: k === 0 ? '历史项目从纸质档案导入' : null }));
    await importArchivedCases(
      db,
      cases.map((c) => ({ id: c.id, caseType: 'serviceProject', number: c.number, title: c.title, state: 'closed', outcome: `closed:${c.grade}`, regionPath: city.path, orgId: c.provider.id, createdBy: adminId, steps: steps(c) })),
    );
    await importLedgerHistory(db, {
      fund: { id: fundId, cityId: city.id, year, name: `${year} 年度社会组织发展专项经费`, totalFen: 1000 * WAN },
      lines: [
        { id: lineId, code: 'services', name: '购买专业社会工作服务', purpose: 'services', budgetFen: 500 * WAN },
        { id: cultivationId, code: 'cultivation', name: '培育奖补', purpose: 'cultivation', budgetFen: 500 * WAN },
      ],
      allocations: [...allocs].map(([b, a]) => ({ id: a.id, lineId, departmentId: depts.get(b)! })),
      movements,
      actorId: adminId,
    });
    // The archive's final evaluations, scored on the city's evaluation standard in the assessment engine.
    const evaluationOf = (c: HistoricProject) => {
      const scores = { outputs: Math.round(c.total * 0.3), outcomes: Math.round(c.total * 0.3), satisfaction: Math.round(c.total * 0.2), finances: Math.round(c.total * 0.1) };
      return { ...scores, management: c.total - scores.outputs - scores.outcomes - scores.satisfaction - scores.finances };
    };
    const evaluationRounds = await db.transaction((tx) =>
      importOwnedSheets(
        tx,
        'evaluation',
        city.id,
        cases.map((c) => ({ caseId: c.id, year, subject: { type: 'project' as const, ref: c.id, name: c.title, code: c.number }, evaluatorId: experts[c.k % experts.length], at: new Date(`${year}-12-10T10:00:00+08:00`), scores: evaluationOf(c) })),
      ),
    );
    for (const c of cases) {
      const bidId = randomUUID();
      const budgetItems = JSON.stringify([
        { name: '人员经费', amountFen: splitByPercent(c.value, [60, 40])[0] },
        { name: '活动经费', amountFen: splitByPercent(c.value, [60, 40])[1] },
      ]);
      await db.execute(sql`insert into service_projects (case_id, number, year, department_id, catalog_category_id, summary, domains, target_groups, budget_fen, duration_months, indicators, line_id, allocation_id, procurement_method, call_notice, call_deadline, call_published_at, rubric, notice_starts_on, notice_ends_on, awarded_at, provider_org_id, closing_report, closed_on)
        values (${c.id}, ${c.number}, ${year}, ${depts.get(c.buyer)!}, ${c.category.id}, ${`${year} 年度政府购买社会工作服务项目。`}, ${`{${(DOMAINS[c.category.code] ?? ['community']).join(',')}}`}::text[], '{社区居民}'::text[], ${c.budget}, 10,
          ${JSON.stringify([{ kind: 'output', name: '服务对象人数', target: 80, unit: '人' }, { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%' }])}::jsonb,
          ${lineId}, ${allocs.get(c.buyer)!.id}, 'competitiveConsultation', '公开征集承接机构。', ${`${year}-03-10`}, ${at(2, 20)}, null, ${`${year}-03-25`}, ${`${year}-03-31`}, ${at(4, 1)}, ${c.provider.id}, '项目按合同完成，资料已归档。', ${`${year}-12-28`})`);
      await db.execute(sql`insert into service_project_towns (project_id, town_id) values (${c.id}, ${c.town.id})`);
      await db.execute(sql`insert into project_bids (id, project_id, org_id, state, plan, budget_items, team, total_fen, eligibility, submitted_by, submitted_at) values (${bidId}, ${c.id}, ${c.provider.id}, 'submitted', '（历史项目导入）服务方案见纸质档案。', ${budgetItems}::jsonb, '[{"name":"项目主管","role":"项目主管","certified":true}]'::jsonb, ${c.value}, '[]'::jsonb, ${adminId}, ${at(3, 5)})`);
      await db.execute(sql`update service_projects set recommended_bid_id = ${bidId}, awarded_bid_id = ${bidId} where case_id = ${c.id}`);
      await db.execute(sql`insert into project_contracts (project_id, number, provider_org_id, signed_on, value_fen, start_on, end_on, created_by) values (${c.id}, ${`HNSG-${year}-${String(c.k + 1).padStart(3, '0')}`}, ${c.provider.id}, ${`${year}-04-01`}, ${c.value}, ${`${year}-04-01`}, ${`${year}-12-31`}, ${adminId})`);
      const names = ['首付款（合同签订后）', '中期款（中期督导通过后）', '尾款（终期评估完成后）'];
      const conditions = ['signing', 'midtermSupervision', 'finalEvaluation'];
      const paidDates = [at(4, 20), at(8, 10), at(12, 15)];
      for (let m = 0; m < 3; m++) {
        const mid = randomUUID();
        await db.execute(sql`insert into contract_milestones (id, project_id, seq, name, due_on, amount_fen, condition, accepted_at, paid_at) values (${mid}, ${c.id}, ${m + 1}, ${names[m]}, ${`${year}-${['04-30', '07-31', '12-31'][m]}`}, ${c.p[m]}, ${conditions[m]}, ${paidDates[m]}, ${paidDates[m]})`);
        payments.push(
          sql`insert into payment_requests (project_id, milestone_id, amount_fen, state, voucher_no, requested_by, requested_at, decided_by, paid_at, fund_movement_id) values (${c.id}, ${mid}, ${c.p[m]}, 'paid', ${`HNCZ${year}${String(c.k + 1).padStart(3, '0')}-${m + 1}`}, ${adminId}, ${paidDates[m]}, ${adminId}, ${paidDates[m]}, ${c.payIds[m]})`,
        );
      }
      await db.execute(sql`insert into project_evaluations (project_id, provider_org_id, round_id, total, grade, summary, evaluated_on, evaluator_id)
        values (${c.id}, ${c.provider.id}, ${evaluationRounds.get(c.id)!}, ${c.total}, ${c.grade}, '终期评估（历史项目导入）', ${`${year}-12-10`}, ${experts[c.k % experts.length]})`);
    }
    for (const payment of payments) await db.execute(payment);
  }
  return count;
}

/** Who may bid in Haining (rules as data: the kinds are code, the thresholds and wording are here). */
const HAINING_ELIGIBILITY = [
  { code: 'active', kind: 'activeStatus' as const, params: {}, description: '登记状态正常' },
  { code: 'oneYear', kind: 'minYearsRegistered' as const, params: { years: 1 }, description: '依法登记满 1 年' },
  { code: 'grade3aAbove20wan', kind: 'minGradeAboveAmount' as const, params: { amountFen: 20_000_000, grade: '3A' }, description: '项目预算超过 20 万元的，评估等级须达到 3A 及以上' },
  { code: 'noBadCredit', kind: 'notOnBadCreditList' as const, params: {}, description: '未被列入失信名单' },
  { code: 'noFailedEvaluation', kind: 'noFailedEvaluation' as const, params: { years: 2 }, description: '近 2 年承接的项目终期评估无不合格' },
];

/**
 * The call's default method by budget (issue 15 §5). Zhejiang's threshold for a public tender of services is
 * 4,000,000 yuan (浙江省政府集中采购目录及标准); below it the office usually consults competitively (the band only suggests there).
 */
const HAINING_PROCUREMENT_BANDS = [
  { fromFen: 0, method: 'competitiveConsultation' as const, binding: false, note: '未达公开招标数额标准的服务项目，一般采用竞争性磋商' },
  { fromFen: 400 * WAN, method: 'publicTender' as const, binding: true, note: '达到浙江省政府采购服务类公开招标数额标准（400 万元），应当公开招标' },
];

/**
 * The projects module's part of the demo city's start: who may bid (eligibility rules as data) and the procurement
 * method bands, Haining's own (a city's settings are its own, issue 16 §3; a new city copies them, projects.template.ts).
 */
export async function seedHainingEligibility(tx: Tx): Promise<void> {
  const city = (await selectCities(tx)).find((c) => c.code === '330481');
  if (!city) throw new Error('the demo city 海宁市 (330481) is not seeded yet');
  await tx.insert(eligibilityRules).values(HAINING_ELIGIBILITY.map((r, i) => ({ ...r, cityId: city.id, sortOrder: i + 1 })));
  await tx.insert(procurementMethodBands).values(HAINING_PROCUREMENT_BANDS.map((b) => ({ ...b, cityId: city.id })));
}
