import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { EVALUATION_GRADE_NAMES, type EvaluationGrade } from '../../../../contracts/projects/evaluation.js';
import { PROJECT_STATE_NAMES, type ProjectState } from '../../../../contracts/projects/lifecycle.js';
import type { ZOrgProject, ZOrgProjectRecord } from '../../../../contracts/orgs.js';
import { departmentReach, isOrgMember, reachesRegion, requirePermission, requireRegionReach } from '../../../platform/access/policy.js';
import { departmentNames } from '../../../platform/access/names.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';

type OrgProject = z.infer<typeof ZOrgProject>;
type OrgProjectRecord = z.infer<typeof ZOrgProjectRecord>;

interface Row {
  id: string;
  number: string;
  title: string;
  state: ProjectState;
  region_path: string;
  year: number;
  department_id: string;
  contract_number: string | null;
  value_fen: string | null;
  paid_fen: string;
  grade: EvaluationGrade | null;
  total: number | null;
  evaluated_on: string | null;
}


/**
 * The organization's purchased-service-project record: every project it was awarded as provider, with the
 * contract, what has been paid (the fund ledger's `pay` rows) and the final evaluation's grade — the grade
 * "goes on the org's record" (projects.tables.ts, project_evaluations). The projects module answers it, though
 * the route is under /orgs: the record is projects' data, and orgs, which projects depends on, must not depend on
 * projects (issue 14 §1). The org's region is read in orgs' org_directory view, the payments in funds' fund_payments.
 *
 * Who may read it: as the organization's detail — staff holding `org.read` over the org's region (out of
 * scope answers 404, audited), 403 without `org.read` — and also the organization's own members.
 */
export async function findOrgProjects(db: DbOrTx, ctx: RequestContext, orgId: string): Promise<OrgProjectRecord> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated');
  const member = isOrgMember(actor, orgId);
  if (!member) requirePermission(actor, 'org.read');
  const [org] = await rows<{ region_path: string }>(db, sql`select region_path from org_directory where id = ${orgId}`);
  if (!org) throw notFound('org');
  if (!member) requireRegionReach(actor, 'org.read', org.region_path, 'org');

  // The award sets both the case's org and the project's provider; the case's org is indexed (cases_org_idx).
  const found = await rows<Row>(
    db,
    sql`select c.id, c.number, c.title, c.state, c.region_path, p.year, p.department_id,
          k.number as contract_number, k.value_fen::text as value_fen,
          (select coalesce(sum(m.amount_fen), 0) from fund_payments m where m.project_id = c.id)::text as paid_fen,
          e.grade, e.total, e.evaluated_on::text as evaluated_on
        from cases c
        join service_projects p on p.case_id = c.id
        left join project_contracts k on k.project_id = c.id
        left join project_evaluations e on e.project_id = c.id
        where c.org_id = ${orgId} and c.case_type = 'serviceProject' and p.provider_org_id = ${orgId}
        order by p.year desc, c.number desc`,
  );

  const units = await departmentNames(db);
  const departments = departmentReach(actor, 'project.read');
  // The project file is open to whoever its case is open to: the provider's members, project.read over its
  // region (the office, auditors) and the buying department (project-access.ts). Everyone else gets the
  // public page, which keeps every project approved into the plan — an awarded one always was.
  const opens = (r: Row): OrgProject['opens'] =>
    member || reachesRegion(actor, 'project.read', r.region_path) || departments.all || departments.departmentIds.includes(r.department_id) ? 'project' : 'public';

  const items: OrgProject[] = found.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    year: r.year,
    departmentName: units.get(r.department_id)?.shortName ?? '',
    state: r.state,
    stateName: labelOf(PROJECT_STATE_NAMES[r.state], ctx.lang),
    contractNumber: r.contract_number,
    contractValueFen: r.value_fen === null ? null : Number(r.value_fen),
    paidFen: Number(r.paid_fen),
    evaluation: r.grade ? { grade: r.grade, gradeName: labelOf(EVALUATION_GRADE_NAMES[r.grade], ctx.lang), total: r.total!, evaluatedOn: r.evaluated_on! } : null,
    opens: opens(r),
  }));

  const byGrade = { excellent: 0, good: 0, pass: 0, fail: 0 };
  let latest: OrgProjectRecord['summary']['latest'] = null;
  let latestNumber = '';
  for (const it of items) {
    if (!it.evaluation) continue;
    byGrade[it.evaluation.grade] += 1;
    // The latest date; on the same day, the later project (higher case number).
    if (!latest || it.evaluation.evaluatedOn > latest.evaluatedOn || (it.evaluation.evaluatedOn === latest.evaluatedOn && it.number > latestNumber)) {
      latest = { ...it.evaluation, projectId: it.id, title: it.title };
      latestNumber = it.number;
    }
  }
  return {
    summary: {
      projectCount: items.length,
      evaluatedCount: byGrade.excellent + byGrade.good + byGrade.pass + byGrade.fail,
      contractValueFen: items.reduce((s, it) => s + (it.contractValueFen ?? 0), 0),
      paidFen: items.reduce((s, it) => s + it.paidFen, 0),
      byGrade,
      latest,
    },
    items,
  };
}
