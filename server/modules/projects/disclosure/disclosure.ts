import { containing } from '../../../platform/db/like.js';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { EVALUATION_GRADE_NAMES, type EvaluationGrade } from '../../../../contracts/projects/evaluation.js';
import { MEETING_KIND_NAMES } from '../../../../contracts/meetings.js';
import { PROCUREMENT_METHOD_NAMES, PROJECT_STATE_NAMES, PROJECT_STATES, type ProjectState } from '../../../../contracts/projects/lifecycle.js';
import { type ZPublicProjectQuery } from '../../../../contracts/projects/disclosure.js';
import { departmentReach, requirePermission } from '../../../platform/access/policy.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { meetingsOfProjects, type ProjectMeeting } from '../../meetings/index.js';

/** States a project is disclosed in: from the plan on. */
const DISCLOSED: ProjectState[] = ['planned', 'calling', 'procuring', 'noticing', 'awarded', 'implementing', 'evaluating', 'closing', 'closed'];

/**
 * Disclosed projects: those in a disclosed state, and cancelled (or terminated) ones that had been approved
 * into the plan — once public, a project stays public with what was published, as in the open data.
 * A project cancelled before its approval was never public.
 */
export const DISCLOSED_WHERE = sql`(c.state in (${sql.join(
  DISCLOSED.map((s) => sql`${s}`),
  sql`, `,
)}) or (c.state = 'cancelled' and exists (select 1 from case_steps s where s.case_id = c.id and s.event = 'approve')))`;

interface Row {
  id: string;
  number: string;
  title: string;
  state: ProjectState;
  year: number;
  department_name: string;
  category_name: string;
  summary: string;
  town_names: string[] | null;
  budget_fen: string;
  approved_on: string | null;
  procurement_method: keyof typeof PROCUREMENT_METHOD_NAMES | null;
  call_deadline: string | null;
  call_published_at: Date | string | null;
  call_notice: string | null;
  provider_name: string | null;
  provider_credit_code: string | null;
  awarded_on: string | null;
  notice_starts_on: string | null;
  notice_ends_on: string | null;
  contract_number: string | null;
  value_fen: string | null;
  signed_on: string | null;
  start_on: string | null;
  end_on: string | null;
  paid_fen: string;
  grade: EvaluationGrade | null;
  total: number | null;
  evaluated_on: string | null;
}

const SELECT = sql`
  select c.id, c.number, c.title, c.state, p.year, d.short_name as department_name, cc.name as category_name, p.summary,
         (select array_agg(r.name order by r.code) from service_project_towns t join regions r on r.id = t.town_id where t.project_id = p.case_id) as town_names,
         p.budget_fen::text,
         (select (min(s.occurred_at) at time zone 'Asia/Shanghai')::date::text from case_steps s where s.case_id = c.id and s.event = 'approve') as approved_on,
         p.procurement_method, p.call_deadline::text, p.call_published_at, p.call_notice,
         coalesce(o.name, ro.name) as provider_name, coalesce(o.credit_code, ro.credit_code) as provider_credit_code,
         (p.awarded_at at time zone 'Asia/Shanghai')::date::text as awarded_on, p.notice_starts_on::text, p.notice_ends_on::text,
         k.number as contract_number, k.value_fen::text, k.signed_on::text, k.start_on::text, k.end_on::text,
         (select coalesce(sum(m.amount_fen), 0) from fund_payments m where m.project_id = c.id)::text as paid_fen,
         e.grade, e.total, e.evaluated_on::text
  from service_projects p
  join cases c on c.id = p.case_id
  join departments d on d.id = p.department_id
  join catalog_category_directory cc on cc.id = p.catalog_category_id
  left join org_directory o on o.id = p.provider_org_id
  left join project_bids rb on rb.id = p.recommended_bid_id and c.state = 'noticing'
  left join org_directory ro on ro.id = rb.org_id
  left join project_contracts k on k.project_id = c.id
  left join project_evaluations e on e.project_id = c.id`;

function disclose(r: Row, meetings: ProjectMeeting[], lang: Lang) {
  const today = todayInChina();
  // Until the call closes the public sees the notice; the award appears once recommended (on notice) or made.
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    year: r.year,
    state: r.state,
    stateName: labelOf(PROJECT_STATE_NAMES[r.state], lang),
    departmentName: r.department_name,
    categoryName: r.category_name,
    summary: r.summary,
    townNames: r.town_names ?? [],
    budgetFen: Number(r.budget_fen),
    initiation: { approvedOn: r.approved_on },
    call:
      r.call_published_at && r.procurement_method && r.call_deadline
        ? { procurementMethodName: labelOf(PROCUREMENT_METHOD_NAMES[r.procurement_method], lang), deadline: r.call_deadline, publishedAt: toIso(r.call_published_at)!, notice: r.call_notice ?? '' }
        : null,
    // During the notice the public sees whom the panel recommends — that is what they may object to.
    award: r.provider_name ? { providerName: r.provider_name, providerCreditCode: r.provider_credit_code, awardedOn: r.awarded_on, noticeStartsOn: r.notice_starts_on, noticeEndsOn: r.notice_ends_on } : null,
    contract: r.contract_number ? { number: r.contract_number, valueFen: Number(r.value_fen), signedOn: r.signed_on!, startOn: r.start_on!, endOn: r.end_on!, paidFen: Number(r.paid_fen) } : null,
    evaluation: r.grade ? { grade: r.grade, gradeName: labelOf(EVALUATION_GRADE_NAMES[r.grade], lang), total: r.total!, evaluatedOn: r.evaluated_on! } : null,
    meetings: meetings.filter((m) => m.projectIds.includes(r.id)).map((m) => ({ id: m.id, kindName: labelOf(MEETING_KIND_NAMES[m.kind], lang), title: m.title, startsAt: toIso(m.startsAt)! })),
    _today: today,
  };
}

const publishedMeetingsFor = (db: DbOrTx, ids: string[]) => meetingsOfProjects(db, ids, { publishedOnly: true });

const strip = <T extends { _today: string }>({ _today, ...rest }: T) => rest;

/** The public portal's project list: disclosed projects, newest first, keyset pages. */
export async function findPublicProjects(db: DbOrTx, input: z.infer<typeof ZPublicProjectQuery>, lang: Lang) {
  const where: SQL[] = [sql`c.case_type = 'serviceProject'`, DISCLOSED_WHERE];
  if (input.year) where.push(sql`p.year = ${input.year}`);
  if (input.q) where.push(sql`c.title ilike ${containing(input.q)}`);
  const after = readCursor(input.cursor, z.tuple([cursorPart.text]));
  if (after) where.push(sql`c.number < ${after[0]}`);
  const found = await rows<Row>(db, sql`${SELECT} where ${sql.join(where, sql` and `)} order by c.number desc limit ${input.limit + 1}`);
  const page = found.slice(0, input.limit);
  const meetings = await publishedMeetingsFor(db, page.map((r) => r.id));
  const items = page.map((r) => strip(disclose(r, meetings, lang)));
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > input.limit && last ? encodeCursor([last.number]) : null };
}

/** Whether the project is one the city has disclosed (its public page exists). */
export async function isDisclosed(db: DbOrTx, id: string): Promise<boolean> {
  const [r] = await rows<{ id: string }>(db, sql`select c.id from cases c where c.id = ${id} and c.case_type = 'serviceProject' and ${DISCLOSED_WHERE}`);
  return !!r;
}

export async function getPublicProject(db: DbOrTx, id: string, lang: Lang) {
  const [r] = await rows<Row>(db, sql`${SELECT} where c.id = ${id} and c.case_type = 'serviceProject' and ${DISCLOSED_WHERE}`);
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
  const mine: SQL = reach.all ? sql`true` : reach.departmentIds.length ? sql`p.department_id in (${sql.join(reach.departmentIds.map((i) => sql`${i}::uuid`), sql`, `)})` : sql`false`;
  const base = sql`from service_projects p join cases c on c.id = p.case_id where p.year = ${year} and ${mine}`;
  const byStage = await rows<{ state: ProjectState; n: number }>(db, sql`select c.state, count(*)::int as n ${base} group by c.state`);
  const byDepartment = await rows<{ id: string; name: string; n: number; budget: string }>(
    db,
    sql`select p.department_id as id, d.short_name as name, count(*)::int as n, sum(p.budget_fen)::text as budget ${sql`from service_projects p join cases c on c.id = p.case_id join departments d on d.id = p.department_id where p.year = ${year} and ${mine}`} group by 1, 2 order by n desc, name`,
  );
  const byCategory = await rows<{ id: string; name: string; tier: string; n: number; budget: string }>(
    db,
    sql`select cc.id, cc.name, cc.tier, count(*)::int as n, sum(p.budget_fen)::text as budget from service_projects p join cases c on c.id = p.case_id join catalog_category_directory cc on cc.id = p.catalog_category_id where p.year = ${year} and ${mine} group by 1, 2, 3 order by cc.tier, n desc`,
  );
  const [money] = await rows<{ total: string; reserved: string; committed: string; paid: string }>(
    db,
    sql`select coalesce(sum(a.budget_fen), 0)::text as total, coalesce(sum(a.reserved_fen), 0)::text as reserved, coalesce(sum(a.committed_fen), 0)::text as committed, coalesce(sum(a.paid_fen), 0)::text as paid
        from fund_allocation_balances a
        where a.fund_year = ${year} and ${reach.all ? sql`true` : reach.departmentIds.length ? sql`a.department_id in (${sql.join(reach.departmentIds.map((i) => sql`${i}::uuid`), sql`, `)})` : sql`false`}`,
  );
  const today = todayInChina();
  const [counts] = await rows<{ overdue: number; open_r: number; overdue_r: number }>(
    db,
    sql`select (select count(*)::int ${base} and c.closed_at is null and c.due_on < ${today}) as overdue,
               (select count(*)::int from rectifications r join service_projects p on p.case_id = r.project_id where p.year = ${year} and ${mine} and r.state <> 'closed') as open_r,
               (select count(*)::int from rectifications r join service_projects p on p.case_id = r.project_id where p.year = ${year} and ${mine} and r.state <> 'closed' and r.due_on < ${today}) as overdue_r`,
  );
  const total = Number(money.total);
  const reserved = Number(money.reserved);
  const committed = Number(money.committed);
  const paid = Number(money.paid);
  return {
    year,
    byStage: PROJECT_STATES.map((s) => ({ state: s, stateName: labelOf(PROJECT_STATE_NAMES[s], ctx.lang), count: byStage.find((b) => b.state === s)?.n ?? 0 })),
    byDepartment: byDepartment.map((d) => ({ departmentId: d.id, departmentName: d.name, count: d.n, budgetFen: Number(d.budget) })),
    byCategory: byCategory.map((c) => ({ categoryId: c.id, categoryName: c.name, tier: c.tier, count: c.n, budgetFen: Number(c.budget) })),
    money: { totalFen: total, reservedFen: reserved, committedFen: committed, paidFen: paid, remainingFen: total - reserved - committed - paid },
    overdueSteps: counts.overdue,
    openRectifications: counts.open_r,
    overdueRectifications: counts.overdue_r,
  };
}
