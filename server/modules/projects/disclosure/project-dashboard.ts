import { and, asc, count, desc, eq, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { PROJECT_STATE_NAMES, PROJECT_STATES } from '../../../../contracts/projects/lifecycle.js';
import { requireCityReach, selectCities } from '../../../platform/access/cities.js';
import { departmentReach, requirePermission } from '../../../platform/access/policy.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { catalogCategoryDirectory } from '../../catalog/index.js';
import { fundAllocationBalances } from '../../funds/index.js';
import { rectifications, serviceProjects } from '../projects.tables.js';

/**
 * The lifecycle dashboard for a year: projects by stage, department and category; the year's fund —
 * reserved, committed, paid, remaining; overdue steps; open and overdue rectifications. A department sees
 * its own projects and shares, a city's office its city's (issue 16 §3: the departments it reaches are its city's).
 * `cityId` keeps one city's figures — for the auditor, who reaches every city; a city the caller does not reach
 * is a 404, as any out-of-scope record.
 */
export async function projectDashboard(db: DbOrTx, ctx: RequestContext, year: number, cityId?: string) {
  requirePermission(ctx.actor, 'project.read');
  if (cityId) {
    requireCityReach(ctx.actor, 'project.read', cityId);
    // Every city is the auditor's: an id of no city (a town's, a retired city's) is still a 404, not empty figures.
    if (!(await selectCities(db, [cityId])).length) throw notFound('city');
  }
  const reach = departmentReach(ctx.actor, 'project.read');
  // Projects and fund shares are a city's through their department, which carries its city.
  const ofCity = (column: typeof serviceProjects.departmentId | typeof fundAllocationBalances.departmentId): SQL | undefined =>
    cityId ? inArray(column, db.select({ id: departments.id }).from(departments).where(eq(departments.cityId, cityId))) : undefined;
  const inReach = (column: typeof serviceProjects.departmentId | typeof fundAllocationBalances.departmentId): SQL =>
    and(reach.all ? sql`true` : reach.departmentIds.length ? inArray(column, reach.departmentIds) : sql`false`, ofCity(column))!;
  const mine = and(eq(serviceProjects.year, year), inReach(serviceProjects.departmentId));
  const budget = sql<number>`sum(${serviceProjects.budgetFen})`.mapWith(Number);
  const byStage = await db.select({ state: cases.state, n: count() }).from(serviceProjects).innerJoin(cases, eq(cases.id, serviceProjects.caseId)).where(mine).groupBy(cases.state);
  const byDepartment = await db
    .select({ id: serviceProjects.departmentId, name: departments.shortName, n: count(), budget })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .innerJoin(departments, eq(departments.id, serviceProjects.departmentId))
    .where(mine)
    .groupBy(serviceProjects.departmentId, departments.shortName)
    .orderBy(desc(count()), asc(departments.shortName));
  const byCategory = await db
    .select({ id: catalogCategoryDirectory.id, name: catalogCategoryDirectory.name, tier: catalogCategoryDirectory.tier, n: count(), budget })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .innerJoin(catalogCategoryDirectory, eq(catalogCategoryDirectory.id, serviceProjects.catalogCategoryId))
    .where(mine)
    .groupBy(catalogCategoryDirectory.id, catalogCategoryDirectory.name, catalogCategoryDirectory.tier)
    // Categories with as many projects in a tier by name, then id: a plan that changed with the size of `cases` once swapped two.
    .orderBy(asc(catalogCategoryDirectory.tier), desc(count()), asc(catalogCategoryDirectory.name), asc(catalogCategoryDirectory.id));
  const sumOf = (column: typeof fundAllocationBalances.budgetFen) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
  const [money] = await db
    .select({ total: sumOf(fundAllocationBalances.budgetFen), reserved: sumOf(fundAllocationBalances.reservedFen), committed: sumOf(fundAllocationBalances.committedFen), paid: sumOf(fundAllocationBalances.paidFen) })
    .from(fundAllocationBalances)
    .where(and(eq(fundAllocationBalances.fundYear, year), inReach(fundAllocationBalances.departmentId)));
  const today = todayInChina();
  const [steps] = await db
    .select({ overdue: count() })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .where(and(mine, isNull(cases.closedAt), lt(cases.dueOn, today)));
  const [items] = await db
    .select({ open: count(), overdue: sql<number>`count(*) filter (where ${rectifications.dueOn} < ${today})`.mapWith(Number) })
    .from(rectifications)
    .innerJoin(serviceProjects, eq(serviceProjects.caseId, rectifications.projectId))
    .where(and(mine, ne(rectifications.state, 'closed')));
  const { total, reserved, committed, paid } = money;
  return {
    year,
    byStage: PROJECT_STATES.map((s) => ({ state: s, stateName: labelOf(PROJECT_STATE_NAMES[s], ctx.lang), count: byStage.find((b) => b.state === s)?.n ?? 0 })),
    byDepartment: byDepartment.map((d) => ({ departmentId: d.id, departmentName: d.name, count: d.n, budgetFen: d.budget })),
    byCategory: byCategory.map((c) => ({ categoryId: c.id, categoryName: c.name, tier: c.tier, count: c.n, budgetFen: c.budget })),
    money: { totalFen: total, reservedFen: reserved, committedFen: committed, paidFen: paid, remainingFen: total - reserved - committed - paid },
    overdueSteps: steps.overdue,
    openRectifications: items.open,
    overdueRectifications: items.overdue,
  };
}
