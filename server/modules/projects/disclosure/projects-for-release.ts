import { and, asc, eq, gt, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Fen } from '../../../../contracts/money.js';
import type { EvaluationGrade } from '../../../../contracts/projects/evaluation.js';
import type { MilestoneCondition } from '../../../../contracts/projects/delivery.js';
import type { ProcurementMethod, ProjectState } from '../../../../contracts/projects/lifecycle.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { cases, caseSteps } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { inSubtree, toIso } from '../../../platform/db/sql.js';
import { catalogCategoryDirectory } from '../../catalog/index.js';
import { fundLineDirectory, fundPayments } from '../../funds/index.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectStateOf } from '../project.policy.js';
import { contractMilestones, projectBids, projectContracts, projectEvaluations, serviceProjects } from '../projects.tables.js';
import { DISCLOSED_WHERE, townNamesOf } from './disclosure.shared.js';

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
  /** The case's region path: its city's node, so the city whose release it is. */
  regionPath: string;
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
const MODIFIED = sql<Date | string>`greatest(
  (select max(${caseSteps.occurredAt}) from ${caseSteps} where ${caseSteps.caseId} = ${cases.id}),
  (select max(${fundPayments.createdAt}) from ${fundPayments} where ${fundPayments.projectId} = ${cases.id}))`;

export interface ReleaseFilter {
  /** Keyset: projects after this case number (ocids sort the same way). */
  afterNumber?: string;
  /** Only projects whose public information changed at or after this moment (ISO). */
  since?: string;
  /** One project by its case number. */
  number?: string;
  /** Only the projects of the city at this region path (a project's case lies at its city's node). */
  cityPath?: string;
  limit: number;
}

/** `column = any(array[…]::uuid[])`: one array parameter list for the whole batch. */
const anyOf = (column: AnyColumn, ids: string[]) =>
  sql`${column} = any(array[${sql.join(
    ids.map((i) => sql`${i}::uuid`),
    sql`, `,
  )}]::uuid[])`;

/**
 * One batch of published projects in case-number order, with everything their releases need, in a few
 * queries for the whole batch. Memory is the batch: callers page with `afterNumber`.
 */
export async function projectsForRelease(db: DbOrTx, filter: ReleaseFilter): Promise<{ projects: ReleasedProject[]; orgs: Map<string, ReleasedOrg> }> {
  const where: SQL[] = [eq(cases.caseType, 'serviceProject'), DISCLOSED_WHERE];
  if (filter.afterNumber !== undefined) where.push(gt(cases.number, filter.afterNumber));
  if (filter.number !== undefined) where.push(eq(cases.number, filter.number));
  if (filter.since !== undefined) where.push(sql`${MODIFIED} >= ${filter.since}::timestamptz`);
  if (filter.cityPath !== undefined) where.push(inSubtree(cases.regionPath, filter.cityPath));
  const found = await db
    .select({
      id: cases.id,
      number: cases.number,
      regionPath: cases.regionPath,
      title: cases.title,
      state: cases.state,
      summary: serviceProjects.summary,
      budgetFen: serviceProjects.budgetFen,
      targetGroups: serviceProjects.targetGroups,
      townNames: townNamesOf(serviceProjects.caseId),
      departmentId: serviceProjects.departmentId,
      departmentName: departments.name,
      categoryName: catalogCategoryDirectory.name,
      // The view's fund_name is a computed field, which the builder would name unqualified.
      fundName: sql<string | null>`${fundLineDirectory}.${sql.identifier('fund_name')}`,
      lineId: fundLineDirectory.id,
      lineName: fundLineDirectory.name,
      procurementMethod: serviceProjects.procurementMethod,
      callNotice: serviceProjects.callNotice,
      callDeadline: serviceProjects.callDeadline,
      callPublishedAt: serviceProjects.callPublishedAt,
      rubric: serviceProjects.rubric,
      recommendedBidId: serviceProjects.recommendedBidId,
      noticeStartsOn: serviceProjects.noticeStartsOn,
      noticeEndsOn: serviceProjects.noticeEndsOn,
      awardedBidId: serviceProjects.awardedBidId,
      awardedAt: serviceProjects.awardedAt,
      modified: MODIFIED,
    })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .innerJoin(departments, eq(departments.id, serviceProjects.departmentId))
    .innerJoin(catalogCategoryDirectory, eq(catalogCategoryDirectory.id, serviceProjects.catalogCategoryId))
    .leftJoin(fundLineDirectory, eq(fundLineDirectory.id, serviceProjects.lineId))
    .where(and(...where))
    .orderBy(asc(cases.number))
    .limit(filter.limit);
  if (!found.length) return { projects: [], orgs: new Map() };
  const ids = found.map((r) => r.id);

  const steps = await db
    .select({ caseId: caseSteps.caseId, event: caseSteps.event, occurredAt: caseSteps.occurredAt })
    .from(caseSteps)
    .where(and(anyOf(caseSteps.caseId, ids), inArray(caseSteps.event, [...PUBLIC_EVENTS])))
    .orderBy(asc(caseSteps.caseId), asc(caseSteps.seq));
  // Sealed while the call is open: bids are read only for projects with a closeCall step (there is no way back to calling).
  const closed = [...new Set(steps.filter((s) => s.event === 'closeCall').map((s) => s.caseId))];
  const bids = closed.length
    ? await db
        .select({ id: projectBids.id, projectId: projectBids.projectId, orgId: projectBids.orgId, totalFen: projectBids.totalFen })
        .from(projectBids)
        .where(and(anyOf(projectBids.projectId, closed), eq(projectBids.state, 'submitted')))
        .orderBy(asc(projectBids.projectId), asc(projectBids.submittedAt), asc(projectBids.id))
    : [];
  const contracts = await db
    .select({
      projectId: projectContracts.projectId,
      number: projectContracts.number,
      providerOrgId: projectContracts.providerOrgId,
      signedOn: projectContracts.signedOn,
      valueFen: projectContracts.valueFen,
      startOn: projectContracts.startOn,
      endOn: projectContracts.endOn,
    })
    .from(projectContracts)
    .where(anyOf(projectContracts.projectId, ids));
  const milestones = await db
    .select({
      id: contractMilestones.id,
      projectId: contractMilestones.projectId,
      name: contractMilestones.name,
      dueOn: contractMilestones.dueOn,
      amountFen: contractMilestones.amountFen,
      condition: contractMilestones.condition,
      paidAt: contractMilestones.paidAt,
    })
    .from(contractMilestones)
    .where(anyOf(contractMilestones.projectId, ids))
    .orderBy(asc(contractMilestones.projectId), asc(contractMilestones.seq));
  // The ledger is the record of money: one transaction per `pay` movement.
  const payments = await db
    .select({ id: fundPayments.id, projectId: fundPayments.projectId, amountFen: fundPayments.amountFen, createdAt: fundPayments.createdAt })
    .from(fundPayments)
    .where(anyOf(fundPayments.projectId, ids))
    .orderBy(asc(fundPayments.projectId), asc(fundPayments.seq));
  // The grade is public (it is on the project's public page); the scores per criterion are not exported.
  const evaluations = await db
    .select({ projectId: projectEvaluations.projectId, grade: projectEvaluations.grade, evaluatedOn: projectEvaluations.evaluatedOn })
    .from(projectEvaluations)
    .where(anyOf(projectEvaluations.projectId, ids));

  const orgIds = [...new Set([...bids.map((b) => b.orgId), ...contracts.map((k) => k.providerOrgId)])];
  const orgs = new Map<string, ReleasedOrg>();
  if (orgIds.length) {
    for (const o of await db.select({ id: orgDirectory.id, name: orgDirectory.name, creditCode: orgDirectory.creditCode }).from(orgDirectory).where(anyOf(orgDirectory.id, orgIds))) {
      orgs.set(o.id, o);
    }
  }

  const group = <T,>(list: T[], keyOf: (r: T) => string) => {
    const m = new Map<string, T[]>();
    for (const r of list) {
      const key = keyOf(r);
      const at = m.get(key);
      if (at) at.push(r);
      else m.set(key, [r]);
    }
    return m;
  };
  const contractBy = new Map(contracts.map((k) => [k.projectId, k]));
  const evaluationBy = new Map(evaluations.map((e) => [e.projectId, e]));
  const stepsBy = group(steps, (s) => s.caseId);
  const bidsBy = group(bids, (b) => b.projectId);
  const milestonesBy = group(milestones, (m) => m.projectId);
  // A `pay` movement always names its project (fund_payments is read by project here).
  const paymentsBy = group(payments, (m) => m.projectId!);

  const projects = found.map((r): ReleasedProject => {
    const k = contractBy.get(r.id);
    const e = evaluationBy.get(r.id);
    return {
      id: r.id,
      number: r.number,
      regionPath: r.regionPath,
      title: r.title,
      state: projectStateOf(r.state),
      summary: r.summary,
      budgetFen: r.budgetFen,
      targetGroups: r.targetGroups,
      townNames: r.townNames ?? [],
      department: { id: r.departmentId, name: r.departmentName },
      categoryName: r.categoryName,
      fund: { name: r.fundName, lineId: r.lineId, lineName: r.lineName },
      procurementMethod: r.procurementMethod,
      callNotice: r.callNotice,
      callDeadline: r.callDeadline,
      callPublishedAt: toIso(r.callPublishedAt),
      // jsonb: the rubric copied from the settings when the call closed
      rubric: Array.isArray(r.rubric) ? (r.rubric as { name: string; maxPoints: number }[]).map((c) => ({ name: c.name, maxPoints: c.maxPoints })) : null,
      recommendedBidId: r.recommendedBidId,
      noticeStartsOn: r.noticeStartsOn,
      noticeEndsOn: r.noticeEndsOn,
      awardedBidId: r.awardedBidId,
      awardedAt: toIso(r.awardedAt),
      modified: toIso(r.modified)!,
      steps: (stepsBy.get(r.id) ?? []).map((s): ReleasedStep => ({ event: s.event, at: toIso(s.occurredAt)! })),
      bids: (bidsBy.get(r.id) ?? []).map((b) => ({ id: b.id, orgId: b.orgId, totalFen: b.totalFen })),
      contract: k ? { number: k.number, providerOrgId: k.providerOrgId, signedOn: k.signedOn, valueFen: k.valueFen, startOn: k.startOn, endOn: k.endOn } : null,
      milestones: (milestonesBy.get(r.id) ?? []).map((m) => ({ id: m.id, name: m.name, dueOn: m.dueOn, amountFen: m.amountFen, condition: m.condition, paidAt: toIso(m.paidAt) })),
      payments: (paymentsBy.get(r.id) ?? []).map((m) => ({ id: m.id, amountFen: m.amountFen, at: toIso(m.createdAt)! })),
      evaluation: e ? { grade: e.grade, evaluatedOn: e.evaluatedOn } : null,
    };
  });
  return { projects, orgs };
}
