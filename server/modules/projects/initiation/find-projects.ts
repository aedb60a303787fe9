import { projectAbilities, rolesOn } from '../project.policy.js';
import { containing } from '../../../platform/db/like.js';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { PROCUREMENT_METHOD_NAMES, PROJECT_STATE_NAMES, type ProjectState } from '../../../../contracts/projects/lifecycle.js';
import { type ZProjectListQuery } from '../../../../contracts/projects/initiation.js';
import { departmentReach, requirePermission } from '../../../platform/access/policy.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import { presentCase } from '../../../platform/cases/present.js';
import { departmentNames, namesInCodeOrder, regionNames, type RegionName } from '../../../platform/access/names.js';
import { categoryNames } from '../../catalog/index.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { preparedRows, rows, toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { projectMoney } from '../../funds/index.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import type { Lang } from '../../../platform/errors/messages.js';

type Num = string | number;

interface ProjectListRow {
  id: string;
  number: string;
  title: string;
  state: ProjectState;
  due_on: string | null;
  closed_at: Date | string | null;
  updated_at: Date | string;
  year: number;
  department_id: string;
  department_name: string;
  catalog_category_id: string;
  category_name: string;
  tier: string;
  budget_fen: Num;
  town_ids: string[] | null;
  call_deadline: string | null;
  bid_count: number;
}

const SELECT = sql`
  select c.id, c.number, c.title, c.state, c.due_on::text as due_on, c.closed_at, c.updated_at,
         p.year, p.department_id, null as department_name, p.catalog_category_id, null as category_name, null as tier,
         p.budget_fen, p.call_deadline::text as call_deadline,
         array(select t.town_id::text from service_project_towns t where t.project_id = p.case_id order by t.town_id) as town_ids,
         (select count(*)::int from project_bids b where b.project_id = c.id and b.state = 'submitted') as bid_count
  from service_projects p
  join cases c on c.id = p.case_id`;

/**
 * The department's and category's names, from memory: with two more joins PostgreSQL spent three times as
 * long planning the list's query as running it. Filled in place, so each row keeps the shape pg gave it.
 */
async function named<R extends ProjectListRow>(db: DbOrTx, found: R[]): Promise<R[]> {
  const units = await departmentNames(db);
  const categories = await categoryNames(db);
  for (const r of found) {
    r.department_name = units.get(r.department_id)?.shortName ?? '';
    const category = categories.get(r.catalog_category_id);
    r.category_name = category?.name ?? '';
    r.tier = category?.tier ?? '';
  }
  return found;
}

function presentSummary(r: ProjectListRow, today: string, places: ReadonlyMap<string, RegionName>, lang: Lang) {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    stateName: labelOf(PROJECT_STATE_NAMES[r.state], lang) ?? r.state,
    year: r.year,
    departmentId: r.department_id,
    departmentName: r.department_name,
    catalogCategoryId: r.catalog_category_id,
    categoryName: r.category_name,
    tier: r.tier,
    budgetFen: Number(r.budget_fen),
    townNames: namesInCodeOrder(places, r.town_ids),
    dueOn: r.due_on,
    overdue: !r.closed_at && !!r.due_on && r.due_on < today,
    callDeadline: r.call_deadline,
    bidCount: r.bid_count,
    updatedAt: toIso(r.updated_at)!,
  };
}

/** Projects the caller may see: the office and auditors all of them, a department those it buys. */
function visibility(ctx: RequestContext): SQL {
  const reach = departmentReach(ctx.actor, 'project.read');
  if (reach.all) return sql`true`;
  if (!reach.departmentIds.length) return sql`false`;
  return sql`p.department_id in (${sql.join(reach.departmentIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
}

/** Whether the list is ordered on the case's side: a state filter alone (see findProjects). */
const cursorSide = (input: z.infer<typeof ZProjectListQuery>) => !!input.state && !(input.departmentId || input.catalogCategoryId || input.townId || input.year);

/** Newest first (by number, which runs with time), keyset pages. */
export async function findProjects(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZProjectListQuery>) {
  requirePermission(ctx.actor, 'project.read');
  const today = todayInChina();
  const where: SQL[] = [sql`c.case_type = 'serviceProject'`, visibility(ctx)];
  if (input.state) where.push(sql`c.state = ${input.state}`);
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
  const found = await named(db, await preparedRows<ProjectListRow>(db, 'projects', sql`${SELECT} where ${sql.join(where, sql` and `)} order by ${order} desc limit ${input.limit + 1}`));
  const items = found.slice(0, input.limit).map((r) => presentSummary(r, today, places, ctx.lang));
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
  const [row] = await rows<ProjectListRow & { summary: string; domains: string[]; target_groups: string[]; duration_months: number; indicators: unknown; procurement_method: keyof typeof PROCUREMENT_METHOD_NAMES | null; call_notice: string | null; call_published_at: Date | string | null; line_id: string | null; line_name: string | null; allocation_id: string | null; notice_ends_on: string | null }>(
    db,
    sql`select s.*, p.summary, p.domains, p.target_groups, p.duration_months, p.indicators, p.procurement_method, p.call_notice, p.call_published_at, p.line_id, l.name as line_name, p.allocation_id, p.notice_ends_on::text
        from (${SELECT} where c.id = ${id}) s
        join service_projects p on p.case_id = s.id
        left join fund_line_directory l on l.id = p.line_id`,
  );
  await named(db, [row]);
  const domainNames = new Map((await rows<{ code: string; name: string }>(db, sql`select code, name from service_domain_directory`)).map((d) => [d.code, d.name]));
  const money = await projectMoney(db, id);
  const roles = await rolesOn(db, ctx, c, row.department_id);
  return {
    ...presentSummary(row, todayInChina(), await regionNames(db), ctx.lang),
    summary: row.summary,
    domains: row.domains.map((code) => ({ code, name: domainNames.get(code) ?? code })),
    targetGroups: row.target_groups,
    townIds: row.town_ids ?? [],
    durationMonths: row.duration_months,
    indicators: row.indicators as { kind: 'output' | 'outcome'; name: string; target: number; unit: string }[],
    procurementMethod: row.procurement_method,
    procurementMethodName: row.procurement_method ? labelOf(PROCUREMENT_METHOD_NAMES[row.procurement_method], ctx.lang) : null,
    callNotice: row.call_notice,
    callPublishedAt: toIso(row.call_published_at),
    funds: { lineId: row.line_id, lineName: row.line_name, allocationId: row.allocation_id, ...money },
    case: await presentCase(db, ctx.actor, c, def, assignments, ctx.lang),
    abilities: projectAbilities(ctx, roles, { state: c.state, noticeEndsOn: row.notice_ends_on }),
  };
}

/**
 * Calls open today, for organizations deciding where to bid — public, like the notice on a noticeboard.
 * A call stays listed through its deadline day. The soonest deadline first, in keyset pages.
 */
export async function findOpenCalls(db: DbOrTx, lang: Lang, input: { limit: number; cursor?: string }) {
  const today = todayInChina();
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.text]));
  const keyset = keysetAfter('asc', [sql`p.call_deadline`, sql`s.number`], after && [sql`${after[0]}::date`, sql`${after[1]}`]);
  const places = await regionNames(db);
  const found = await named(
    db,
    await rows<ProjectListRow & { summary: string; duration_months: number; indicators: unknown; procurement_method: keyof typeof PROCUREMENT_METHOD_NAMES; call_notice: string; call_published_at: Date | string }>(
      db,
      sql`select s.*, p.summary, p.duration_months, p.indicators, p.procurement_method, p.call_notice, p.call_published_at
        from (${SELECT} where c.state = 'calling' and p.call_deadline >= ${today}) s
        join service_projects p on p.case_id = s.id
        where ${keyset ?? sql`true`}
        order by p.call_deadline, s.number
        limit ${input.limit + 1}`,
    ),
  );
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.call_deadline!, r.number]);
  return { nextCursor, items: items.map((r) => ({
    projectId: r.id,
    number: r.number,
    title: r.title,
    departmentName: r.department_name,
    categoryName: r.category_name,
    summary: r.summary,
    budgetFen: Number(r.budget_fen),
    durationMonths: r.duration_months,
    townNames: namesInCodeOrder(places, r.town_ids),
    procurementMethodName: labelOf(PROCUREMENT_METHOD_NAMES[r.procurement_method], lang),
    notice: r.call_notice,
    deadline: r.call_deadline!,
    publishedAt: toIso(r.call_published_at)!,
    indicators: r.indicators as { kind: 'output' | 'outcome'; name: string; target: number; unit: string }[],
  })) };
}
