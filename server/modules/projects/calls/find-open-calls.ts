import { and, asc, eq, gte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { PROCUREMENT_METHOD_NAMES } from '../../../../contracts/projects/lifecycle.js';
import { departmentNames, namesInCodeOrder, regionNames } from '../../../platform/access/names.js';
import { portalCity } from '../../../platform/access/portal-city.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { inSubtree, toIso } from '../../../platform/db/sql.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { labelOf } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { categoryNames } from '../../catalog/index.js';
import { serviceProjects, serviceProjectTowns } from '../projects.tables.js';

/**
 * Calls open today, for organizations deciding where to bid — public, like the notice on a noticeboard.
 * A call stays listed through its deadline day. The soonest deadline first, in keyset pages. With `city` (its
 * division code), that city's calls only: a project's case lies at its city's node, so its region path says whose.
 */
export async function findOpenCalls(db: DbOrTx, lang: Lang, input: { limit: number; cursor?: string; city?: string }, cityPaths?: readonly string[]) {
  const city = await portalCity(db, input.city);
  // Staff see the calls of the cities they work in (cityPaths); the portal one city's or every city's.
  const inCities = cityPaths ? or(...cityPaths.map((p) => inSubtree(cases.regionPath, p))) : undefined;
  const today = todayInChina();
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.text]));
  const keyset = keysetAfter('asc', [serviceProjects.callDeadline, cases.number], after && [sql`${after[0]}::date`, sql`${after[1]}`]);
  const places = await regionNames(db);
  const units = await departmentNames(db);
  const categories = await categoryNames(db);
  // Selected over service_projects joined to cases, so the correlated towns' outer column prints qualified.
  const found = await db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      departmentId: serviceProjects.departmentId,
      catalogCategoryId: serviceProjects.catalogCategoryId,
      summary: serviceProjects.summary,
      budgetFen: serviceProjects.budgetFen,
      durationMonths: serviceProjects.durationMonths,
      townIds: sql<string[]>`array(select ${serviceProjectTowns.townId}::text from ${serviceProjectTowns} where ${serviceProjectTowns.projectId} = ${serviceProjects.caseId} order by ${serviceProjectTowns.townId})`,
      procurementMethod: serviceProjects.procurementMethod,
      callNotice: serviceProjects.callNotice,
      callDeadline: serviceProjects.callDeadline,
      callPublishedAt: serviceProjects.callPublishedAt,
      indicators: serviceProjects.indicators,
    })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .where(and(eq(cases.state, 'calling'), gte(serviceProjects.callDeadline, today), city && inSubtree(cases.regionPath, city.path), inCities, keyset))
    .orderBy(asc(serviceProjects.callDeadline), asc(cases.number))
    .limit(input.limit + 1);
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.callDeadline!, r.number]);
  return { nextCursor, items: items.map((r) => ({
    projectId: r.id,
    number: r.number,
    title: r.title,
    departmentName: units.get(r.departmentId)?.shortName ?? '',
    categoryName: categories.get(r.catalogCategoryId)?.name ?? '',
    summary: r.summary,
    budgetFen: r.budgetFen,
    durationMonths: r.durationMonths,
    townNames: namesInCodeOrder(places, r.townIds),
    // A published call always has its method, notice and publication time (publishCall sets them together).
    procurementMethodName: labelOf(PROCUREMENT_METHOD_NAMES[r.procurementMethod!], lang),
    notice: r.callNotice!,
    deadline: r.callDeadline!,
    publishedAt: toIso(r.callPublishedAt)!,
    indicators: r.indicators as { kind: 'output' | 'outcome'; name: string; target: number; unit: string }[],
  })) };
}
