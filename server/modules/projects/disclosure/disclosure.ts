import { containing } from '../../../platform/db/like.js';
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { EVALUATION_GRADE_NAMES } from '../../../../contracts/projects/evaluation.js';
import { MEETING_KIND_NAMES } from '../../../../contracts/meetings.js';
import { PROCUREMENT_METHOD_NAMES, PROJECT_STATE_NAMES, PROJECT_STATES, type ProjectState } from '../../../../contracts/projects/lifecycle.js';
import { type ZPublicProjectQuery } from '../../../../contracts/projects/disclosure.js';
import { departmentReach, requirePermission } from '../../../platform/access/policy.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { departments, regions } from '../../../platform/access/scope.tables.js';
import { cases, caseSteps } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { catalogCategoryDirectory } from '../../catalog/index.js';
import { fundAllocationBalances, fundPayments } from '../../funds/index.js';
import { meetingsOfProjects, type ProjectMeeting } from '../../meetings/index.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectStateOf } from '../project.policy.js';
import { projectBids, projectContracts, projectEvaluations, rectifications, serviceProjectTowns, serviceProjects } from '../projects.tables.js';

/** States a project is disclosed in: from the plan on. */
const DISCLOSED: ProjectState[] = ['planned', 'calling', 'procuring', 'noticing', 'awarded', 'implementing', 'evaluating', 'closing', 'closed'];

/**
 * Disclosed projects: those in a disclosed state, and cancelled (or terminated) ones that had been approved
 * into the plan — once public, a project stays public with what was published, as in the open data.
 * A project cancelled before its approval was never public.
 */
export const DISCLOSED_WHERE: SQL = or(
  inArray(cases.state, DISCLOSED),
  and(eq(cases.state, 'cancelled'), sql`exists (select 1 from ${caseSteps} where ${caseSteps.caseId} = ${cases.id} and ${caseSteps.event} = 'approve')`),
)!;

/** The organization the panel recommends, shown while the award is on notice. */
const recommendedBid = alias(projectBids, 'recommended_bid');
const recommendedOrg = alias(orgDirectory, 'recommended_org');

/** The towns a project serves, by name in code order (null: the whole city). */
export const townNamesOf = (projectId: SQL | typeof serviceProjects.caseId) =>
  sql<string[] | null>`(select array_agg(${regions.name} order by ${regions.code}) from ${serviceProjectTowns} join ${regions} on ${regions.id} = ${serviceProjectTowns.townId} where ${serviceProjectTowns.projectId} = ${projectId})`;

const selectDisclosed = (db: DbOrTx) =>
  db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      state: cases.state,
      year: serviceProjects.year,
      departmentName: departments.shortName,
      categoryName: catalogCategoryDirectory.name,
      summary: serviceProjects.summary,
      townNames: townNamesOf(serviceProjects.caseId),
      budgetFen: serviceProjects.budgetFen,
      approvedOn: sql<string | null>`(select (min(${caseSteps.occurredAt}) at time zone 'Asia/Shanghai')::date::text from ${caseSteps} where ${caseSteps.caseId} = ${cases.id} and ${caseSteps.event} = 'approve')`,
      procurementMethod: serviceProjects.procurementMethod,
      callDeadline: serviceProjects.callDeadline,
      callPublishedAt: serviceProjects.callPublishedAt,
      callNotice: serviceProjects.callNotice,
      providerName: sql<string | null>`coalesce(${orgDirectory.name}, ${recommendedOrg.name})`,
      providerCreditCode: sql<string | null>`coalesce(${orgDirectory.creditCode}, ${recommendedOrg.creditCode})`,
      awardedOn: sql<string | null>`(${serviceProjects.awardedAt} at time zone 'Asia/Shanghai')::date::text`,
      noticeStartsOn: serviceProjects.noticeStartsOn,
      noticeEndsOn: serviceProjects.noticeEndsOn,
      contractNumber: projectContracts.number,
      valueFen: projectContracts.valueFen,
      signedOn: projectContracts.signedOn,
      startOn: projectContracts.startOn,
      endOn: projectContracts.endOn,
      paidFen: sql<number>`(select coalesce(sum(${fundPayments.amountFen}), 0) from ${fundPayments} where ${fundPayments.projectId} = ${cases.id})`.mapWith(Number),
      grade: projectEvaluations.grade,
      total: projectEvaluations.total,
      evaluatedOn: projectEvaluations.evaluatedOn,
    })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .innerJoin(departments, eq(departments.id, serviceProjects.departmentId))
    .innerJoin(catalogCategoryDirectory, eq(catalogCategoryDirectory.id, serviceProjects.catalogCategoryId))
    .leftJoin(orgDirectory, eq(orgDirectory.id, serviceProjects.providerOrgId))
    .leftJoin(recommendedBid, and(eq(recommendedBid.id, serviceProjects.recommendedBidId), eq(cases.state, 'noticing')))
    .leftJoin(recommendedOrg, eq(recommendedOrg.id, recommendedBid.orgId))
    .leftJoin(projectContracts, eq(projectContracts.projectId, cases.id))
    .leftJoin(projectEvaluations, eq(projectEvaluations.projectId, cases.id));

type Row = Awaited<ReturnType<typeof selectDisclosed>>[number];

function disclose(r: Row, meetings: ProjectMeeting[], lang: Lang) {
  const today = todayInChina();
  const state = projectStateOf(r.state);
  // Until the call closes the public sees the notice; the award appears once recommended (on notice) or made.
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    year: r.year,
    state,
    stateName: labelOf(PROJECT_STATE_NAMES[state], lang),
    departmentName: r.departmentName,
    categoryName: r.categoryName,
    summary: r.summary,
    townNames: r.townNames ?? [],
    budgetFen: r.budgetFen,
    initiation: { approvedOn: r.approvedOn },
    call:
      r.callPublishedAt && r.procurementMethod && r.callDeadline
        ? { procurementMethodName: labelOf(PROCUREMENT_METHOD_NAMES[r.procurementMethod], lang), deadline: r.callDeadline, publishedAt: toIso(r.callPublishedAt)!, notice: r.callNotice ?? '' }
        : null,
    // During the notice the public sees whom the panel recommends — that is what they may object to.
    award: r.providerName ? { providerName: r.providerName, providerCreditCode: r.providerCreditCode, awardedOn: r.awardedOn, noticeStartsOn: r.noticeStartsOn, noticeEndsOn: r.noticeEndsOn } : null,
    contract: r.contractNumber ? { number: r.contractNumber, valueFen: r.valueFen!, signedOn: r.signedOn!, startOn: r.startOn!, endOn: r.endOn!, paidFen: r.paidFen } : null,
    evaluation: r.grade ? { grade: r.grade, gradeName: labelOf(EVALUATION_GRADE_NAMES[r.grade], lang), total: r.total!, evaluatedOn: r.evaluatedOn! } : null,
    meetings: meetings.filter((m) => m.projectIds.includes(r.id)).map((m) => ({ id: m.id, kindName: labelOf(MEETING_KIND_NAMES[m.kind], lang), title: m.title, startsAt: toIso(m.startsAt)! })),
    _today: today,
  };
}

const publishedMeetingsFor = (db: DbOrTx, ids: string[]) => meetingsOfProjects(db, ids, { publishedOnly: true });

const strip = <T extends { _today: string }>({ _today, ...rest }: T) => rest;

/** The public portal's project list: disclosed projects, newest first, keyset pages. */
export async function findPublicProjects(db: DbOrTx, input: z.infer<typeof ZPublicProjectQuery>, lang: Lang) {
  const where: SQL[] = [eq(cases.caseType, 'serviceProject'), DISCLOSED_WHERE];
  if (input.year) where.push(eq(serviceProjects.year, input.year));
  if (input.q) where.push(ilike(cases.title, containing(input.q)));
  const after = readCursor(input.cursor, z.tuple([cursorPart.text]));
  if (after) where.push(lt(cases.number, after[0]));
  const found = await selectDisclosed(db)
    .where(and(...where))
    .orderBy(desc(cases.number))
    .limit(input.limit + 1);
  const page = found.slice(0, input.limit);
  const meetings = await publishedMeetingsFor(db, page.map((r) => r.id));
  const items = page.map((r) => strip(disclose(r, meetings, lang)));
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > input.limit && last ? encodeCursor([last.number]) : null };
}

/** Whether the project is one the city has disclosed (its public page exists). */
export async function isDisclosed(db: DbOrTx, id: string): Promise<boolean> {
  const [r] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.id, id), eq(cases.caseType, 'serviceProject'), DISCLOSED_WHERE));
  return !!r;
}

export async function getPublicProject(db: DbOrTx, id: string, lang: Lang) {
  const [r] = await selectDisclosed(db).where(and(eq(cases.id, id), eq(cases.caseType, 'serviceProject'), DISCLOSED_WHERE));
  if (!r) throw notFound('project');
  return strip(disclose(r, await publishedMeetingsFor(db, [r.id]), lang));
}

/**
 * The lifecycle dashboard for a year: projects by stage, department and category; the year's fund —
 * reserved, committed, paid, remaining; overdue steps; open and overdue rectifications. A department sees
 * its own projects and shares.
 */
export async function projectDashboard(db: DbOrTx, ctx: RequestContext, year: number) {
  requirePermission(ctx.actor, 'project.read');
  const reach = departmentReach(ctx.actor, 'project.read');
  const inReach = (column: typeof serviceProjects.departmentId | typeof fundAllocationBalances.departmentId): SQL => (reach.all ? sql`true` : reach.departmentIds.length ? inArray(column, reach.departmentIds) : sql`false`);
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
    .orderBy(asc(catalogCategoryDirectory.tier), desc(count()));
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
