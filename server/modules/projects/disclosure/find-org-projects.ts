import { paidTo } from './disclosure.shared.js';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { EVALUATION_GRADE_NAMES, type EvaluationGrade } from '../../../../contracts/projects/evaluation.js';
import { PROJECT_STATE_NAMES } from '../../../../contracts/projects/lifecycle.js';
import type { ZOrgProject, ZOrgProjectRecord } from '../../../../contracts/orgs.js';
import { departmentReach, isOrgMember, reachesRegion } from '../../../platform/access/policy.js';
import { departmentNames } from '../../../platform/access/names.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { fundPayments } from '../../funds/index.js';
import { orgDirectory, requireOrgVisible } from '../../orgs/index.js';
import { projectStateOf } from '../project.policy.js';
import { projectContracts, projectEvaluations, serviceProjects } from '../projects.tables.js';

type OrgProject = z.infer<typeof ZOrgProject>;
type OrgProjectRecord = z.infer<typeof ZOrgProjectRecord>;

/** What has been paid to a project: the fund ledger's `pay` rows. */

/** Evaluations of one grade among the rows. */
const gradeCount = (grade: EvaluationGrade) => sql<number>`count(*) filter (where ${projectEvaluations.grade} = ${grade})`.mapWith(Number);

/**
 * The organization's purchased-service-project record: every project it was awarded as provider, with the
 * contract, what has been paid (the fund ledger's `pay` rows) and the final evaluation's grade — the grade
 * "goes on the org's record" (projects.tables.ts, project_evaluations). The projects module answers it, though
 * the route is under /orgs: the record is projects' data, and orgs, which projects depends on, must not depend on
 * projects (issue 14 §1). The org's region is read in orgs' org_directory view, the payments in funds' fund_payments.
 *
 * Who may read it: whoever may read the organization's detail (orgs' requireOrgVisible) — its own members, and staff
 * holding `org.read` over its region; anyone else, another organization's members included, is answered 404 as
 * for a missing one (audited), so nobody can probe which ids exist.
 *
 * The rows come in keyset pages, newest year first, then the higher case number (unique); the summary — counts,
 * grades, money and the latest evaluation — is computed in SQL over every project and comes with each page.
 */
export async function findOrgProjects(db: DbOrTx, ctx: RequestContext, orgId: string, input: { limit: number; cursor?: string }): Promise<OrgProjectRecord> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated');
  const [org] = await db.select({ regionPath: orgDirectory.regionPath }).from(orgDirectory).where(eq(orgDirectory.id, orgId));
  if (!org) throw notFound('org');
  requireOrgVisible(actor, { id: orgId, region_path: org.regionPath });
  const member = isOrgMember(actor, orgId);
  const after = readCursor(input.cursor, z.tuple([cursorPart.int, cursorPart.text]));

  // The award sets both the case's org and the project's provider; the case's org is indexed (cases_org_idx).
  const awarded = and(eq(cases.orgId, orgId), eq(cases.caseType, 'serviceProject'), eq(serviceProjects.providerOrgId, orgId));
  const keyset = keysetAfter('desc', [serviceProjects.year, cases.number], after && [sql`${after[0]}::int`, sql`${after[1]}::text`]);
  const found = await db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      state: cases.state,
      regionPath: cases.regionPath,
      year: serviceProjects.year,
      departmentId: serviceProjects.departmentId,
      contractNumber: projectContracts.number,
      valueFen: projectContracts.valueFen,
      paidFen: paidTo(cases.id),
      grade: projectEvaluations.grade,
      total: projectEvaluations.total,
      evaluatedOn: projectEvaluations.evaluatedOn,
    })
    .from(cases)
    .innerJoin(serviceProjects, eq(serviceProjects.caseId, cases.id))
    .leftJoin(projectContracts, eq(projectContracts.projectId, cases.id))
    .leftJoin(projectEvaluations, eq(projectEvaluations.projectId, cases.id))
    .where(and(awarded, keyset))
    .orderBy(desc(serviceProjects.year), desc(cases.number))
    .limit(input.limit + 1);
  const page = keysetPage(found, input.limit, (r) => [r.year, r.number]);

  // Every project's totals, and the latest evaluation (the latest date; on the same day, the higher case number).
  const mine = db.$with('mine').as(
    db
      .select({ id: cases.id, number: cases.number, title: cases.title, regionPath: cases.regionPath, departmentId: serviceProjects.departmentId })
      .from(cases)
      .innerJoin(serviceProjects, eq(serviceProjects.caseId, cases.id))
      .where(awarded),
  );
  const [t] = await db
    .with(mine)
    .select({
      projectCount: count(),
      evaluatedCount: count(projectEvaluations.grade),
      excellent: gradeCount('excellent'),
      good: gradeCount('good'),
      pass: gradeCount('pass'),
      fail: gradeCount('fail'),
      contractValueFen: sql<number>`coalesce(sum(${projectContracts.valueFen}), 0)`.mapWith(Number),
      paidFen: sql<number>`(select coalesce(sum(${fundPayments.amountFen}), 0) from ${fundPayments} where ${fundPayments.projectId} in (select ${mine.id} from ${mine}))`.mapWith(Number),
    })
    .from(mine)
    .leftJoin(projectContracts, eq(projectContracts.projectId, mine.id))
    .leftJoin(projectEvaluations, eq(projectEvaluations.projectId, mine.id));
  const [latest] = await db
    .with(mine)
    .select({ id: mine.id, title: mine.title, regionPath: mine.regionPath, departmentId: mine.departmentId, grade: projectEvaluations.grade, total: projectEvaluations.total, evaluatedOn: projectEvaluations.evaluatedOn })
    .from(mine)
    .innerJoin(projectEvaluations, eq(projectEvaluations.projectId, mine.id))
    .orderBy(desc(projectEvaluations.evaluatedOn), desc(mine.number))
    .limit(1);

  const units = await departmentNames(db);
  const departments = departmentReach(actor, 'project.read');
  // The project file is open to whoever its case is open to: the provider's members, project.read over its
  // region (the office, auditors) and the buying department (project-access.ts). Everyone else gets the
  // public page, which keeps every project approved into the plan — an awarded one always was.
  const opens = (r: { regionPath: string; departmentId: string }): OrgProject['opens'] =>
    member || reachesRegion(actor, 'project.read', r.regionPath) || departments.all || departments.departmentIds.includes(r.departmentId) ? 'project' : 'public';
  const evaluation = (grade: EvaluationGrade, total: number, evaluatedOn: string) => ({ grade, gradeName: labelOf(EVALUATION_GRADE_NAMES[grade], ctx.lang), total, evaluatedOn });

  const items: OrgProject[] = page.items.map((r) => {
    const state = projectStateOf(r.state);
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      year: r.year,
      departmentName: units.get(r.departmentId)?.shortName ?? '',
      state,
      stateName: labelOf(PROJECT_STATE_NAMES[state], ctx.lang),
      contractNumber: r.contractNumber,
      contractValueFen: r.valueFen,
      paidFen: r.paidFen,
      evaluation: r.grade ? evaluation(r.grade, r.total!, r.evaluatedOn!) : null,
      opens: opens(r),
    };
  });

  return {
    summary: {
      projectCount: t.projectCount,
      evaluatedCount: t.evaluatedCount,
      contractValueFen: t.contractValueFen,
      paidFen: t.paidFen,
      byGrade: { excellent: t.excellent, good: t.good, pass: t.pass, fail: t.fail },
      latest: latest ? { ...evaluation(latest.grade, latest.total, latest.evaluatedOn), projectId: latest.id, title: latest.title, opens: opens(latest) } : null,
    },
    items,
    nextCursor: page.nextCursor,
  };
}
