import { and, asc, eq, sql } from 'drizzle-orm';
import { addWorkingDays } from '../calendar/calendar.js';
import type { Db, DbOrTx } from '../db/client.js';
import type { CaseTypeDef } from './define.js';
import { cityIdOfCasePath, timeLimitOf } from './engine.js';
import { cases, caseSteps } from './cases.tables.js';

/*
 * Cases with a past: the engine fires every transition at the moment it runs, and a demo (or a city bringing
 * its records over) needs cases that took months, or closed years ago. These two are the only writes to the
 * cases tables outside the engine's transitions, and they keep the engine's own invariants: the case's dates
 * follow its steps, an open case's deadline is its state's time limit counted from the day it entered it, and
 * an assignment opens when its state was entered and closes with the step that answered it.
 */

/**
 * Moves a case's steps to `times` (one per step, in step order, oldest first) and derives everything dated from
 * them. The audit trail keeps the true times of the acts. An open case's overdue mark is cleared: the caller runs
 * the overdue job afterwards if it wants the marks (and their notices).
 */
export async function backdateCase(db: Db, def: CaseTypeDef, caseId: string, times: readonly Date[]): Promise<void> {
  const steps = await db.select({ seq: caseSteps.seq }).from(caseSteps).where(eq(caseSteps.caseId, caseId)).orderBy(asc(caseSteps.seq));
  if (steps.length !== times.length) throw new Error(`backdateCase ${caseId}: ${steps.length} steps, ${times.length} times`);
  for (const [k, s] of steps.entries()) await db.update(caseSteps).set({ occurredAt: times[k] }).where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.seq, s.seq)));
  const first = times[0];
  const last = times[times.length - 1];
  const [c] = await db
    .update(cases)
    .set({ createdAt: first, stateEnteredAt: last, updatedAt: last, closedAt: sql`case when ${cases.closedAt} is null then null else ${last.toISOString()}::timestamptz end` })
    .where(eq(cases.id, caseId))
    .returning({ closedAt: cases.closedAt, state: cases.state, variant: cases.variant, regionPath: cases.regionPath, entered: sql<string>`(${cases.stateEnteredAt} at time zone 'Asia/Shanghai')::date::text` });
  if (!c.closedAt) {
    const limit = await timeLimitOf(db, def, c.variant, c.state, await cityIdOfCasePath(db, c.regionPath));
    await db
      .update(cases)
      .set({ dueOn: limit === null ? null : await addWorkingDays(db, c.entered, limit), overdueSince: null })
      .where(eq(cases.id, caseId));
  }
  // Opened by the last step that entered its state from another; closed by the answering step — a department's
  // by its own last step, any other by the first step after it opened.
  await db.execute(sql`update case_assignments a set opened_at = coalesce((select max(s.occurred_at) from case_steps s where s.case_id = a.case_id and s.to_state = a.state and s.from_state is distinct from a.state), a.opened_at) where a.case_id = ${caseId}`);
  await db.execute(sql`update case_assignments a set closed_at = coalesce(case
      when a.kind = 'department' then (select s.occurred_at from case_steps s where s.case_id = a.case_id and s.department_id = a.department_id order by s.seq desc limit 1)
      else (select min(s.occurred_at) from case_steps s where s.case_id = a.case_id and s.occurred_at > a.opened_at) end, a.closed_at)
    where a.case_id = ${caseId} and a.closed_at is not null`);
}

/** A closed case from the archives, with the steps it went through (oldest first). */
export interface ArchivedCase {
  id: string;
  caseType: string;
  number: string;
  title: string;
  state: string;
  outcome: string | null;
  regionPath: string;
  orgId: string | null;
  createdBy: string | null;
  steps: { event: string; from: string | null; to: string; actorName: string; at: Date; comment?: string | null }[];
}

/**
 * Loads closed cases as the archives record them, in bulk: each case's dates are those of its steps and its
 * version counts them, as if the engine had fired each. The modules' details go in beside, keyed by the case id.
 */
export async function importArchivedCases(db: DbOrTx, list: readonly ArchivedCase[]): Promise<void> {
  if (!list.length) return;
  await db.insert(cases).values(
    list.map((c) => {
      const first = c.steps[0].at;
      const last = c.steps[c.steps.length - 1].at;
      return { id: c.id, caseType: c.caseType, number: c.number, title: c.title, state: c.state, outcome: c.outcome, regionPath: c.regionPath, orgId: c.orgId, createdBy: c.createdBy, createdAt: first, updatedAt: last, stateEnteredAt: last, closedAt: last, version: c.steps.length + 1 };
    }),
  );
  const steps = list.flatMap((c) => c.steps.map((s, k) => ({ caseId: c.id, seq: k + 1, event: s.event, fromState: s.from, toState: s.to, actorName: s.actorName, occurredAt: s.at, comment: s.comment ?? null })));
  for (let i = 0; i < steps.length; i += 500) await db.insert(caseSteps).values(steps.slice(i, i + 500));
}
