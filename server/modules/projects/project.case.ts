import { clockNow } from '../../platform/clock.js';
import { eq, sql } from 'drizzle-orm';
import { formatYuan } from '../../../contracts/money.js';
import { MILESTONE_CONDITION_NAMES, PROJECT_STATE_NAMES, PROJECT_STATES, ZApproveInput, ZCloseInput, ZContractInput, ZEvaluationInput, ZPublishCallInput, type EvaluationGrade, type ProjectState } from '../../../contracts/projects.js';
import { z as zod } from 'zod';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { defineCaseType, type CaseTypeDef, type EffectResult } from '../../platform/cases/define.js';
import type { Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import { holdingsOf, moveFunds } from '../funds/index.js';
import { contractMilestones, projectBids, projectContracts, projectEvaluations, serviceProjects } from './projects.tables.js';

/** The provider's final report: what was delivered against the plan. */
const FinalReportInput = zod.strictObject({ summary: zod.string().trim().min(20, { error: '终期报告摘要至少 20 个字' }).max(10000) });
import { computeRanking } from './use-cases/procurement.js';
import type { z } from 'zod';

type ProjectRow = typeof serviceProjects.$inferSelect;

/** A call stays open at least this many working days (public notice of a purchase). */
export const MIN_CALL_WORKING_DAYS = 5;

const names = (zh: string, en: string) => ({ zh, en });

const TERMINAL_STATES: readonly ProjectState[] = ['closed', 'rejected', 'cancelled'];
const OPEN_STATES = PROJECT_STATES.filter((s) => !TERMINAL_STATES.includes(s));

export async function loadProject(tx: Tx, caseId: string): Promise<ProjectRow> {
  const [p] = await tx.select().from(serviceProjects).where(eq(serviceProjects.caseId, caseId));
  if (!p) throw new Error(`project ${caseId} has a case but no details`);
  return p;
}

async function releaseAll(tx: Tx, ctx: RequestContext, caseId: string, why: string) {
  for (const h of await holdingsOf(tx, caseId)) {
    if (h.reservedFen > 0) await moveFunds(tx, ctx, { allocationId: h.allocationId, kind: 'release', amountFen: h.reservedFen, projectId: caseId, caseId, note: why });
  }
}

/** Gives back what the project has committed and not paid (a terminated contract, a forfeited final payment). */
async function decommitAll(tx: Tx, ctx: RequestContext, caseId: string, why: string) {
  for (const h of await holdingsOf(tx, caseId)) {
    if (h.committedFen > 0) await moveFunds(tx, ctx, { allocationId: h.allocationId, kind: 'decommit', amountFen: h.committedFen, projectId: caseId, caseId, note: why });
  }
}

/** The call's notice, method and deadline, shared by its first publication and any republication. */
async function publishCall(tx: Tx, caseId: string, raw: unknown) {
  const call = raw as { procurementMethod: ProjectRow['procurementMethod']; deadline: string; notice: string };
  const earliest = await addWorkingDays(tx, todayInChina(), MIN_CALL_WORKING_DAYS);
  if (call.deadline < earliest) {
    throw new AppError('validation', {}, [
      { path: 'input.deadline', message: `申报截止日不得早于 ${earliest}（公告期至少 ${MIN_CALL_WORKING_DAYS} 个工作日）`, messageEn: `The deadline may not be before ${earliest}` },
    ]);
  }
  await tx.update(serviceProjects).set({ procurementMethod: call.procurementMethod, callDeadline: call.deadline, callNotice: call.notice, callPublishedAt: clockNow() }).where(eq(serviceProjects.caseId, caseId));
}

/**
 * Full-lifecycle supervision of a purchased service project, from the department's proposal to the
 * office's plan and the unified call. Money moves only through the fund ledger, inside the transition.
 */
export function projectCaseType(): CaseTypeDef<ProjectState> {
  return defineCaseType<ProjectState>({
    type: 'serviceProject',
    names: names('政府购买服务项目', 'Purchased service project'),
    numberPrefix: 'XM',
    states: PROJECT_STATES,
    stateNames: PROJECT_STATE_NAMES,
    initial: 'draft',
    terminal: TERMINAL_STATES,
    // Working days: the office answers a proposal within 10, publishes the call within 20 of approval,
    // and finishes procurement within 15 of the call closing. Data in case_time_limits overrides these.
    timeLimits: { proposed: 10, planned: 20, procuring: 15, evaluating: 20, closing: 15 },
    readPermission: 'project.read',
    // The proposing clerk and then the provider (the owner) file the project's documents throughout; so do the
    // office and the buying department (staff on the case: a decision, a contract scan), never over the owner's
    // checklist items (a service plan).
    attach: { owner: OPEN_STATES, staff: OPEN_STATES },
    editable: { states: ['draft'], refusal: { zh: '项目已提交立项，不能再修改；如需修改请由社工办退回。', en: 'The project has been submitted for approval and can no longer be changed; to change it, ask the social work office to send it back.' } },
    link: (c) => `/projects/${c.id}`,
    async awaits(tx, state, c) {
      const p = await loadProject(tx, c.id);
      switch (state) {
        case 'draft':
          return [{ kind: 'department', permission: 'project.propose', departmentId: p.departmentId, task: '填写项目需求并提交立项' }];
        case 'proposed':
          return [{ kind: 'permission', permission: 'project.manage', task: '审核立项' }];
        case 'planned':
          return [{ kind: 'permission', permission: 'project.manage', task: '发布统一申报公告' }];
        case 'calling':
          return [];
        case 'procuring':
          return [{ kind: 'permission', permission: 'project.manage', task: '组织专家评审并提出中标推荐' }];
        case 'noticing':
          return [{ kind: 'permission', permission: 'project.manage', task: '公示期满、异议答复后确定承接方' }];
        case 'awarded':
          return [{ kind: 'permission', permission: 'project.manage', task: '签订服务合同' }];
        case 'implementing':
          return [{ kind: 'owner', task: '开展服务，按月填报服务记录与月报，服务期满提交终期报告' }];
        case 'evaluating':
          return [{ kind: 'permission', permission: 'project.manage', task: '组织终期评估' }];
        case 'closing':
          return [{ kind: 'permission', permission: 'project.manage', task: '支付尾款并结项归档' }];
        default:
          return [];
      }
    },
    transitions: [
      {
        event: 'submit',
        names: names('提交立项', 'Submit for initiation'),
        from: ['draft'],
        to: 'proposed',
        by: { kind: 'department', permission: 'project.propose' },
      },
      {
        // The office may also propose (and submit) a project of its own or on a department's behalf.
        event: 'submit',
        names: names('提交立项', 'Submit for initiation'),
        from: ['draft'],
        to: 'proposed',
        by: { kind: 'permission', permission: 'project.manage' },
      },
      {
        event: 'return',
        names: names('退回修改', 'Return for revision'),
        from: ['proposed'],
        to: 'draft',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
      },
      {
        event: 'approve',
        names: names('批准立项（列入年度计划）', 'Approve into the plan'),
        from: ['proposed'],
        to: 'planned',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZApproveInput,
        async effect(tx, ctx, c, input): Promise<EffectResult> {
          const { lineId } = input as { lineId: string };
          const p = await loadProject(tx, c.id);
          const [alloc] = await rows<{ id: string; line_name: string; fund_year: number; department: string }>(
            tx,
            sql`select a.id, l.name as line_name, l.fund_year, d.short_name as department
                from fund_line_directory l
                left join fund_allocation_balances a on a.line_id = l.id and a.department_id = ${p.departmentId}
                left join departments d on d.id = ${p.departmentId}
                where l.id = ${lineId}`,
          );
          if (!alloc) throw new AppError('validation', {}, [{ path: 'input.lineId', message: '经费科目不存在', messageEn: 'No such fund line' }]);
          if (alloc.fund_year !== p.year) throw new AppError('validation', {}, [{ path: 'input.lineId', message: `该科目属于 ${alloc.fund_year} 年经费，项目为 ${p.year} 年度`, messageEn: 'The line belongs to another year' }]);
          if (!alloc.id) {
            throw new AppError('insufficient_funds', {
              reason: `${alloc.department ?? '该部门'}在“${alloc.line_name}”中没有经费额度，请先分配额度或选择其他科目。`,
              reasonEn: `The department has no allocation in "${alloc.line_name}".`,
            });
          }
          await moveFunds(tx, ctx, { allocationId: alloc.id, kind: 'reserve', amountFen: p.budgetFen, projectId: c.id, caseId: c.id, note: `立项预留 ${c.number}（预算 ${formatYuan(p.budgetFen)} 元）` });
          await tx.update(serviceProjects).set({ lineId, allocationId: alloc.id }).where(eq(serviceProjects.caseId, c.id));
          return { outcome: 'approved' };
        },
      },
      {
        event: 'reject',
        names: names('不予立项', 'Reject'),
        from: ['proposed'],
        to: 'rejected',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
        async effect(): Promise<EffectResult> {
          return { outcome: 'rejected' };
        },
      },
      {
        event: 'publishCall',
        names: names('发布申报公告', 'Publish the call'),
        from: ['planned'],
        to: 'calling',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZPublishCallInput,
        async effect(tx, _ctx, c, input) {
          await publishCall(tx, c.id, input);
        },
      },
      {
        event: 'closeCall',
        names: names('申报截止，进入统一采购', 'Close the call'),
        from: ['calling'],
        to: 'procuring',
        by: { kind: 'permission', permission: 'project.manage' },
        async effect(tx, _ctx, c) {
          const p = await loadProject(tx, c.id);
          if (p.callDeadline && todayInChina() <= p.callDeadline) {
            throw new AppError('invalid_state', { reason: `申报截止日为 ${p.callDeadline}，截止前不能结束申报。`, reasonEn: `Bids close on ${p.callDeadline}; the call cannot be ended before then.` });
          }
          const [bids] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from project_bids where project_id = ${c.id} and state = 'submitted'`);
          if (bids.n === 0) throw new AppError('invalid_state', { reason: '没有社会组织申报，不能进入采购；可延长申报期（重新发布公告）或终止项目。', reasonEn: 'No organization has bid, so procurement cannot start; extend the call (publish it again) or end the project.' });
          // The rubric is fixed for this project from now on: later edits to the city's rubric do not change it.
          const [rubric] = await rows<{ criteria: unknown }>(tx, sql`select criteria from scoring_rubrics where code = 'default'`);
          if (!rubric) throw new AppError('invalid_state', { reason: '尚未设置评审标准（scoring_rubrics.default），请先由管理员设置。', reasonEn: 'No scoring rubric is set (scoring_rubrics.default); an administrator must set one first.' });
          await tx.update(serviceProjects).set({ rubric: rubric.criteria }).where(eq(serviceProjects.caseId, c.id));
        },
      },
      {
        // A call that drew no bids is published again with a new deadline.
        event: 'reopenCall',
        names: names('重新发布申报公告', 'Publish the call again'),
        from: ['calling'],
        to: 'calling',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZPublishCallInput,
        async effect(tx, _ctx, c, input) {
          await publishCall(tx, c.id, input);
        },
      },
      {
        event: 'recommend',
        names: names('提出中标推荐并公示', 'Recommend and put on notice'),
        from: ['procuring'],
        to: 'noticing',
        by: { kind: 'permission', permission: 'project.manage' },
        async effect(tx, _ctx, c) {
          const [rules] = await rows<{ min_experts: number; notice_working_days: number }>(tx, sql`select min_experts, notice_working_days from scoring_rubrics where code = 'default'`);
          const ranking = await computeRanking(tx, c.id);
          const minExperts = rules?.min_experts ?? 3;
          if (ranking.declaredExperts < minExperts) throw new AppError('invalid_state', { reason: `评审专家不足：需要至少 ${minExperts} 名无利益冲突的专家，目前 ${ranking.declaredExperts} 名。`, reasonEn: `Not enough experts: at least ${minExperts} without a conflict of interest are needed, ${ranking.declaredExperts} so far.` });
          if (!ranking.complete) {
            const who = ranking.missing.map((m) => `${m.expertName}（${m.orgName}）`).join('、');
            throw new AppError('invalid_state', { reason: `评分尚未完成：${who || '尚无申报或专家'}。`, reasonEn: `Scoring is not finished: ${ranking.missing.map((m) => `${m.expertName} (${m.orgName})`).join(', ') || 'no bids or experts yet'}.` });
          }
          const today = todayInChina();
          const top = ranking.items[0];
          await tx
            .update(serviceProjects)
            .set({ recommendedBidId: top.bidId, noticeStartsOn: today, noticeEndsOn: await addWorkingDays(tx, today, rules?.notice_working_days ?? 5) })
            .where(eq(serviceProjects.caseId, c.id));
        },
      },
      {
        // An upheld objection sends the project back to the panel.
        event: 'reconsider',
        names: names('撤回推荐，重新评审', 'Withdraw the recommendation'),
        from: ['noticing'],
        to: 'procuring',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
        async effect(tx, _ctx, c) {
          await tx.update(serviceProjects).set({ recommendedBidId: null, noticeStartsOn: null, noticeEndsOn: null }).where(eq(serviceProjects.caseId, c.id));
        },
      },
      {
        event: 'award',
        names: names('确定承接方', 'Award'),
        from: ['noticing'],
        to: 'awarded',
        by: { kind: 'permission', permission: 'project.manage' },
        async effect(tx, _ctx, c): Promise<EffectResult> {
          const p = await loadProject(tx, c.id);
          if (!p.noticeEndsOn || todayInChina() <= p.noticeEndsOn) throw new AppError('invalid_state', { reason: `中标公示期至 ${p.noticeEndsOn ?? '—'}，公示期内不能确定承接方。`, reasonEn: `The award notice runs until ${p.noticeEndsOn ?? '—'}; the provider cannot be confirmed during the notice period.` });
          const [open] = await rows<{ n: number; upheld: number }>(
            tx,
            sql`select count(*) filter (where answered_at is null)::int as n, count(*) filter (where upheld)::int as upheld from project_objections where project_id = ${c.id}`,
          );
          if (open.n > 0) throw new AppError('invalid_state', { reason: `还有 ${open.n} 条公示异议未答复，答复后才能确定承接方。`, reasonEn: `Objections to the award notice still unanswered: ${open.n}; answer them before confirming the provider.` });
          if (open.upheld > 0) throw new AppError('invalid_state', { reason: '有异议经核查成立，请撤回推荐、重新评审。', reasonEn: 'An objection was upheld; withdraw the recommendation and review the bids again.' });
          const [bid] = await tx.select().from(projectBids).where(eq(projectBids.id, p.recommendedBidId!));
          await tx.update(serviceProjects).set({ awardedBidId: bid.id, awardedAt: clockNow(), providerOrgId: bid.orgId }).where(eq(serviceProjects.caseId, c.id));
          // From now on the case concerns the provider: its members see the project and act in it.
          return { orgId: bid.orgId, ownerUserId: null, outcome: 'awarded' };
        },
      },
      {
        event: 'signContract',
        names: names('签订服务合同', 'Sign the contract'),
        from: ['awarded'],
        to: 'implementing',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZContractInput,
        async effect(tx, ctx, c, raw) {
          const input = raw as z.infer<typeof ZContractInput>;
          const p = await loadProject(tx, c.id);
          const sum = input.milestones.reduce((n, m) => n + m.amountFen, 0);
          const errors: { path: string; message: string; messageEn: string }[] = [];
          if (sum !== input.valueFen) errors.push({ path: 'input.milestones', message: `付款节点金额合计 ${formatYuan(sum)} 元，与合同金额 ${formatYuan(input.valueFen)} 元不一致`, messageEn: 'The schedule does not add up to the contract value' });
          if (input.endOn < input.startOn) errors.push({ path: 'input.endOn', message: '服务期结束日不能早于开始日', messageEn: 'The end is before the start' });
          if (!input.milestones.some((m) => m.condition === 'finalEvaluation')) errors.push({ path: 'input.milestones', message: `至少保留一笔“${MILESTONE_CONDITION_NAMES.finalEvaluation.zh}”后支付的尾款`, messageEn: 'Keep a final payment after the evaluation' });
          if (errors.length) throw new AppError('validation', {}, errors);
          const [bid] = await tx.select().from(projectBids).where(eq(projectBids.id, p.awardedBidId!));
          const [held] = p.allocationId ? await holdingsOf(tx, c.id, p.allocationId) : [];
          if (!held || input.valueFen > held.reservedFen) {
            throw new AppError('insufficient_funds', {
              reason: `合同金额 ${formatYuan(input.valueFen)} 元超过项目预留经费 ${formatYuan(held?.reservedFen ?? 0)} 元。`,
              reasonEn: 'The contract value exceeds what the project has reserved.',
            });
          }
          await moveFunds(tx, ctx, { allocationId: held.allocationId, kind: 'commit', amountFen: input.valueFen, projectId: c.id, caseId: c.id, note: `合同 ${input.contractNumber}` });
          if (held.reservedFen > input.valueFen) {
            await moveFunds(tx, ctx, { allocationId: held.allocationId, kind: 'release', amountFen: held.reservedFen - input.valueFen, projectId: c.id, caseId: c.id, note: `合同金额低于预算，释放结余（${input.contractNumber}）` });
          }
          await tx.insert(projectContracts).values({ projectId: c.id, number: input.contractNumber, providerOrgId: bid.orgId, signedOn: input.signedOn, valueFen: input.valueFen, startOn: input.startOn, endOn: input.endOn, createdBy: ctx.actor!.userId });
          await tx.insert(contractMilestones).values(input.milestones.map((m, i) => ({ projectId: c.id, seq: i + 1, name: m.name, dueOn: m.dueOn, amountFen: m.amountFen, condition: m.condition })));
        },
      },
      {
        event: 'submitFinalReport',
        names: names('提交终期报告', 'Submit the final report'),
        from: ['implementing'],
        to: 'evaluating',
        by: { kind: 'owner' },
        input: FinalReportInput,
        async effect(tx, _ctx, c) {
          const [n] = await rows<{ records: number; reports: number }>(
            tx,
            sql`select (select count(*)::int from service_records where project_id = ${c.id}) as records, (select count(*)::int from project_reports where project_id = ${c.id}) as reports`,
          );
          if (n.records === 0) throw new AppError('invalid_state', { reason: '尚无服务记录，不能提交终期报告。', reasonEn: 'There are no service records yet; the final report cannot be submitted.' });
          const [open] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from rectifications where project_id = ${c.id} and state <> 'closed'`);
          if (open.n > 0) throw new AppError('invalid_state', { reason: `还有 ${open.n} 项督导整改未销号，完成整改后再提交终期报告。`, reasonEn: `Supervision rectifications still open: ${open.n}; close them before submitting the final report.` });
        },
      },
      {
        event: 'evaluate',
        names: names('完成终期评估', 'Record the final evaluation'),
        from: ['evaluating'],
        to: 'closing',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZEvaluationInput,
        async effect(tx, ctx, c, raw): Promise<EffectResult> {
          const input = raw as zod.infer<typeof ZEvaluationInput>;
          const [std] = await rows<{ criteria: { key: string; name: string; maxPoints: number; description: string }[]; bands: Record<'excellent' | 'good' | 'pass', number> }>(tx, sql`select criteria, bands from evaluation_standards where code = 'default'`);
          if (!std) throw new AppError('invalid_state', { reason: '尚未设置终期评估标准（evaluation_standards.default）。', reasonEn: 'No final evaluation standard is set (evaluation_standards.default).' });
          const errors: { path: string; message: string; messageEn: string }[] = [];
          for (const k of Object.keys(input.scores)) if (!std.criteria.some((r) => r.key === k)) errors.push({ path: `input.scores.${k}`, message: `评估标准中没有“${k}”`, messageEn: `No criterion ${k}` });
          for (const r of std.criteria) {
            const v = input.scores[r.key];
            if (v === undefined) errors.push({ path: `input.scores.${r.key}`, message: `请为“${r.name}”评分`, messageEn: `Score ${r.name}` });
            else if (v > r.maxPoints) errors.push({ path: `input.scores.${r.key}`, message: `“${r.name}”最高 ${r.maxPoints} 分，不能给 ${v} 分`, messageEn: `${r.name} is out of ${r.maxPoints}` });
          }
          if (errors.length) throw new AppError('validation', {}, errors);
          const total = std.criteria.reduce((n, r) => n + input.scores[r.key], 0);
          const grade: EvaluationGrade = total >= std.bands.excellent ? 'excellent' : total >= std.bands.good ? 'good' : total >= std.bands.pass ? 'pass' : 'fail';
          const p = await loadProject(tx, c.id);
          await tx.insert(projectEvaluations).values({ projectId: c.id, providerOrgId: p.providerOrgId!, criteria: std.criteria, scores: input.scores, total, grade, summary: input.summary, evaluatedOn: todayInChina(), evaluatorId: ctx.actor!.userId });
          return { outcome: `evaluated:${grade}` };
        },
      },
      {
        event: 'close',
        names: names('结项归档', 'Close'),
        from: ['closing'],
        to: 'closed',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZCloseInput,
        async effect(tx, ctx, c, raw): Promise<EffectResult> {
          const input = raw as zod.infer<typeof ZCloseInput>;
          const [e] = await rows<{ grade: EvaluationGrade }>(tx, sql`select grade from project_evaluations where project_id = ${c.id}`);
          const unpaid = await rows<{ name: string; condition: string; amount_fen: string }>(tx, sql`select name, condition, amount_fen::text from contract_milestones where project_id = ${c.id} and paid_at is null order by seq`);
          // A failed evaluation forfeits the payments that wait on it; everything else must be paid first.
          const blocking = unpaid.filter((m) => !(e?.grade === 'fail' && m.condition === 'finalEvaluation'));
          if (blocking.length) throw new AppError('invalid_state', { reason: `还有付款节点未支付：${blocking.map((m) => `${m.name}（${formatYuan(Number(m.amount_fen))} 元）`).join('、')}。`, reasonEn: `Milestones still unpaid: ${blocking.map((m) => `${m.name} (${formatYuan(Number(m.amount_fen))} yuan)`).join(', ')}.` });
          await decommitAll(tx, ctx, c.id, `结项：评估不合格，扣减尾款 ${c.number}`);
          await releaseAll(tx, ctx, c.id, `结项，释放剩余预留 ${c.number}`);
          await tx.update(serviceProjects).set({ closingReport: input.closingReport, closedOn: todayInChina() }).where(eq(serviceProjects.caseId, c.id));
          return { outcome: e ? `closed:${e.grade}` : 'closed' };
        },
      },
      {
        event: 'terminate',
        names: names('解除合同、终止项目', 'Terminate'),
        from: ['implementing', 'evaluating'],
        to: 'cancelled',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
        async effect(tx, ctx, c): Promise<EffectResult> {
          await decommitAll(tx, ctx, c.id, `合同解除，释放未付合同款 ${c.number}`);
          await releaseAll(tx, ctx, c.id, `项目终止，释放预留 ${c.number}`);
          return { outcome: 'terminated' };
        },
      },
      {
        event: 'withdraw',
        names: names('撤回需求', 'Withdraw'),
        from: ['draft'],
        to: 'cancelled',
        by: { kind: 'department', permission: 'project.propose' },
        async effect(): Promise<EffectResult> {
          return { outcome: 'withdrawn' };
        },
      },
      {
        event: 'cancel',
        names: names('终止项目', 'Cancel'),
        from: ['draft', 'proposed', 'planned', 'calling', 'procuring', 'noticing', 'awarded'],
        to: 'cancelled',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
        async effect(tx, ctx, c): Promise<EffectResult> {
          await releaseAll(tx, ctx, c.id, `项目终止，释放预留 ${c.number}`);
          return { outcome: 'cancelled' };
        },
      },
    ],
  });
}
