import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { appendAudit } from '../../../platform/audit/audit.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { Awaited } from '../../../platform/cases/define.js';
import { addAssignment, recipientsOf } from '../../../platform/cases/engine.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { systemContext } from '../../../platform/http/context.js';
import type { DailyTask } from '../../../platform/jobs/daily-tasks.js';
import { runExclusive } from '../../../platform/jobs/exclusive.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { concerns } from '../concerns.tables.js';

export const ESCALATION_JOB_KEY = 738_204_131;

/** The level above a town, its station and the city's departments: the city's office, which oversees (督办). */
const SUPERVISION: Awaited = { kind: 'permission', permission: 'concern.supervise', task: '超期督办' };

/**
 * 超期督办 (issue 17 §4): each open concern whose step passed its promised day (the working-day calendar's, as the
 * engine set it) is escalated once per step — the office is added to those the case waits on and told, the concern
 * marked overdue for the list, audited. Leaving the step clears the mark (the transitions' state write), so the next
 * step escalates again if it too runs late. Null when another instance holds the job.
 */
export async function escalateOverdueConcerns(db: Db, today: string): Promise<number | null> {
  const run = await runExclusive(db, ESCALATION_JOB_KEY, async (tx) => {
    const late = await tx
      .select({ c: cases, title: cases.title })
      .from(concerns)
      .innerJoin(cases, eq(cases.id, concerns.caseId))
      .where(and(isNull(cases.closedAt), lt(cases.dueOn, today), isNull(concerns.escalatedAt)))
      .for('update', { of: concerns });
    const ctx = systemContext('job:concerns-escalate');
    const now = clockNow();
    for (const { c } of late) {
      await tx
        .update(concerns)
        .set({ overdueSince: sql`coalesce(${concerns.overdueSince}, ${now.toISOString()}::timestamptz)`, escalatedAt: now })
        .where(eq(concerns.caseId, c.id));
      await addAssignment(tx, c.id, c.state, SUPERVISION);
      const office = await recipientsOf(tx, c, SUPERVISION);
      await notifyUsers(tx, office, { kind: 'concern.escalated', title: `超期督办：${c.title}`, body: `民情 ${c.number} 已超过承诺时限（${c.dueOn}）仍未办结，请督促承办单位尽快办理。`, link: `/concerns/${c.id}`, caseId: c.id });
      await appendAudit(tx, ctx, { action: 'concern.escalate', entityType: 'case', entityId: c.id, detail: { number: c.number, state: c.state, dueOn: c.dueOn, notified: office.length } });
    }
    return late.length;
  });
  return run.ran ? run.result : null;
}

export const escalationTask: DailyTask = { name: 'concerns.escalate', run: escalateOverdueConcerns };
