import { projectAbilities, projectListScope, projectStateOf, rolesOn } from '../project.policy.js';
import { projectBids, serviceProjects, serviceProjectTowns } from '../projects.tables.js';
import { PROJECT_LIST_SELECT, withNames, type ProjectListRow } from '../project.queries.js';
import { presentProjectSummary } from '../project.presenter.js';
import { containing } from '../../../platform/db/like.js';
import { eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { PROCUREMENT_METHOD_NAMES } from '../../../../contracts/projects/lifecycle.js';
import { type ZProjectListQuery } from '../../../../contracts/projects/initiation.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { requireCityReach, selectCities } from '../../../platform/access/cities.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import { presentCase } from '../../../platform/cases/present.js';
import { regionNames } from '../../../platform/access/names.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { preparedRows, toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { serviceDomainDirectory } from '../../catalog/index.js';
import { fundLineDirectory, projectMoney } from '../../funds/index.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';

/** Whether the list is ordered on the case's side: a state filter alone (see findProjects). */
const cursorSide = (input: z.infer<typeof ZProjectListQuery>) => !!input.state && !(input.departmentId || input.catalogCategoryId || input.townId || input.year || input.cityId);

/** Newest first (by number, which runs with time), keyset pages. */
export async function findProjects(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZProjectListQuery>) {
  requirePermission(ctx.actor, 'project.read');
  const today = todayInChina();
  const where: SQL[] = [sql`c.case_type = 'serviceProject'`, await projectListScope(db, ctx)];
  if (input.state) where.push(sql`c.state = ${input.state}`);
  if (input.cityId) {
    requireCityReach(ctx.actor, 'project.read', input.cityId);
    // An id of no city (a town's) is a 404 too, not an empty list.
    if (!(await selectCities(db, [input.cityId])).length) throw notFound('city');
    where.push(sql`p.department_id in (select d.id from departments d where d.city_id = ${input.cityId})`);
  }
  if (input.departmentId) where.push(sql`p.department_id = ${input.departmentId}`);
  if (input.catalogCategoryId) where.push(sql`p.catalog_category_id = ${input.catalogCategoryId}`);
  if (input.townId) where.push(sql`exists (select 1 from service_project_towns t where t.project_id = p.case_id and t.town_id = ${input.townId})`);
  if (input.year) where.push(sql`p.year = ${input.year}`);
  if (input.overdueOnly) where.push(sql`c.closed_at is null and c.due_on < ${today}`);
  if (input.q) where.push(sql`c.title ilike ${containing(input.q)}`);
  const after = readCursor(input.cursor, z.tuple([cursorPart.text]));
  if (after) where.push(cursorSide(input) ? sql`c.number < ${after[0]}` : sql`p.number < ${after[0]}`);
  // The same number on both sides; ordering by the side of the filter lets its (…, number) index give the
  // order: a state filter reads cases by (type, state, number), the others service_projects by (column, number).
  const order = cursorSide(input) ? sql`c.number` : sql`p.number`;
  const places = await regionNames(db);
  const found = await withNames(db, await preparedRows<ProjectListRow>(db, 'projects', sql`${PROJECT_LIST_SELECT} where ${sql.join(where, sql` and `)} order by ${order} desc limit ${input.limit + 1}`));
  const items = found.slice(0, input.limit).map((r) => presentProjectSummary(r, today, places, ctx.lang));
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > input.limit && last ? encodeCursor([last.number]) : null };
}

/** The project file: details, money from the ledger, and the case with the caller's abilities. */
export async function getProject(db: Db, ctx: RequestContext, id: string) {
  // Case access decides: staff by department or city, and — once awarded — the provider's members.
  const { c, def, assignments } = await loadVisibleCase(db, ctx.actor, id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', { entity: 'project' }, undefined, err.extra);
    throw err;
  });
  if (c.caseType !== 'serviceProject') throw notFound('project');
  const [d] = await db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      state: cases.state,
      dueOn: cases.dueOn,
      closedAt: cases.closedAt,
      updatedAt: cases.updatedAt,
      year: serviceProjects.year,
      departmentId: serviceProjects.departmentId,
      catalogCategoryId: serviceProjects.catalogCategoryId,
      budgetFen: serviceProjects.budgetFen,
      callDeadline: serviceProjects.callDeadline,
      // The same towns and bid count as the list's PROJECT_LIST_SELECT.
      townIds: sql<string[]>`array(select ${serviceProjectTowns.townId}::text from ${serviceProjectTowns} where ${serviceProjectTowns.projectId} = ${serviceProjects.caseId} order by ${serviceProjectTowns.townId})`,
      bidCount: sql<number>`(select count(*)::int from ${projectBids} where ${projectBids.projectId} = ${cases.id} and ${projectBids.state} = 'submitted')`,
      summary: serviceProjects.summary,
      domains: serviceProjects.domains,
      targetGroups: serviceProjects.targetGroups,
      durationMonths: serviceProjects.durationMonths,
      indicators: serviceProjects.indicators,
      procurementMethod: serviceProjects.procurementMethod,
      callNotice: serviceProjects.callNotice,
      callPublishedAt: serviceProjects.callPublishedAt,
      lineId: serviceProjects.lineId,
      lineName: fundLineDirectory.name,
      allocationId: serviceProjects.allocationId,
      noticeEndsOn: serviceProjects.noticeEndsOn,
    })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .leftJoin(fundLineDirectory, eq(fundLineDirectory.id, serviceProjects.lineId))
    .where(eq(cases.id, id));
  if (!d) throw new Error(`project ${id} has a case but no details`);
  // The list's row, so the file's head is presented as the list presents it.
  const row: ProjectListRow = {
    id: d.id,
    number: d.number,
    title: d.title,
    state: projectStateOf(d.state),
    due_on: d.dueOn,
    closed_at: d.closedAt,
    updated_at: d.updatedAt,
    year: d.year,
    department_id: d.departmentId,
    department_name: '',
    catalog_category_id: d.catalogCategoryId,
    category_name: '',
    tier: '',
    budget_fen: d.budgetFen,
    town_ids: d.townIds,
    call_deadline: d.callDeadline,
    bid_count: d.bidCount,
  };
  await withNames(db, [row]);
  // A domain's code means one domain within its city: the names are the buying department's city's.
  const domainNames = new Map(
    (
      await db
        .select({ code: serviceDomainDirectory.code, name: serviceDomainDirectory.name })
        .from(serviceDomainDirectory)
        .innerJoin(departments, eq(departments.cityId, serviceDomainDirectory.cityId))
        .where(eq(departments.id, d.departmentId))
    ).map((x) => [x.code, x.name]),
  );
  const money = await projectMoney(db, id);
  const roles = await rolesOn(db, ctx, c, row.department_id);
  return {
    ...presentProjectSummary(row, todayInChina(), await regionNames(db), ctx.lang),
    summary: d.summary,
    domains: d.domains.map((code) => ({ code, name: domainNames.get(code) ?? code })),
    targetGroups: d.targetGroups,
    townIds: d.townIds,
    durationMonths: d.durationMonths,
    indicators: d.indicators as { kind: 'output' | 'outcome'; name: string; target: number; unit: string }[],
    procurementMethod: d.procurementMethod,
    procurementMethodName: d.procurementMethod ? labelOf(PROCUREMENT_METHOD_NAMES[d.procurementMethod], ctx.lang) : null,
    callNotice: d.callNotice,
    callPublishedAt: toIso(d.callPublishedAt),
    funds: { lineId: d.lineId, lineName: d.lineName, allocationId: d.allocationId, ...money },
    case: await presentCase(db, ctx.actor, c, def, assignments, ctx.lang),
    abilities: projectAbilities(ctx, roles, { state: c.state, noticeEndsOn: d.noticeEndsOn }),
  };
}

