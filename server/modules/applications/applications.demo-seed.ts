import { clockNowMs } from '../../platform/clock.js';
import fs from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { APPLICATION_KINDS, type ApplicationKind } from '../../../contracts/applications.js';
import { CHECKLISTS } from '../../../contracts/application-kinds.js';
import { residentIdCheckChar } from '../../../contracts/identifiers.js';
import { roleGrants, users } from '../../platform/auth/auth.tables.js';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { caseAttachments } from '../../platform/cases/cases.tables.js';
import { backdateCase } from '../../platform/cases/history.js';
import { caseTypeOf, registerCaseType } from '../../platform/cases/define.js';
import { cityIdOfCasePath, fireTransition, timeLimitOf } from '../../platform/cases/engine.js';
import { markOverdueCases } from '../../platform/cases/overdue.js';
import type { Db, Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import { files } from '../../platform/files/files.tables.js';
import type { FileStorage } from '../../platform/files/storage.js';
import type { Actor, RequestContext } from '../../platform/http/context.js';
import type { PiiCipher } from '../../platform/pii/cipher.js';
import { actorOf } from '../../platform/auth/actor-of.js';
import { applicationCaseType } from './application.case.js';
import { fileApplication } from './use-cases/file-application.js';
import { updateDraft } from './use-cases/update-draft.js';
import { applicationSettingReviewDepartments, applicationSettings, registrationRules } from './applications.tables.js';
import { DEFAULT_KIND_RULES } from './application-defaults.js';

/**
 * 40 demo applications in every state, some overdue, filed and handled through the real engine by
 * the demo accounts — so history, audit, inbox and notifications look as they would in use.
 */


/** A one-page PDF standing in for a scanned document. */
function demoPdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

async function attachDemoMaterials(db: Db, storage: FileStorage | null, caseId: string, kind: ApplicationKind, uploadedBy: string, skip: string[] = []) {
  for (const item of CHECKLISTS[kind].filter((i) => i.required && !skip.includes(i.key))) {
    const bytes = demoPdf(item.key);
    const key = `demo/${randomUUID()}.pdf`;
    if (storage) {
      const temp = storage.tempPath(randomUUID());
      fs.writeFileSync(temp, bytes);
      await storage.put(key, temp);
    }
    const [f] = await db
      .insert(files)
      .values({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, mime: 'application/pdf', extension: 'pdf', originalName: `${item.name}.pdf`, storageKey: key, uploadedBy })
      .returning({ id: files.id });
    await db.insert(caseAttachments).values({ caseId, fileId: f.id, item: item.key, uploadedBy });
  }
}

/** The field a demo notice points at, per kind, and how the applicant explains that it is right. */
const NOTICE_FIELD: Record<ApplicationKind, { key: string; problem: string; explanation: string }> = {
  establishment: { key: 'legalRepPhone', problem: '法定代表人手机号码与身份证明材料上的不一致，请核对', explanation: '经核对，手机号码无误，身份证明上为旧号码' },
  filing: { key: 'legalRepPhone', problem: '负责人手机号码与身份证明材料上的不一致，请核对', explanation: '经核对，手机号码无误' },
  change: { key: 'reason', problem: '变更理由未写明理事会决议的日期，请核对', explanation: '决议日期已写在上传的理事会决议中' },
  deregistration: { key: 'reason', problem: '注销理由与清算报告的表述不一致，请核对', explanation: '经核对，两处表述一致' },
  annualReport: { key: 'summary', problem: '年度工作概述与财务报告的活动次数不一致，请核对', explanation: '经核对，以年度工作概述为准，财务报告另附说明' },
};

const APPLICANTS = [
  ['王晓燕', null],
  ['陈志刚', '13905730011'],
  ['李秀英', '13905730012'],
  ['张建国', '13905730013'],
  ['刘海燕', '13905730014'],
  ['周伟', '13905730015'],
  ['吴丽萍', '13905730016'],
  ['徐卫东', '13905730017'],
] as const;

const NEW_ORGS: { name: string; type: 'serviceAgency' | 'association' | 'communityOrg'; fields: string[]; supervisor: string; scope: string }[] = [
  { name: '颐康居家养老服务中心', type: 'serviceAgency', fields: ['elderly'], supervisor: '卫健局', scope: '为辖区老年人提供助餐、助浴、日间照料和康复护理服务' },
  { name: '阳光青少年成长服务社', type: 'serviceAgency', fields: ['youth', 'children'], supervisor: '团市委', scope: '开展青少年成长辅导、课后托管和心理支持服务' },
  { name: '和睦邻里调解志愿者协会', type: 'association', fields: ['mediation', 'community'], supervisor: '司法局', scope: '组织志愿者参与邻里纠纷调解和法治宣传' },
  { name: '暖心助残服务中心', type: 'serviceAgency', fields: ['disabled'], supervisor: '市残联', scope: '为残疾人提供康复训练、就业辅导和家庭支持' },
  { name: '巾帼家庭服务社', type: 'serviceAgency', fields: ['women', 'children'], supervisor: '市妇联', scope: '开展妇女儿童权益维护、家庭教育指导服务' },
  { name: '潮乡文化传承协会', type: 'association', fields: ['culture'], supervisor: '文广旅体局', scope: '挖掘和传承潮乡民俗文化，组织群众文化活动' },
  { name: '乐龄健身队', type: 'communityOrg', fields: ['elderly', 'culture'], supervisor: '民政局', scope: '组织社区老年人开展健身和文体活动' },
  { name: '新居民互助会', type: 'communityOrg', fields: ['newResidents', 'community'], supervisor: '民政局', scope: '帮助新居民融入社区，开展互助服务' },
];
const FEATURES = ['', '益家', '和美', '善邻', '同心', '春晖'];

type Target = 'draft' | 'submitted' | 'supplementRequested' | 'reviewing' | 'deciding' | 'approved' | 'rejected' | 'withdrawn';

export async function seedHainingApplications(db: Db, pii: PiiCipher, storage: FileStorage | null): Promise<number> {
  registerCaseType(applicationCaseType(pii));
  const towns = await rows<{ id: string; name: string }>(db, sql`select id, name from regions where level = 'town' order by code`);
  const communities = await rows<{ id: string; parent_id: string }>(db, sql`select id, parent_id from regions where level = 'community' order by code`);
  const depts = new Map((await rows<{ id: string; short_name: string }>(db, sql`select id, short_name from departments`)).map((d) => [d.short_name, d.id]));
  const staff = new Map((await rows<{ id: string; username: string }>(db, sql`select id, username from users where username in ('admin', 'minzheng', 'weijian', 'shenqing')`)).map((u) => [u.username, u.id]));

  // Applicants: the demo one plus seven more, three of them members of existing organizations.
  const applicantIds: string[] = [staff.get('shenqing')!];
  const [{ password_hash }] = await rows<{ password_hash: string }>(db, sql`select password_hash from users where username = 'shenqing'`);
  for (const [name, phone] of APPLICANTS.slice(1)) {
    const [u] = await db
      .insert(users)
      .values({ username: `m${phone!.slice(-4)}demo`, displayName: name, passwordHash: password_hash, mustChangePassword: false, passwordChangedAt: new Date(), phoneSealed: pii.encrypt(phone!), phoneHash: pii.lookupHash(phone!) })
      .returning({ id: users.id });
    await db.insert(roleGrants).values({ userId: u.id, role: 'applicant' });
    applicantIds.push(u.id);
  }
  const memberOrgs = await rows<{ id: string; supervising_unit_id: string | null }>(
    db,
    sql`select id, supervising_unit_id from org_directory where type = 'association' and status = 'active' and supervising_unit_id is not null order by credit_code limit 16`,
  );
  for (let i = 0; i < memberOrgs.length; i++) await db.insert(roleGrants).values({ userId: applicantIds[1 + (i % 3)], role: 'orgMember', orgId: memberOrgs[i].id });

  const actors = new Map<string, Actor>();
  const actor = async (id: string) => actors.get(id) ?? (actors.set(id, await actorOf(db, id)), actors.get(id)!);
  const ctxOf = async (id: string): Promise<RequestContext> => ({ requestId: 'seed:applications', ip: null, lang: 'zh', actor: await actor(id) });

  const plan: { kind: ApplicationKind; target: Target; overdue?: boolean }[] = [];
  const establishmentTargets: Target[] = ['draft', 'draft', 'submitted', 'submitted', 'submitted', 'supplementRequested', 'supplementRequested', 'supplementRequested', 'reviewing', 'reviewing', 'reviewing', 'reviewing', 'deciding', 'deciding', 'approved', 'approved', 'approved', 'rejected', 'withdrawn', 'approved'];
  for (const target of establishmentTargets) plan.push({ kind: 'establishment', target });
  for (const target of ['submitted', 'deciding', 'approved', 'approved', 'draft', 'supplementRequested'] as Target[]) plan.push({ kind: 'filing', target });
  for (const target of ['submitted', 'reviewing', 'approved', 'rejected', 'draft', 'deciding'] as Target[]) plan.push({ kind: 'change', target });
  for (const target of ['reviewing', 'submitted', 'withdrawn'] as Target[]) plan.push({ kind: 'deregistration', target });
  for (const target of ['submitted', 'approved', 'approved', 'reviewing', 'deciding'] as Target[]) plan.push({ kind: 'annualReport', target });
  // Overdue: some that waited too long at acceptance, in review and at the decision.
  for (const i of [2, 9, 12, 20, 27]) plan[i].overdue = true;

  const ids: string[] = [];
  let orgCursor = 0;
  for (let i = 0; i < plan.length; i++) {
    const { kind, target } = plan[i];
    const seqNo = i + 1;
    let applicant = applicantIds[i % applicantIds.length];
    let form: Record<string, unknown>;
    if (kind === 'establishment' || kind === 'filing') {
      const town = towns[i % towns.length];
      const base = NEW_ORGS.filter((o) => (kind === 'filing' ? o.type === 'communityOrg' : o.type !== 'communityOrg'))[i % (kind === 'filing' ? 2 : 6)];
      const community = communities.find((c) => c.parent_id === town.id);
      const born = `19${70 + (i % 25)}0${1 + (i % 9)}1${i % 9}`;
      const first17 = `330481${born}${String(100 + i).slice(-3)}`;
      form = {
        name: `海宁市${town.name}${FEATURES[i % FEATURES.length]}${base.name}`,
        type: base.type,
        townId: town.id,
        communityId: community?.id ?? null,
        address: `海宁市${town.name}文苑路 ${10 + i} 号`,
        businessScope: base.scope,
        serviceFields: base.fields,
        supervisingUnitId: kind === 'filing' ? null : depts.get(base.supervisor)!,
        registeredCapitalFen: base.type === 'association' ? 5_000_000 : base.type === 'communityOrg' ? 0 : 3_000_000,
        legalRepName: APPLICANTS[i % APPLICANTS.length][0],
        legalRepIdNumber: first17 + residentIdCheckChar(first17),
        legalRepPhone: `1390573${String(1000 + i)}`,
      };
    } else {
      const org = memberOrgs[orgCursor++ % memberOrgs.length];
      applicant = applicantIds[1 + ((orgCursor - 1) % memberOrgs.length) % 3];
      form =
        kind === 'change'
          ? { orgId: org.id, changes: { address: `海宁市硖石街道文宗路 ${100 + i} 号`, businessScope: '为辖区居民提供养老、助残和社区融合服务' }, reason: '理事会决议迁址并调整业务范围' }
          : kind === 'deregistration'
            ? { orgId: org.id, reason: '业务已由其他机构承接，经会员大会决议注销', liquidationDone: true }
            : { orgId: org.id, year: 2025, revenueFen: 48_650_000 + i * 1000, expenditureFen: 45_120_000, activityCount: 36 + i, beneficiaryCount: 2400 + i * 10, staffCount: 8, summary: '全年开展居家养老、助残和社区活动，服务对象满意度 96%。' };
    }
    const owner = await ctxOf(applicant);
    const id = await fileApplication(db, owner, pii, { kind, form });
    ids.push(id);
    if (target === 'draft') continue;
    await attachDemoMaterials(db, storage, id, kind, applicant);
    const version = async () => (await rows<{ version: number }>(db, sql`select version from cases where id = ${id}`))[0].version;
    const step = async (who: string, event: string, extra: { comment?: string; input?: Record<string, unknown> } = {}) =>
      fireTransition(db, await ctxOf(who), id, { event, version: await version(), ...extra });
    if (target === 'withdrawn') {
      await step(applicant, 'withdraw', { comment: '信息有误，撤回重新申请' });
      continue;
    }
    await step(applicant, 'submit');
    if (target === 'submitted') continue;
    if (target === 'supplementRequested' || seqNo % 4 === 0) {
      const material = CHECKLISTS[kind][1];
      const field = NOTICE_FIELD[kind];
      await step(staff.get('admin')!, 'requestSupplement', { input: { items: [{ item: material.key, problem: `${material.name}未加盖公章，请上传盖章件` }, { field: field.key, problem: field.problem }] } });
      if (target === 'supplementRequested') continue;
      // The applicant answers each item: the stamped material uploaded again, the field explained.
      await db.update(caseAttachments).set({ supersededAt: new Date() }).where(and(eq(caseAttachments.caseId, id), eq(caseAttachments.item, material.key), isNull(caseAttachments.supersededAt)));
      await attachDemoMaterials(db, storage, id, kind, applicant, CHECKLISTS[kind].filter((i) => i.key !== material.key).map((i) => i.key));
      await updateDraft(db, await ctxOf(applicant), pii, id, { version: await version(), form, explanations: [{ no: 2, explanation: field.explanation }] });
      await step(applicant, 'resubmit');
    }
    if (target === 'rejected' && kind !== 'change') {
      await step(staff.get('admin')!, 'reject', { comment: '拟登记名称与现有组织名称近似，不予受理' });
      continue;
    }
    const accepted = await step(staff.get('admin')!, 'accept');
    if (target === 'reviewing') continue;
    if (accepted.to === 'reviewing') {
      const reviewers = await rows<{ department_id: string }>(db, sql`select department_id from case_assignments where case_id = ${id} and closed_at is null and kind = 'department'`);
      for (const r of reviewers) {
        const [member] = await rows<{ user_id: string }>(db, sql`select user_id from role_grants where department_id = ${r.department_id} and role = 'departmentStaff' limit 1`);
        // Departments without a demo account answer through a staff user created for them.
        const reviewer = member?.user_id ?? (await departmentUser(db, r.department_id, password_hash));
        await step(reviewer, 'giveOpinion', { input: { opinion: 'agree' }, comment: '经审查，同意。' });
      }
    }
    if (target === 'deciding') continue;
    if (target === 'rejected') await step(staff.get('admin')!, 'reject', { comment: '变更后住所证明无效，不予变更' });
    else await step(staff.get('admin')!, 'approve', { comment: '符合条件，准予登记' });
  }

  await spreadOverTime(db, ids);
  await markOverdueCases(db, todayInChina());
  return ids.length;
}

/** The open cases left past their step's deadline, so the inbox and the overdue job have work. */
const LEFT_OVERDUE = [2, 9, 12, 20, 27];

/**
 * The engine ran every demo act just now; real cases take days. Spread each case's steps back in
 * time (1–3 days apart, ending up to 40 days ago; the engine's backdateCase derives the case's dates,
 * deadline and assignments from them), so the timeline, the promise and the service levels look like
 * a year of work. The audit trail keeps the true times.
 */
async function spreadOverTime(db: Db, ids: string[]): Promise<void> {
  const def = caseTypeOf('application');
  for (const [n, id] of ids.entries()) {
    const steps = await rows<{ seq: number; event: string }>(db, sql`select seq, event from case_steps where case_id = ${id} order by seq`);
    const gaps = steps.map((s, i) => (i === 0 ? 0 : s.event === 'giveOpinion' || s.event === 'approve' || s.event === 'reject' ? 2 + ((n + i) % 3) : 1 + ((n + i) % 2)));
    const span = gaps.reduce((a, b) => a + b, 0);
    const [c] = await rows<{ closed: boolean; state: string; variant: string; region_path: string }>(db, sql`select closed_at is not null as closed, state, variant, region_path from cases where id = ${id}`);
    const limit = c.closed ? null : await timeLimitOf(db, def, c.variant, c.state, await cityIdOfCasePath(db, c.region_path));
    const late = LEFT_OVERDUE.indexOf(n);
    // Closed cases end 5–40 days ago; open ones reach their current step 0–2 days ago, but those left overdue
    // entered it twice their time limit (in calendar days) and a few more ago.
    const end = c.closed ? 5 + ((n * 7) % 36) : late >= 0 && limit ? 2 * limit + 3 + 2 * late : n % 3;
    let day = end + span;
    // From 10:00 today in China, not from now: the dates (accepted, completed, due) must not depend on the minute
    // the demo is built — an image built at 04:13 and a seed at 04:20 once put a step on different days. A step
    // today is never later than now.
    const anchor = Date.parse(`${todayInChina()}T10:00:00+08:00`);
    const times = steps.map((s, i) => {
      day -= gaps[i];
      return new Date(Math.min(anchor - day * 86_400_000 - ((n * 37 + i * 53) % 480) * 60_000, clockNowMs() - 60_000));
    });
    await backdateCase(db, def, id, times);
    const dateOf = (event: string) => sql`(select (max(occurred_at) at time zone 'Asia/Shanghai')::date from case_steps where case_id = ${id} and event = ${event})`;
    await db.execute(sql`update applications set
        submitted_at = (select max(occurred_at) from case_steps where case_id = ${id} and event in ('submit', 'resubmit')),
        accepted_on = case when accepted_on is null then null else ${dateOf('accept')} end,
        completed_on = case when completed_on is null then null else (select (max(occurred_at) at time zone 'Asia/Shanghai')::date from case_steps where case_id = ${id}) end
      where case_id = ${id}`);
    const [a] = await rows<{ accepted_on: string | null; kind: string }>(db, sql`select accepted_on::text, kind from applications where case_id = ${id}`);
    if (a.accepted_on) {
      const [{ promised_days }] = await rows<{ promised_days: number }>(
        db,
        sql`select s.promised_days from application_settings s join regions city on city.id = s.city_id join cases c on c.id = ${id}
            where s.kind = ${a.kind} and c.region_path like city.path || '%'`,
      );
      await db.execute(sql`update applications set promised_due_on = ${await addWorkingDays(db, a.accepted_on, promised_days)}::date where case_id = ${id}`);
    }
  }
}


async function departmentUser(db: Db, departmentId: string, passwordHash: string): Promise<string> {
  const [d] = await rows<{ short_name: string }>(db, sql`select short_name from departments where id = ${departmentId}`);
  const [u] = await db
    .insert(users)
    .values({ username: `dept${departmentId.slice(0, 6)}`, displayName: `${d.short_name}审查员`, passwordHash, mustChangePassword: true })
    .returning({ id: users.id });
  await db.insert(roleGrants).values({ userId: u.id, role: 'departmentStaff', departmentId });
  return u.id;
}

/** Joint-review departments per application kind in Haining; the org's supervising unit is always added. */
const HAINING_REVIEWERS: Record<ApplicationKind, string[]> = { establishment: ['民政局'], filing: [], change: [], deregistration: ['民政局'], annualReport: [] };

/** Minimum registered capital (yuan) by organization type and period: rules as data, with their source. */
const REGISTRATION_RULES = [
  { orgType: 'communityOrg', validFrom: '2016-01-01', validTo: '2018-12-31', minYuan: 1_000, refund: true, note: '海宁市社区服务类社会组织注册资金 1000 元，项目立项后返还（2016–2018）' },
  { orgType: 'association', validFrom: '1998-10-25', validTo: null, minYuan: 30_000, refund: false, note: '《社会团体登记管理条例》第十条：地方性社会团体活动资金不少于 3 万元' },
  { orgType: 'foundation', validFrom: '2004-06-01', validTo: null, minYuan: 2_000_000, refund: false, note: '《基金会管理条例》第八条：原始基金不低于 200 万元' },
] as const;

/**
 * The applications module's part of the demo city's start: its settings per kind (the defaults' promise and 办事指南),
 * their joint-review departments and its registration rules — all the demo city's (the first city made).
 */
export async function seedHainingApplicationRules(tx: Tx): Promise<void> {
  const [city] = await rows<{ id: string }>(tx, sql`select id from regions where level = 'city' order by created_at, code limit 1`);
  const departmentIds = new Map((await rows<{ id: string; short_name: string }>(tx, sql`select id, short_name from departments where city_id = ${city.id}`)).map((d) => [d.short_name, d.id]));
  await tx
    .insert(applicationSettings)
    .values(APPLICATION_KINDS.map((kind) => ({ cityId: city.id, kind, ...DEFAULT_KIND_RULES[kind] })))
    .onConflictDoNothing({ target: [applicationSettings.cityId, applicationSettings.kind] });
  const settings = await tx.select({ id: applicationSettings.id, kind: applicationSettings.kind }).from(applicationSettings).where(eq(applicationSettings.cityId, city.id));
  for (const s of settings) {
    for (const name of HAINING_REVIEWERS[s.kind]) await tx.insert(applicationSettingReviewDepartments).values({ settingId: s.id, departmentId: departmentIds.get(name)! }).onConflictDoNothing();
  }
  await tx.insert(registrationRules).values(
    REGISTRATION_RULES.map((r) => ({ cityId: city.id, orgType: r.orgType, validFrom: r.validFrom, validTo: r.validTo, minCapitalFen: r.minYuan * 100, refundOnProjectApproval: r.refund, note: r.note })),
  );
}
