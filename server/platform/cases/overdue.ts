import { clockNow } from '../clock.js';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/audit.js';
import { todayInChina } from '../calendar/calendar.js';
import type { Db } from '../db/client.js';
import { systemContext } from '../http/context.js';
import { runExclusive } from '../jobs/exclusive.js';
import { notifyUsers } from '../notify/notify.js';
import { caseAssignments, cases } from './cases.tables.js';
import { caseTypeOf, type Awaited, type CaseRow } from './define.js';
import { recipientsOf, type AssignmentRow } from './engine.js';

export const OVERDUE_JOB_KEY = 738_204_101;

function asAwaited(a: AssignmentRow): Awaited {
  if (a.kind === 'owner') return { kind: 'owner', task: a.task };
  if (a.kind === 'department') return { kind: 'department', permission: a.permission as never, departmentId: a.departmentId!, task: a.task };
  return { kind: 'permission', permission: a.permission as never, task: a.task };
}

/**
 * Marks open cases whose step deadline has passed, once per step, and tells whoever the case is
 * waiting on. Returns null when another instance holds the job.
 */
export async function markOverdueCases(db: Db, today = todayInChina()): Promise<{ marked: number } | null> {
  const run = await runExclusive(db, OVERDUE_JOB_KEY, async (tx) => {
    const marked = await tx
      .update(cases)
      .set({ overdueSince: clockNow() })
      .where(sql`${cases.closedAt} is null and ${cases.dueOn} < ${today} and ${cases.overdueSince} is null`)
      .returning();
    const ctx = systemContext('job:overdue');
    for (const c of marked as CaseRow[]) {
      const def = caseTypeOf(c.caseType);
      const list = await tx.select().from(caseAssignments).where(and(eq(caseAssignments.caseId, c.id), isNull(caseAssignments.closedAt)));
      const to = new Set<string>();
      for (const a of list) for (const u of await recipientsOf(tx, c, asAwaited(a))) to.add(u);
      await notifyUsers(tx, to, { kind: 'case.overdue', title: `已超期：${c.title}`, body: `${def.names.zh} ${c.number} 在“${def.stateNames[c.state]?.zh ?? c.state}”环节已超过承诺时限（${c.dueOn}），请尽快办理。`, link: def.link(c), caseId: c.id });
      await appendAudit(tx, ctx, { action: 'case.overdue', entityType: 'case', entityId: c.id, detail: { caseType: c.caseType, number: c.number, state: c.state, dueOn: c.dueOn, notified: to.size } });
    }
    return { marked: marked.length };
  });
  return run.ran ? run.result : null;
}
