import { sql, type SQL } from 'drizzle-orm';
import type { Fen } from '../../../../contracts/money.js';
import type { EvaluationGrade } from '../../../../contracts/projects/evaluation.js';
import type { MilestoneCondition } from '../../../../contracts/projects/delivery.js';
import type { ProcurementMethod, ProjectState } from '../../../../contracts/projects/lifecycle.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import { DISCLOSED_WHERE } from './disclosure.js';

/**
 * Published projects for open data (the opendata module compiles them into OCDS releases): only what the public
 * may see. A project is published from its approval into the plan on (drafts, proposals and rejected proposals
 * are internal); a cancelled project stays published if it had been approved — the portal's rule
 * (DISCLOSED_WHERE). Bids are read only for calls that have closed, and only who bid and the winner's price —
 * never plans, teams (people's names) or expert scores. The projects module owns this read (issue 14 §1); the
 * orgs, funds and catalog data come through their owners' views.
 */

export interface ReleasedStep {
  event: string;
  at: string;
}

export interface ReleasedOrg {
  id: string;
  name: string;
  creditCode: string | null;
}

export interface ReleasedProject {
  id: string;
  number: string;
  title: string;
  state: ProjectState;
  summary: string;
  budgetFen: Fen;
  targetGroups: string[];
  townNames: string[];
  department: { id: string; name: string };
  categoryName: string;
  fund: { name: string | null; lineId: string | null; lineName: string | null };
  procurementMethod: ProcurementMethod | null;
  callNotice: string | null;
  callDeadline: string | null;
  callPublishedAt: string | null;
  rubric: { name: string; maxPoints: number }[] | null;
  recommendedBidId: string | null;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  awardedBidId: string | null;
  awardedAt: string | null;
  /** The latest public change: the release date. */
  modified: string;
  steps: ReleasedStep[];
  /** Live bids, only once the call has closed. */
  bids: { id: string; orgId: string; totalFen: Fen }[];
  contract: { number: string; providerOrgId: string; signedOn: string; valueFen: Fen; startOn: string; endOn: string } | null;
  milestones: { id: string; name: string; dueOn: string; amountFen: Fen; condition: MilestoneCondition; paidAt: string | null }[];
  /** `pay` rows of the fund ledger. */
  payments: { id: string; amountFen: Fen; at: string }[];
  evaluation: { grade: EvaluationGrade; evaluatedOn: string } | null;
}

/** Events that change what the public sees; the release date is the latest of them or of a payment. */
const PUBLIC_EVENTS = ['approve', 'publishCall', 'reopenCall', 'closeCall', 'recommend', 'reconsider', 'award', 'signContract', 'submitFinalReport', 'evaluate', 'close', 'terminate', 'cancel'] as const;

/** The moment the public information last changed: the latest lifecycle step or payment. */
const MODIFIED = sql`greatest(
  (select max(s.occurred_at) from case_steps s where s.case_id = c.id),
  (select max(m.created_at) from fund_payments m where m.project_id = c.id))`;

interface ProjectRow {
  id: string;
  number: string;
  title: string;
  state: ProjectState;
  summary: string;
  budget_fen: string;
  target_groups: string[];
  town_names: string[] | null;
  department_id: string;
  department_name: string;
  category_name: string;
  fund_name: string | null;
  line_id: string | null;
  line_name: string | null;
  procurement_method: ProcurementMethod | null;
  call_notice: string | null;
  call_deadline: string | null;
  call_published_at: Date | string | null;
  rubric: { name: string; maxPoints: number }[] | null;
  recommended_bid_id: string | null;
  notice_starts_on: string | null;
  notice_ends_on: string | null;
  awarded_bid_id: string | null;
  awarded_at: Date | string | null;
  modified: Date | string;
}

export interface ReleaseFilter {
  /** Keyset: projects after this case number (ocids sort the same way). */
  afterNumber?: string;
  /** Only projects whose public information changed at or after this moment (ISO). */
  since?: string;
  /** One project by its case number. */
  number?: string;
  limit: number;
}

const uuids = (ids: string[]) =>
  sql`array[${sql.join(
    ids.map((i) => sql`${i}::uuid`),
    sql`, `,
  )}]::uuid[]`;

/**
 * One batch of published projects in case-number order, with everything their releases need, in a few
 * queries for the whole batch. Memory is the batch: callers page with `afterNumber`.
 */
export async function projectsForRelease(db: DbOrTx, filter: ReleaseFilter): Promise<{ projects: ReleasedProject[]; orgs: Map<string, ReleasedOrg> }> {
  const where: SQL[] = [sql`c.case_type = 'serviceProject'`, DISCLOSED_WHERE];
  if (filter.afterNumber !== undefined) where.push(sql`c.number > ${filter.afterNumber}`);
  if (filter.number !== undefined) where.push(sql`c.number = ${filter.number}`);
  if (filter.since !== undefined) where.push(sql`x.modified >= ${filter.since}::timestamptz`);
  const found = await rows<ProjectRow>(
    db,
    sql`select c.id, c.number, c.title, c.state, p.summary, p.budget_fen::text, p.target_groups,
               (select array_agg(r.name order by r.code) from service_project_towns t join regions r on r.id = t.town_id where t.project_id = p.case_id) as town_names,
               p.department_id, d.name as department_name, cc.name as category_name,
               l.fund_name, l.id as line_id, l.name as line_name,
               p.procurement_method, p.call_notice, p.call_deadline::text, p.call_published_at, p.rubric,
               p.recommended_bid_id, p.notice_starts_on::text, p.notice_ends_on::text, p.awarded_bid_id, p.awarded_at,
               x.modified
        from service_projects p
        join cases c on c.id = p.case_id
        join departments d on d.id = p.department_id
        join catalog_category_directory cc on cc.id = p.catalog_category_id
        left join fund_line_directory l on l.id = p.line_id
        cross join lateral (select ${MODIFIED} as modified) x
        where ${sql.join(where, sql` and `)}
        order by c.number
        limit ${filter.limit}`,
  );
  if (!found.length) return { projects: [], orgs: new Map() };
  const ids = uuids(found.map((r) => r.id));

  const steps = await rows<{ case_id: string; event: string; occurred_at: Date | string }>(
    db,
    sql`select case_id, event, occurred_at from case_steps
        where case_id = any(${ids}) and event in (${sql.join(
          PUBLIC_EVENTS.map((e) => sql`${e}`),
          sql`, `,
        )})
        order by case_id, seq`,
  );
  // Sealed while the call is open: bids are read only for projects with a closeCall step (there is no way back to calling).
  const closed = [...new Set(steps.filter((s) => s.event === 'closeCall').map((s) => s.case_id))];
  const bids = closed.length
    ? await rows<{ id: string; project_id: string; org_id: string; total_fen: string }>(
        db,
        sql`select id, project_id, org_id, total_fen::text from project_bids
            where project_id = any(${uuids(closed)}) and state = 'submitted'
            order by project_id, submitted_at, id`,
      )
    : [];
  const contracts = await rows<{ project_id: string; number: string; provider_org_id: string; signed_on: string; value_fen: string; start_on: string; end_on: string }>(
    db,
    sql`select project_id, number, provider_org_id, signed_on::text, value_fen::text, start_on::text, end_on::text from project_contracts where project_id = any(${ids})`,
  );
  const milestones = await rows<{ id: string; project_id: string; name: string; due_on: string; amount_fen: string; condition: MilestoneCondition; paid_at: Date | string | null }>(
    db,
    sql`select id, project_id, name, due_on::text, amount_fen::text, condition, paid_at from contract_milestones where project_id = any(${ids}) order by project_id, seq`,
  );
  // The ledger is the record of money: one transaction per `pay` movement.
  const payments = await rows<{ id: string; project_id: string; amount_fen: string; created_at: Date | string }>(
    db,
    sql`select id, project_id, amount_fen::text, created_at from fund_payments where project_id = any(${ids}) order by project_id, seq`,
  );
  // The grade is public (it is on the project's public page); the scores per criterion are not exported.
  const evaluations = await rows<{ project_id: string; grade: EvaluationGrade; evaluated_on: string }>(
    db,
    sql`select project_id, grade, evaluated_on::text from project_evaluations where project_id = any(${ids})`,
  );

  const orgIds = [...new Set([...bids.map((b) => b.org_id), ...contracts.map((k) => k.provider_org_id)])];
  const orgs = new Map<string, ReleasedOrg>();
  if (orgIds.length) {
    for (const o of await rows<{ id: string; name: string; credit_code: string | null }>(db, sql`select id, name, credit_code from org_directory where id = any(${uuids(orgIds)})`)) {
      orgs.set(o.id, { id: o.id, name: o.name, creditCode: o.credit_code });
    }
  }

  const group = <T extends { project_id?: string; case_id?: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of list) {
      const key = (r.project_id ?? r.case_id)!;
      const at = m.get(key);
      if (at) at.push(r);
      else m.set(key, [r]);
    }
    return m;
  };
  const contractBy = new Map(contracts.map((k) => [k.project_id, k]));
  const evaluationBy = new Map(evaluations.map((e) => [e.project_id, e]));
  const stepsBy = group(steps);
  const bidsBy = group(bids);
  const milestonesBy = group(milestones);
  const paymentsBy = group(payments);

  const projects = found.map((r): ReleasedProject => {
    const k = contractBy.get(r.id);
    const e = evaluationBy.get(r.id);
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      state: r.state,
      summary: r.summary,
      budgetFen: Number(r.budget_fen),
      targetGroups: r.target_groups,
      townNames: r.town_names ?? [],
      department: { id: r.department_id, name: r.department_name },
      categoryName: r.category_name,
      fund: { name: r.fund_name, lineId: r.line_id, lineName: r.line_name },
      procurementMethod: r.procurement_method,
      callNotice: r.call_notice,
      callDeadline: r.call_deadline,
      callPublishedAt: toIso(r.call_published_at),
      rubric: Array.isArray(r.rubric) ? r.rubric.map((c) => ({ name: c.name, maxPoints: c.maxPoints })) : null,
      recommendedBidId: r.recommended_bid_id,
      noticeStartsOn: r.notice_starts_on,
      noticeEndsOn: r.notice_ends_on,
      awardedBidId: r.awarded_bid_id,
      awardedAt: toIso(r.awarded_at),
      modified: toIso(r.modified)!,
      steps: (stepsBy.get(r.id) ?? []).map((s): ReleasedStep => ({ event: s.event, at: toIso(s.occurred_at)! })),
      bids: (bidsBy.get(r.id) ?? []).map((b) => ({ id: b.id, orgId: b.org_id, totalFen: Number(b.total_fen) })),
      contract: k ? { number: k.number, providerOrgId: k.provider_org_id, signedOn: k.signed_on, valueFen: Number(k.value_fen), startOn: k.start_on, endOn: k.end_on } : null,
      milestones: (milestonesBy.get(r.id) ?? []).map((m) => ({ id: m.id, name: m.name, dueOn: m.due_on, amountFen: Number(m.amount_fen), condition: m.condition, paidAt: toIso(m.paid_at) })),
      payments: (paymentsBy.get(r.id) ?? []).map((m) => ({ id: m.id, amountFen: Number(m.amount_fen), at: toIso(m.created_at)! })),
      evaluation: e ? { grade: e.grade, evaluatedOn: e.evaluated_on } : null,
    };
  });
  return { projects, orgs };
}
