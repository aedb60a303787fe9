import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { EVALUATION_GRADE_NAMES } from '../../../../contracts/projects/evaluation.js';
import { MEETING_KIND_NAMES } from '../../../../contracts/meetings.js';
import { PROCUREMENT_METHOD_NAMES, PROJECT_STATE_NAMES, type ProjectState } from '../../../../contracts/projects/lifecycle.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { departments, regions } from '../../../platform/access/scope.tables.js';
import { cases, caseSteps } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { labelOf } from '../../../platform/http/context.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { catalogCategoryDirectory } from '../../catalog/index.js';
import { fundPayments } from '../../funds/index.js';
import { meetingsOfProjects, type ProjectMeeting } from '../../meetings/index.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectStateOf } from '../project.policy.js';
import { projectBids, projectContracts, projectEvaluations, serviceProjectTowns, serviceProjects } from '../projects.tables.js';

/** States a project is disclosed in: from the plan on. */
const DISCLOSED: ProjectState[] = ['planned', 'calling', 'procuring', 'noticing', 'awarded', 'implementing', 'evaluating', 'closing', 'closed'];

/**
 * Disclosed projects: those in a disclosed state, and cancelled (or terminated) ones that had been approved
 * into the plan — once public, a project stays public with what was published, as in the open data.
 * A project cancelled before its approval was never public.
 */

/** What the ledger has paid to a project (its `pay` rows, through the funds module's view), as a select field. */
export const paidTo = (projectId: typeof cases.id) => sql<number>`(select coalesce(sum(${fundPayments.amountFen}), 0) from ${fundPayments} where ${fundPayments.projectId} = ${projectId})`.mapWith(Number);
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

export const selectDisclosed = (db: DbOrTx) =>
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
      paidFen: paidTo(cases.id),
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

export function disclose(r: Row, meetings: ProjectMeeting[], lang: Lang) {
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

export const publishedMeetingsFor = (db: DbOrTx, ids: string[]) => meetingsOfProjects(db, ids, { publishedOnly: true });

export const strip = <T extends { _today: string }>({ _today, ...rest }: T) => rest;
