import { and, eq, isNull, lt, ne, sql } from 'drizzle-orm';
import { appendAudit } from '../../../platform/audit/audit.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { rectifications } from '../projects.tables.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { runExclusive } from '../../../platform/jobs/exclusive.js';
import { systemContext } from '../../../platform/http/context.js';
import { supervisorIdsOf } from './supervision.shared.js';

export const RECTIFICATION_JOB_KEY = 738_204_117;

/**
 * Daily: rectification items past their deadline and not closed are flagged once; the provider and the
 * office are told. Returns how many were flagged, or null when another instance holds the job.
 */
export async function flagOverdueRectifications(db: Db, today: string): Promise<number | null> {
  const run = await runExclusive(db, RECTIFICATION_JOB_KEY, async (tx) => {
    const due = await tx
      .update(rectifications)
      .set({ overdueNotifiedAt: sql`now()` })
      .where(and(ne(rectifications.state, 'closed'), lt(rectifications.dueOn, today), isNull(rectifications.overdueNotifiedAt)))
      .returning({ id: rectifications.id, projectId: rectifications.projectId, item: rectifications.item, dueOn: rectifications.dueOn });
    const ctx = systemContext('job:rectifications');
    for (const r of due) {
      const [c] = await tx.select().from(cases).where(eq(cases.id, r.projectId));
      const to = new Set([
        ...(await recipientsOf(tx, c, { kind: 'owner', task: '' })),
        ...(await recipientsOf(tx, c, { kind: 'permission', permission: 'project.manage', task: '' })),
        ...(await supervisorIdsOf(tx, r.projectId)),
      ]);
      await notifyUsers(tx, to, { kind: 'project.rectificationOverdue', title: `整改超期：${c.title}`, body: `整改事项“${r.item}”已超过期限（${r.dueOn}）仍未销号，请尽快完成整改。`, link: `/projects/${r.projectId}`, caseId: r.projectId });
      await appendAudit(tx, ctx, { action: 'project.rectificationOverdue', entityType: 'case', entityId: r.projectId, detail: { rectificationId: r.id, dueOn: r.dueOn, notified: to.size } });
    }
    return due.length;
  });
  return run.ran ? run.result : null;
}
