import { clockNow } from '../../platform/clock.js';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { APPLICATION_KIND_NAMES, APPLICATION_STATE_NAMES, APPLICATION_STATES, FORM_SCHEMAS, ZOpinionInput, ZSupplementNoticeInput, type ApplicationKind, type ChangeForm, type EstablishmentForm, type SupplementOverdueRule } from '../../../contracts/applications.js';
import { cityOfPath, type CityRef } from '../../platform/access/cities.js';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { defineCaseType, type Awaited, type CaseRow, type CaseTypeDef, type EffectResult } from '../../platform/cases/define.js';
import type { Db, Tx } from '../../platform/db/client.js';
import { recipientsOf } from '../../platform/cases/engine.js';
import { notifyUsers } from '../../platform/notify/notify.js';
import { AppError, type FieldError } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import type { PiiCipher } from '../../platform/pii/cipher.js';
import { applyOrgChange, deregisterOrg, grantOrgAccount, recordAnnualReport, registerOrg, setOrgChanging } from '../orgs/index.js';
import { applicationNoticeItems, applications } from './applications.tables.js';
import {
  countDisagreements,
  formOf,
  nextNoticeNumber,
  selectApplication,
  selectCurrentMaterials,
  selectDepartmentCity,
  selectForAcceptance,
  selectKindRules,
  selectLatestNoticeItems,
  selectOrgNamed,
  selectProvidedItems,
  selectRegistrationRule,
  selectReviewDepartmentIds,
  type ApplicationDetailsRow,
} from './applications.queries.js';
import { DEFAULT_KIND_RULES, kindRulesOr } from './application-defaults.js';
import { answerOf, fragmentOf, noticeTargetErrors, unansweredErrors } from './application-notice.js';
import { checklistOf, liveItems, type ChecklistItem } from './application-checklists.js';
import { unsealForm } from './application-form.js';
import { issueCertificate } from './use-cases/issue-certificate.js';
import { revokeCertificates } from './use-cases/revoke-certificates.js';

type State = (typeof APPLICATION_STATES)[number];
type AppRow = ApplicationDetailsRow;

async function loadApplication(tx: Tx, caseId: string): Promise<AppRow> {
  const a = await selectApplication(tx, caseId);
  if (!a) throw new Error(`application ${caseId} has a case but no details`);
  return a;
}

/** A joint review waits on each reviewing department. */
const reviewersAwaited = (departmentIds: string[]): Awaited[] =>
  departmentIds.map((departmentId) => ({ kind: 'department', permission: 'application.review', departmentId, task: '出具联审意见' }));

/** The city an application's place (its town, or its organization's domicile) lies in: its settings and rules are that city's. */
async function cityOfApplication(tx: Tx | Db, regionPath: string): Promise<CityRef> {
  const city = await cityOfPath(tx, regionPath);
  if (!city) throw new Error(`an application's place ${regionPath} lies in no city`);
  return city;
}

/** The materials checklist of the application's city for its kind. */
export async function checklistOfApplication(db: Tx | Db, regionPath: string, kind: ApplicationKind): Promise<ChecklistItem[]> {
  return checklistOf(db, (await cityOfApplication(db, regionPath)).id, kind);
}

/** The city's rule for a notice of this kind not answered in time (the default while the city has not set the kind). */
export async function supplementOverdueRuleOf(db: Tx | Db, regionPath: string, kind: ApplicationKind): Promise<SupplementOverdueRule> {
  const city = await cityOfApplication(db, regionPath);
  return kindRulesOr(kind, await selectKindRules(db, city.id, kind)).supplementOverdue;
}

/**
 * A supervising unit (业务主管单位) is a department of the city the organization is domiciled in: another city's
 * department neither reviews nor supervises it. Refused on the field that names it.
 */
async function supervisorProblem(tx: Tx, city: CityRef, path: string, departmentId: string | null | undefined): Promise<FieldError[]> {
  if (!departmentId || (await selectDepartmentCity(tx, departmentId)) === city.id) return [];
  return [{ path, message: `业务主管单位须为${city.name}的部门`, messageEn: 'The supervising unit must be a department of the city where the organization is domiciled' }];
}

/**
 * What is wrong with a form, each problem naming its field: the form's own checks (required fields, lengths, the ID
 * number's check digit, mobiles) and the registry's (a name taken, the minimum capital, the kind's type), the rules
 * and departments being those of the city the application lies in (`regionPath`: its town, or its organization's
 * domicile). Run at every save, so a wrong value is refused where it is typed, and again at submission.
 */
export async function formProblems(tx: Tx, pii: PiiCipher, a: { kind: ApplicationKind; orgId: string | null; regionPath: string; form: Record<string, unknown> }): Promise<{ form: unknown; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const clear = unsealForm(a.form, pii);
  const parsed = FORM_SCHEMAS[a.kind].safeParse(clear);
  if (!parsed.success) for (const i of parsed.error.issues) errors.push({ path: ['form', ...i.path.map(String)].join('.'), message: i.message });
  if (parsed.success && (a.kind === 'establishment' || a.kind === 'filing')) {
    const form = parsed.data as EstablishmentForm;
    const city = await cityOfApplication(tx, a.regionPath);
    if (a.kind === 'filing' && form.type !== 'communityOrg') errors.push({ path: 'form.type', message: '备案仅适用于社区社会组织；其他类型请申请成立登记' });
    if (a.kind === 'establishment' && form.type !== 'communityOrg' && !form.supervisingUnitId) errors.push({ path: 'form.supervisingUnitId', message: '请选择业务主管单位' });
    errors.push(...(await supervisorProblem(tx, city, 'form.supervisingUnitId', form.supervisingUnitId)));
    if (await selectOrgNamed(tx, form.name)) errors.push({ path: 'form.name', message: `名称“${form.name}”已被现有社会组织使用` });
    const rule = await selectRegistrationRule(tx, city.id, form.type, todayInChina());
    if (rule && form.registeredCapitalFen < Number(rule.minCapitalFen)) {
      errors.push({ path: 'form.registeredCapitalFen', message: `注册资金不得低于 ${(Number(rule.minCapitalFen) / 100).toLocaleString('zh-CN')} 元（${rule.note}）` });
    }
  }
  if (parsed.success && a.kind === 'change') {
    const { name, supervisingUnitId } = (parsed.data as ChangeForm).changes;
    if (supervisingUnitId) errors.push(...(await supervisorProblem(tx, await cityOfApplication(tx, a.regionPath), 'form.changes.supervisingUnitId', supervisingUnitId)));
    if (name) {
      // An application without its organization (never, for a change) finds no other holder of the name.
      const dup = a.orgId ? await selectOrgNamed(tx, name, a.orgId) : undefined;
      if (dup) errors.push({ path: 'form.changes.name', message: `名称“${name}”已被现有社会组织使用` });
    }
  }
  return { form: parsed.success ? parsed.data : null, errors };
}

/** Everything wrong with a filing, listed at once (the applicant's side of "one trip at most"): the form and the materials. */
export async function problemsOnSubmission(tx: Tx, pii: PiiCipher, c: CaseRow, a: AppRow): Promise<{ form: unknown; errors: FieldError[] }> {
  const { form, errors } = await formProblems(tx, pii, { kind: a.kind, orgId: a.orgId, regionPath: c.regionPath, form: formOf(a.form) });
  const provided = await selectProvidedItems(tx, c.id);
  for (const item of liveItems(await checklistOfApplication(tx, c.regionPath, a.kind))) {
    if (item.required && !provided.has(item.key)) errors.push({ path: `materials.${item.key}`, message: `缺少材料：${item.name}`, messageEn: `Missing material: ${item.nameEn}` });
  }
  return { form, errors };
}

/** The latest notice's items, each with how the applicant has answered it so far. */
export async function noticeItemsWithAnswers(tx: Tx | Db, pii: PiiCipher, caseId: string, form: Record<string, unknown>) {
  const items = await selectLatestNoticeItems(tx, caseId);
  if (items.length === 0) return [];
  const materials = await selectCurrentMaterials(tx, caseId);
  return items.map((i) => ({ ...i, answer: answerOf(i, form, materials, pii) }));
}

/** Writes a notice's items, each with what its field held when it went out (to tell a changed field later). */
async function recordNotice(tx: Tx, c: CaseRow, input: unknown): Promise<void> {
  const a = await loadApplication(tx, c.id);
  const items = (input as z.infer<typeof ZSupplementNoticeInput>).items;
  const wrong = noticeTargetErrors(a.kind, await checklistOfApplication(tx, c.regionPath, a.kind), items);
  if (wrong.length > 0) throw new AppError('validation', {}, wrong);
  const notice = await nextNoticeNumber(tx, c.id);
  const form = formOf(a.form);
  // The database's clock, as the uploads' created_at is: a material counts as replaced when uploaded after this.
  const noticedAt = sql`now()`;
  await tx.insert(applicationNoticeItems).values(
    items.map((i, k) => ({
      applicationId: c.id,
      notice,
      no: k + 1,
      field: i.field ?? null,
      material: i.field ? null : (i.item ?? null),
      problem: i.problem,
      noticedValue: i.field ? fragmentOf(form, i.field) : null,
      noticedAt,
    })),
  );
}

/** A decision the applicant reads in their messages: 准予 or 不予, with the case's number and, for a refusal, why. */
async function tellDecision(tx: Tx, c: CaseRow, approved: boolean): Promise<void> {
  const owners = await recipientsOf(tx, c, { kind: 'owner', task: '' });
  const kindName = APPLICATION_KIND_NAMES[c.variant as ApplicationKind]?.zh ?? '申请';
  await notifyUsers(tx, owners, {
    kind: 'application.decision',
    title: `${approved ? '准予' : '不予'}${kindName}：${c.title}`,
    body: approved
      ? `您的${kindName}申请（${c.number}）经审查，准予${kindName}。`
      : `您的${kindName}申请（${c.number}）经审查，不予${kindName}。理由见申请页的决定意见。`,
    link: `/applications/${c.id}`,
    caseId: c.id,
  });
}

const names = (zh: string, en: string) => ({ zh, en });

/**
 * "One trip at most": the applicant files everything online, staff send at most one notice listing
 * every missing or wrong item, departments review in parallel, and the authority decides.
 */
export function applicationCaseType(pii: PiiCipher): CaseTypeDef<State> {
  const source = (c: CaseRow) => ({ caseId: c.id, caseNumber: c.number });
  const complete = async (tx: Tx, c: CaseRow, extra: Partial<AppRow> = {}) => {
    await tx.update(applications).set({ completedOn: todayInChina(), ...extra }).where(eq(applications.caseId, c.id));
  };

  return defineCaseType<State>({
    type: 'application',
    names: names('网上申办', 'Online application'),
    variantNames: APPLICATION_KIND_NAMES,
    numberPrefix: 'SQ',
    states: APPLICATION_STATES,
    stateNames: APPLICATION_STATE_NAMES,
    initial: 'draft',
    terminal: ['completed', 'withdrawn'],
    // Working days per step; the promise to the applicant (all steps) is per kind in application_settings.
    // 补正: the applicant's working days to answer a one-time notice (the kind's settings may change it).
    timeLimits: { submitted: 2, supplementRequested: 15, reviewing: 5, deciding: 3 },
    readPermission: 'application.read',
    // The applicant's materials are theirs, changed only while they hold the pen (a draft, or answering a
    // one-time notice): what was submitted is what staff review. Staff attach nothing to an application.
    attach: { owner: ['draft', 'supplementRequested'], staff: [] },
    editable: { states: ['draft', 'supplementRequested'], refusal: { zh: '申请已提交，不能再修改；如需补正请等待一次性告知。', en: 'The application has been submitted and can no longer be changed; if anything must be supplemented, wait for the one-time notice.' } },
    link: (c) => `/applications/${c.id}`,
    async awaits(tx, state, c) {
      switch (state) {
        case 'draft':
          return [{ kind: 'owner', task: '填写申请并上传材料后提交' }];
        case 'supplementRequested':
          return [{ kind: 'owner', task: '按一次性告知补正后重新提交' }];
        case 'submitted':
          return [{ kind: 'permission', permission: 'application.handle', task: '受理审查' }];
        case 'reviewing': {
          return reviewersAwaited(await selectReviewDepartmentIds(tx, c.id));
        }
        case 'deciding':
          return [{ kind: 'permission', permission: 'application.handle', task: '作出审批决定' }];
        default:
          return [];
      }
    },
    transitions: [
      {
        event: 'submit',
        names: names('提交', 'Submit'),
        from: ['draft'],
        to: 'submitted',
        by: { kind: 'owner' },
        async effect(tx, _ctx, c) {
          const a = await loadApplication(tx, c.id);
          const { errors } = await problemsOnSubmission(tx, pii, c, a);
          if (errors.length > 0) throw new AppError('validation', {}, errors);
          await tx.update(applications).set({ submittedAt: clockNow() }).where(eq(applications.caseId, c.id));
        },
      },
      {
        event: 'requestSupplement',
        names: names('一次性告知', 'Send one-time notice'),
        from: ['submitted'],
        to: 'supplementRequested',
        by: { kind: 'permission', permission: 'application.handle' },
        input: ZSupplementNoticeInput,
        effect: (tx, _ctx, c, input) => recordNotice(tx, c, input),
      },
      {
        event: 'resubmit',
        names: names('补正后重新提交', 'Resubmit'),
        from: ['supplementRequested'],
        to: 'submitted',
        by: { kind: 'owner' },
        async effect(tx, _ctx, c) {
          const a = await loadApplication(tx, c.id);
          const { errors } = await problemsOnSubmission(tx, pii, c, a);
          // Every item of the notice answered: the field changed, the material replaced, or an explanation given.
          errors.push(...unansweredErrors(a.kind, await checklistOfApplication(tx, c.regionPath, a.kind), await noticeItemsWithAnswers(tx, pii, c.id, formOf(a.form))));
          if (errors.length > 0) throw new AppError('validation', {}, errors);
          await tx.update(applications).set({ submittedAt: clockNow() }).where(eq(applications.caseId, c.id));
        },
      },
      {
        event: 'lapse',
        names: names('逾期未补正，视为撤回', 'Close as not corrected in time'),
        from: ['supplementRequested'],
        to: 'withdrawn',
        by: { kind: 'permission', permission: 'application.handle' },
        guard: (c) => (c.dueOn && c.dueOn < todayInChina() ? null : { zh: '补正期限尚未届满，不能视为撤回。', en: 'The period for corrections has not ended.' }),
        async effect(tx, _ctx, c): Promise<EffectResult> {
          if ((await supplementOverdueRuleOf(tx, c.regionPath, c.variant as ApplicationKind)) !== 'lapse') throw new AppError('invalid_state', { reason: '本事项的规则是逾期仅提醒，申请保留待补正，不能视为撤回。', reasonEn: 'For this kind an overdue notice only brings reminders; the application cannot be closed as withdrawn.' });
          return { outcome: 'lapsed' };
        },
      },
      {
        event: 'accept',
        names: names('受理', 'Accept'),
        from: ['submitted'],
        // Without departments to consult (a filing, say) the case goes straight to the decision.
        to: { among: ['reviewing', 'deciding'], choose: (f) => (f.effect?.route === 'direct' ? 'deciding' : 'reviewing') },
        by: { kind: 'permission', permission: 'application.handle' },
        async effect(tx, _ctx, c): Promise<EffectResult> {
          // The application, its kind's settings in its city and the org's supervising unit in one read.
          const found = await selectForAcceptance(tx, c.id);
          if (!found) throw new Error(`application ${c.id} has a case but no details`);
          const a = found.a;
          const form = unsealForm(formOf(a.form), pii) as { supervisingUnitId?: string | null; changes?: { supervisingUnitId?: string } };
          const reviewers = new Set(found.settingReviewers ?? []);
          // Dual management: the supervising unit always reviews (the new one, for a change of unit).
          const supervisor = form.supervisingUnitId ?? form.changes?.supervisingUnitId ?? found.orgSupervisor ?? null;
          if (supervisor && a.kind !== 'filing') reviewers.add(supervisor);
          const today = todayInChina();
          const ids = reviewers.size ? sql`array[${sql.join([...reviewers].map((r) => sql`${r}::uuid`), sql`, `)}]` : sql`'{}'::uuid[]`;
          // Sent with the move (one round trip fewer for every acceptance); the review's departments become exactly these.
          const writes = [
            sql`update applications set accepted_on = ${today}::date, promised_due_on = ${await addWorkingDays(tx, today, found.promisedDays ?? DEFAULT_KIND_RULES[a.kind].promisedDays)}::date where case_id = ${c.id}::uuid`,
            sql`delete from application_review_departments where application_id = ${c.id}::uuid and department_id <> all(${ids})`,
            sql`insert into application_review_departments (application_id, department_id) select ${c.id}::uuid, d from unnest(${ids}) d on conflict do nothing`,
          ];
          if (a.kind === 'change' && a.orgId) await setOrgChanging(tx, a.orgId, true);
          if (reviewers.size === 0) return { route: 'direct', writes };
          return { route: 'review', awaits: reviewersAwaited([...reviewers]), writes };
        },
      },
      {
        event: 'giveOpinion',
        names: names('出具联审意见', 'Give opinion'),
        from: ['reviewing'],
        // All departments must answer; the last answer moves the case on to the decision.
        to: { among: ['reviewing', 'deciding'], choose: (f) => (f.openAssignments === 0 ? 'deciding' : 'reviewing') },
        by: { kind: 'department', permission: 'application.review' },
        input: ZOpinionInput,
        commentRequired: true,
      },
      {
        event: 'approve',
        names: names('准予（批准）', 'Approve'),
        from: ['deciding'],
        to: 'completed',
        by: { kind: 'permission', permission: 'application.handle' },
        async effect(tx, ctx, c): Promise<EffectResult> {
          const a = await loadApplication(tx, c.id);
          if ((await countDisagreements(tx, c.id)) > 0) throw new AppError('invalid_state', { reason: '有联审部门出具了不同意意见，不能准予；请作出不予批准的决定并说明理由。', reasonEn: 'A joint-review department disagreed, so the application cannot be approved; refuse it and give the reasons.' });
          const { form, errors } = await problemsOnSubmission(tx, pii, c, a);
          // Materials were complete at submission; only registry facts (a name taken meanwhile) can fail now.
          const blocking = errors.filter((e) => !e.path.startsWith('materials.'));
          if (blocking.length > 0) throw new AppError('validation', {}, blocking);
          const result = await approveEffect(tx, ctx, pii, c, a, form, source(c), complete);
          await tellDecision(tx, c, true);
          return result;
        },
      },
      {
        event: 'reject',
        names: names('不予批准', 'Reject'),
        from: ['submitted', 'deciding'],
        to: 'completed',
        by: { kind: 'permission', permission: 'application.handle' },
        commentRequired: true,
        async effect(tx, _ctx, c): Promise<EffectResult> {
          const a = await loadApplication(tx, c.id);
          if (a.kind === 'change' && a.orgId) await setOrgChanging(tx, a.orgId, false);
          await complete(tx, c);
          await tellDecision(tx, c, false);
          return { outcome: 'rejected' };
        },
      },
      {
        event: 'withdraw',
        names: names('撤回', 'Withdraw'),
        from: ['draft', 'submitted', 'supplementRequested'],
        to: 'withdrawn',
        by: { kind: 'owner' },
        async effect(): Promise<EffectResult> {
          return { outcome: 'withdrawn' };
        },
      },
    ],
  });
}

async function approveEffect(
  tx: Tx,
  ctx: RequestContext,
  pii: PiiCipher,
  c: CaseRow,
  a: AppRow,
  form: unknown,
  src: { caseId: string; caseNumber: string },
  complete: (tx: Tx, c: CaseRow, extra?: Partial<AppRow>) => Promise<void>,
): Promise<EffectResult> {
  const kind: ApplicationKind = a.kind;
  if (kind === 'establishment' || kind === 'filing') {
    const org = await registerOrg(tx, ctx, pii, form as EstablishmentForm, kind === 'filing' ? 'filed' : 'registered', src);
    await issueCertificate(tx, { orgId: org.id, caseId: c.id, kind: kind === 'filing' ? 'filing' : 'registration' });
    // Whoever filed online now acts for the org they founded: its first account, as its contact person (not staff
    // who filed at the counter on someone's behalf — that applicant has no account here).
    if (!a.counter && c.ownerUserId) await grantOrgAccount(tx, ctx, org.id, c.ownerUserId, src);
    await complete(tx, c, { orgId: org.id });
    return { outcome: 'approved', orgId: org.id };
  }
  if (!a.orgId) throw new Error(`application ${c.number} has no org`);
  if (kind === 'change') await applyOrgChange(tx, ctx, pii, a.orgId, (form as ChangeForm).changes, src);
  if (kind === 'deregistration') {
    await deregisterOrg(tx, ctx, a.orgId, src);
    await revokeCertificates(tx, a.orgId, `注销登记（${src.caseNumber}）`);
  }
  if (kind === 'annualReport') await recordAnnualReport(tx, ctx, a.orgId, form as Record<string, unknown>, src);
  await complete(tx, c);
  return { outcome: 'approved' };
}
