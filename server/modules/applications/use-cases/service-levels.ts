import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { APPLICATION_KINDS, APPLICATION_KIND_NAMES, APPLICATION_STATES, APPLICATION_STATE_NAMES, type ZSla } from '../../../../contracts/applications.js';
import { regionScopeWhere } from '../../../platform/access/scope.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { addDays, workingDaysBetweenWith } from '../../../platform/calendar/working-days.js';
import { loadExceptions, todayInChina } from '../../../platform/calendar/calendar.js';
import type { Db } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { holdsPermission } from '../../../platform/access/policy.js';

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Service levels of "one trip at most": per kind and per reviewing department, within the caller's
 * region — in progress, overdue, average handling time in working days, and the share completed
 * within the promise. Cases count in the window by their acceptance (completed ones) or always (open).
 */
export async function findServiceLevels(db: Db, ctx: RequestContext, input: { from?: string; to?: string }): Promise<z.infer<typeof ZSla>> {
  const actor = ctx.actor;
  if (!holdsPermission(actor, 'application.read') && !holdsPermission(actor, 'application.handle')) throw new AppError('forbidden', {}, undefined, { denied: true });
  const today = todayInChina();
  const to = input.to ?? today;
  const from = input.from ?? addDays(to, -365);
  if (from > to) throw new AppError('validation', {}, [{ path: 'from', message: '开始日期不能晚于结束日期', messageEn: 'from is after to' }]);
  const scope = sql`(${regionScopeWhere(actor, 'application.read', sql`c.region_path`)} or ${regionScopeWhere(actor, 'application.handle', sql`c.region_path`)})`;

  const cases = await rows<{ kind: (typeof APPLICATION_KINDS)[number]; state: string; closed: boolean; outcome: string | null; due_on: string | null; accepted_on: string | null; completed_on: string | null; promised_due_on: string | null }>(
    db,
    sql`select a.kind, c.state, c.closed_at is not null as closed, c.outcome, c.due_on::text, a.accepted_on::text, a.completed_on::text, a.promised_due_on::text
        from cases c join applications a on a.case_id = c.id
        where ${scope} and c.state <> 'draft' and (c.closed_at is null or (a.completed_on between ${from} and ${to}))`,
  );
  const reviews = await rows<{ department_id: string; name: string; opened: string; closed: string | null; due_on: string | null; case_open: boolean }>(
    db,
    sql`select s.department_id, d.short_name as name, (s.opened_at at time zone 'Asia/Shanghai')::date::text as opened, (s.closed_at at time zone 'Asia/Shanghai')::date::text as closed, c.due_on::text, c.closed_at is null as case_open
        from case_assignments s join cases c on c.id = s.case_id join departments d on d.id = s.department_id
        where s.kind = 'department' and c.case_type = 'application' and ${scope}
          and (s.closed_at is null or (s.closed_at at time zone 'Asia/Shanghai')::date between ${from} and ${to})`,
  );
  const exceptions = await loadExceptions(db);
  const settings = new Map((await rows<{ kind: string; promised_days: number }>(db, sql`select kind, promised_days from application_settings`)).map((s) => [s.kind, s.promised_days]));

  const byKind = APPLICATION_KINDS.map((kind) => {
    const mine = cases.filter((c) => c.kind === kind);
    const open = mine.filter((c) => !c.closed);
    // Handling time counts decided cases (approved or rejected after acceptance), not withdrawals.
    const decided = mine.filter((c) => c.closed && c.accepted_on && c.completed_on);
    const days = decided.map((c) => workingDaysBetweenWith(c.accepted_on!, c.completed_on!, exceptions));
    const onTime = decided.filter((c) => c.promised_due_on && c.completed_on! <= c.promised_due_on).length;
    return {
      kind,
      kindName: labelOf(APPLICATION_KIND_NAMES[kind], ctx.lang),
      promisedDays: settings.get(kind) ?? 0,
      inProgress: open.length,
      overdue: open.filter((c) => c.due_on && c.due_on < today).length,
      completed: mine.filter((c) => c.closed && c.outcome !== 'withdrawn').length,
      averageWorkingDays: days.length ? round1(days.reduce((a, b) => a + b, 0) / days.length) : null,
      withinPromiseShare: decided.length ? round1((onTime / decided.length) * 1000) / 1000 : null,
    };
  });

  const departments = new Map<string, { name: string; pending: number; overdue: number; answered: number; days: number[] }>();
  for (const r of reviews) {
    const d = departments.get(r.department_id) ?? { name: r.name, pending: 0, overdue: 0, answered: 0, days: [] };
    if (r.closed) {
      d.answered += 1;
      d.days.push(workingDaysBetweenWith(r.opened, r.closed, exceptions));
    } else if (r.case_open) {
      d.pending += 1;
      if (r.due_on && r.due_on < today) d.overdue += 1;
    }
    departments.set(r.department_id, d);
  }
  const byDepartment = [...departments.entries()]
    .map(([departmentId, d]) => ({ departmentId, departmentName: d.name, pending: d.pending, overdue: d.overdue, answered: d.answered, averageWorkingDays: d.days.length ? round1(d.days.reduce((a, b) => a + b, 0) / d.days.length) : null }))
    .sort((a, b) => b.pending + b.answered - (a.pending + a.answered));

  const byState = APPLICATION_STATES.filter((s) => s !== 'draft').map((state) => ({ state, stateName: labelOf(APPLICATION_STATE_NAMES[state], ctx.lang), count: cases.filter((c) => c.state === state).length }));
  return { from, to, today, byKind, byDepartment, byState };
}
