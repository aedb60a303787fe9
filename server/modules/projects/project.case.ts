import { eq, sql } from 'drizzle-orm';
import { formatYuan } from '../../../contracts/money.js';
import { PROJECT_STATE_NAMES, PROJECT_STATES, ZApproveInput, ZPublishCallInput, type ProjectState } from '../../../contracts/projects.js';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { defineCaseType, type CaseTypeDef, type EffectResult } from '../../platform/cases/define.js';
import type { Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import { moveFunds } from '../funds/index.js';
import { serviceProjects } from './projects.tables.js';

type ProjectRow = typeof serviceProjects.$inferSelect;

/** A call stays open at least this many working days (public notice of a purchase). */
export const MIN_CALL_WORKING_DAYS = 5;

const names = (zh: string, en: string) => ({ zh, en });

export async function loadProject(tx: Tx, caseId: string): Promise<ProjectRow> {
  const [p] = await tx.select().from(serviceProjects).where(eq(serviceProjects.caseId, caseId));
  if (!p) throw new Error(`project ${caseId} has a case but no details`);
  return p;
}

/** What the project still holds in reserve, from the ledger (the only record of money). */
export async function reservedFor(tx: Tx, caseId: string): Promise<{ allocationId: string; reserved: number }[]> {
  const found = await rows<{ allocation_id: string; reserved: string }>(
    tx,
    sql`select allocation_id, sum(case kind when 'reserve' then amount_fen when 'release' then -amount_fen when 'commit' then -amount_fen else 0 end)::text as reserved
        from fund_movements where project_id = ${caseId} group by allocation_id`,
  );
  return found.map((r) => ({ allocationId: r.allocation_id, reserved: Number(r.reserved) })).filter((r) => r.reserved > 0);
}

async function releaseAll(tx: Tx, ctx: RequestContext, caseId: string, why: string) {
  for (const r of await reservedFor(tx, caseId)) await moveFunds(tx, ctx, { allocationId: r.allocationId, kind: 'release', amountFen: r.reserved, projectId: caseId, caseId, note: why });
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
    terminal: ['rejected', 'cancelled'],
    // Working days: the office answers a proposal within 10, publishes the call within 20 of approval,
    // and finishes procurement within 15 of the call closing. Data in case_time_limits overrides these.
    timeLimits: { proposed: 10, planned: 20, procuring: 15 },
    readPermission: 'project.read',
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
          return [{ kind: 'permission', permission: 'project.manage', task: '组织统一采购' }];
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
            sql`select a.id, l.name as line_name, f.year as fund_year, d.short_name as department
                from fund_lines l join funds f on f.id = l.fund_id
                left join fund_allocations a on a.line_id = l.id and a.department_id = ${p.departmentId}
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
          const call = input as { procurementMethod: ProjectRow['procurementMethod']; deadline: string; notice: string };
          const earliest = await addWorkingDays(tx, todayInChina(), MIN_CALL_WORKING_DAYS);
          if (call.deadline < earliest) {
            throw new AppError('validation', {}, [
              { path: 'input.deadline', message: `申报截止日不得早于 ${earliest}（公告期至少 ${MIN_CALL_WORKING_DAYS} 个工作日）`, messageEn: `The deadline may not be before ${earliest}` },
            ]);
          }
          await tx.update(serviceProjects).set({ procurementMethod: call.procurementMethod, callDeadline: call.deadline, callNotice: call.notice, callPublishedAt: new Date() }).where(eq(serviceProjects.caseId, c.id));
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
            throw new AppError('invalid_state', { reason: `申报截止日为 ${p.callDeadline}，截止前不能结束申报。` });
          }
          const [bids] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from project_bids where project_id = ${c.id} and state = 'submitted'`);
          if (bids.n === 0) throw new AppError('invalid_state', { reason: '没有社会组织申报，不能进入采购；可延长申报期（重新发布公告）或终止项目。' });
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
          const call = input as { procurementMethod: ProjectRow['procurementMethod']; deadline: string; notice: string };
          const earliest = await addWorkingDays(tx, todayInChina(), MIN_CALL_WORKING_DAYS);
          if (call.deadline < earliest) throw new AppError('validation', {}, [{ path: 'input.deadline', message: `申报截止日不得早于 ${earliest}`, messageEn: `The deadline may not be before ${earliest}` }]);
          await tx.update(serviceProjects).set({ procurementMethod: call.procurementMethod, callDeadline: call.deadline, callNotice: call.notice, callPublishedAt: new Date() }).where(eq(serviceProjects.caseId, c.id));
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
        from: ['draft', 'proposed', 'planned', 'calling', 'procuring'],
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
