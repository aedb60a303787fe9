import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { EVALUATION_GRADE_NAMES, type EvaluationGrade } from '../../../../contracts/projects/evaluation.js';
import { PROJECT_STATE_NAMES, type ProjectState } from '../../../../contracts/projects/lifecycle.js';
import type { ZOrgProject, ZOrgProjectRecord } from '../../../../contracts/orgs.js';
import { departmentReach, isOrgMember, reachesRegion, requirePermission, requireRegionReach } from '../../../platform/access/policy.js';
import { departmentNames } from '../../../platform/access/names.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';

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

interface SummaryRow {
  project_count: number;
  evaluated_count: number;
  excellent: number;
  good: number;
  pass: number;
  fail: number;
  contract_value_fen: string;
  paid_fen: string;
  latest_id: string | null;
  latest_title: string | null;
  latest_region_path: string | null;
  latest_department_id: string | null;
  latest_grade: EvaluationGrade | null;
  latest_total: number | null;
  latest_evaluated_on: string | null;
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
 *
 * The rows come in keyset pages, newest year first, then the higher case number (unique); the summary — counts,
 * grades, money and the latest evaluation — is computed in SQL over every project and comes with each page.
 */
export async function findOrgProjects(db: DbOrTx, ctx: RequestContext, orgId: string, input: { limit: number; cursor?: string }): Promise<OrgProjectRecord> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated');
  const member = isOrgMember(actor, orgId);
  if (!member) requirePermission(actor, 'org.read');
  const [org] = await rows<{ region_path: string }>(db, sql`select region_path from org_directory where id = ${orgId}`);
  if (!org) throw notFound('org');
  if (!member) requireRegionReach(actor, 'org.read', org.region_path, 'org');
  const after = readCursor(input.cursor, z.tuple([cursorPart.int, cursorPart.text]));

  // The award sets both the case's org and the project's provider; the case's org is indexed (cases_org_idx).
  const awarded = sql`c.org_id = ${orgId} and c.case_type = 'serviceProject' and p.provider_org_id = ${orgId}`;
  const keyset = keysetAfter('desc', [sql`p.year`, sql`c.number`], after && [sql`${after[0]}::int`, sql`${after[1]}::text`]);
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
        where ${awarded} and ${keyset ?? sql`true`}
        order by p.year desc, c.number desc
        limit ${input.limit + 1}`,
  );
  const page = keysetPage(found, input.limit, (r) => [r.year, r.number]);

  // Every project's totals, and the latest evaluation (the latest date; on the same day, the higher case number).
  const [totals] = await rows<SummaryRow>(
    db,
    sql`with mine as (select c.id, c.number, c.title, c.region_path, p.department_id from cases c join service_projects p on p.case_id = c.id where ${awarded}),
        latest as (
          select mine.id, mine.title, mine.region_path, mine.department_id, e.grade, e.total, e.evaluated_on::text as evaluated_on
          from mine join project_evaluations e on e.project_id = mine.id
          order by e.evaluated_on desc, mine.number desc limit 1
        ),
        totals as (
          select count(*)::int as project_count, count(e.grade)::int as evaluated_count,
                 count(*) filter (where e.grade = 'excellent')::int as excellent, count(*) filter (where e.grade = 'good')::int as good,
                 count(*) filter (where e.grade = 'pass')::int as pass, count(*) filter (where e.grade = 'fail')::int as fail,
                 coalesce(sum(k.value_fen), 0)::text as contract_value_fen,
                 (select coalesce(sum(m.amount_fen), 0) from fund_payments m where m.project_id in (select id from mine))::text as paid_fen
          from mine left join project_contracts k on k.project_id = mine.id left join project_evaluations e on e.project_id = mine.id
        )
        select totals.*, latest.id as latest_id, latest.title as latest_title, latest.region_path as latest_region_path, latest.department_id as latest_department_id,
               latest.grade as latest_grade, latest.total as latest_total, latest.evaluated_on as latest_evaluated_on
        from totals left join latest on true`,
  );

  const units = await departmentNames(db);
  const departments = departmentReach(actor, 'project.read');
  // The project file is open to whoever its case is open to: the provider's members, project.read over its
  // region (the office, auditors) and the buying department (project-access.ts). Everyone else gets the
  // public page, which keeps every project approved into the plan — an awarded one always was.
  const opens = (r: { region_path: string; department_id: string }): OrgProject['opens'] =>
    member || reachesRegion(actor, 'project.read', r.region_path) || departments.all || departments.departmentIds.includes(r.department_id) ? 'project' : 'public';
  const evaluation = (grade: EvaluationGrade, total: number, evaluatedOn: string) => ({ grade, gradeName: labelOf(EVALUATION_GRADE_NAMES[grade], ctx.lang), total, evaluatedOn });

  const items: OrgProject[] = page.items.map((r) => ({
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
    evaluation: r.grade ? evaluation(r.grade, r.total!, r.evaluated_on!) : null,
    opens: opens(r),
  }));

  const t = totals;
  return {
    summary: {
      projectCount: t.project_count,
      evaluatedCount: t.evaluated_count,
      contractValueFen: Number(t.contract_value_fen),
      paidFen: Number(t.paid_fen),
      byGrade: { excellent: t.excellent, good: t.good, pass: t.pass, fail: t.fail },
      latest: t.latest_id
        ? { ...evaluation(t.latest_grade!, t.latest_total!, t.latest_evaluated_on!), projectId: t.latest_id, title: t.latest_title!, opens: opens({ region_path: t.latest_region_path!, department_id: t.latest_department_id! }) }
        : null,
    },
    items,
    nextCursor: page.nextCursor,
  };
}
