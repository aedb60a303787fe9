import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RoutingTarget } from '../../../contracts/concerns.js';
import type { ComputedFormula, FormulaQuery, FormulaValue } from '../../platform/assessment-formulas.js';
import { loadExceptions } from '../../platform/calendar/calendar.js';
import { workingDaysBetweenWith } from '../../platform/calendar/working-days.js';
import { caseAssignments, cases } from '../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { selectCategories } from './concerns.queries.js';
import { concerns } from './concerns.tables.js';

/*
 * The concerns' computed indicator for the assessment engine (issue 18 §2: "concerns handled within their time
 * limit"): SPPE E2 and the towns' T4-1 — 民情按时办结率.
 */

/** The assessed year's instants, China time: a concern counts in the year it was closed. */
const yearStart = (year: number) => `${year}-01-01T00:00:00+08:00`;

/**
 * Whose concerns count (the rubrics' guides): a station's are those routed to it (派给本站的民情); a town's those the
 * town and its station answer (派给本镇（街道）及其社工站的民情) — not those a city department answers.
 */
const COUNTED_KINDS: Record<string, readonly RoutingTarget[]> = { station: ['station'], town: ['town', 'station'] };

const percent = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`;

/**
 * The town's concerns closed in the year (state 已办结; merged duplicates are not handled, so not counted), within
 * their limit when the working days from the day submitted to the day closed are within the category's handling
 * limit (the limit as the city sets it now, as 民情统计 counts it) and the concern was never escalated as overdue —
 * 超期督办 leaves an assignment to the office on the case (escalate-overdue.ts), and the guide counts a concern closed
 * only after it as late. One read for every subject: closed concerns grouped by town, whom they are with, category,
 * the day submitted, the day closed and escalation (a few thousand rows for a city's year).
 */
async function concernsWithinLimit(db: DbOrTx, q: FormulaQuery): Promise<Map<string, FormulaValue>> {
  const towns = [...new Set(q.subjects.map((s) => s.regionId).filter((id): id is string => id !== null))];
  const out = new Map<string, FormulaValue>();
  const tally = new Map<string, { kind: RoutingTarget; within: number; late: number; escalated: number }[]>();
  if (towns.length) {
    const submittedOn = sql<string>`((${concerns.submittedAt} at time zone 'Asia/Shanghai')::date)::text`;
    const closedOn = sql<string>`((${cases.closedAt} at time zone 'Asia/Shanghai')::date)::text`;
    const escalated = sql<boolean>`exists (select 1 from ${caseAssignments} where ${caseAssignments.caseId} = ${concerns.caseId} and ${caseAssignments.permission} = 'concern.supervise')`;
    const groups = await db
      .select({ townId: concerns.townId, kind: concerns.responsibleKind, categoryCode: concerns.categoryCode, submittedOn, closedOn, escalated, count: sql<number>`count(*)::int` })
      .from(concerns)
      .innerJoin(cases, eq(cases.id, concerns.caseId))
      .where(
        and(
          eq(concerns.cityId, q.cityId),
          inArray(concerns.townId, towns),
          eq(concerns.state, 'closed'),
          // Closed in the year, so submitted before its end (the town's list index bounds the read).
          sql`${concerns.submittedAt} < ${yearStart(q.year + 1)}::timestamptz`,
          sql`${cases.closedAt} >= ${yearStart(q.year)}::timestamptz`,
          sql`${cases.closedAt} < ${yearStart(q.year + 1)}::timestamptz`,
        ),
      )
      .groupBy(concerns.townId, concerns.responsibleKind, concerns.categoryCode, submittedOn, closedOn, escalated);
    const limitOf = new Map((await selectCategories(db, q.cityId)).map((c) => [c.code, c.timeLimitDays]));
    const exceptions = await loadExceptions(db);
    for (const g of groups) {
      const limit = limitOf.get(g.categoryCode);
      const days = Math.max(0, workingDaysBetweenWith(g.submittedOn, g.closedOn, exceptions));
      const within = !g.escalated && limit !== undefined && days <= limit;
      const list = tally.get(g.townId) ?? [];
      list.push({ kind: g.kind, within: within ? g.count : 0, late: within ? 0 : g.count, escalated: g.escalated ? g.count : 0 });
      tally.set(g.townId, list);
    }
  }
  for (const s of q.subjects) {
    if (!s.regionId) {
      out.set(s.subjectRef, { attainment: null, figure: '受评对象无所属镇（街道），无法统计民情，数据缺失', sample: null });
      continue;
    }
    const kinds = COUNTED_KINDS[s.subjectType] ?? COUNTED_KINDS.town;
    const counted = (tally.get(s.regionId) ?? []).filter((t) => kinds.includes(t.kind));
    const within = counted.reduce((n, t) => n + t.within, 0);
    const closed = within + counted.reduce((n, t) => n + t.late, 0);
    const escalated = counted.reduce((n, t) => n + t.escalated, 0);
    const whose = s.subjectType === 'station' ? '派给本站' : '本镇（街道）';
    if (closed === 0) {
      out.set(s.subjectRef, { attainment: null, figure: `${q.year} 年度${whose}无已办结民情，数据缺失`, sample: 0 });
      continue;
    }
    out.set(s.subjectRef, {
      attainment: within / closed,
      figure: `${whose}按时办结 ${within} 件 / 办结 ${closed} 件（${percent(within, closed)}）${escalated ? `，其中超期督办 ${escalated} 件计为未按时` : ''}`,
      sample: closed,
    });
  }
  return out;
}

export const concernsFormulas: readonly ComputedFormula[] = [
  {
    name: 'concerns.withinLimit',
    label: { zh: '民情按时办结率', en: 'Concerns closed within their time limit' },
    description:
      '评估年度内办结（已办结，不含合并）的民情中，按时办结的比例：自提交之日至办结之日的工作日数不超过该类别现行办理时限，且未被超期督办。社工站计派给本站的民情，镇（街道）计派给本镇（街道）及其社工站的民情（不含转职能部门办理的）。无已办结民情时标注数据缺失。',
    subjectTypes: ['station', 'town'],
    compute: concernsWithinLimit,
  },
];
