import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ZCriterion, ZRubricPatch } from '../../../../contracts/projects/settings.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { scoringRubrics } from '../projects.tables.js';

/** The procurement rubric: projects copy it when their call closes, so an edit affects later calls only. */
export async function getRubric(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.read');
  const [r] = await db.select().from(scoringRubrics).where(eq(scoringRubrics.code, 'default'));
  if (!r) throw notFound('record');
  return { name: r.name, criteria: r.criteria as z.infer<typeof ZCriterion>[], minExperts: r.minExperts, noticeWorkingDays: r.noticeWorkingDays, version: r.version };
}

export async function updateRubric(db: Db, ctx: RequestContext, input: z.infer<typeof ZRubricPatch>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(scoringRubrics).where(eq(scoringRubrics.code, 'default')).for('update');
    if (!r) throw notFound('record');
    if (r.version !== input.version) throw conflict(r.version);
    const next = { criteria: input.criteria ?? r.criteria, minExperts: input.minExperts ?? r.minExperts, noticeWorkingDays: input.noticeWorkingDays ?? r.noticeWorkingDays };
    await tx.update(scoringRubrics).set({ ...next, version: r.version + 1 }).where(eq(scoringRubrics.code, 'default'));
    await appendAudit(tx, ctx, { action: 'project.settings', permission: 'project.manage', entityType: 'scoringRubric', entityId: 'default', changes: { criteria: { before: r.criteria, after: next.criteria }, minExperts: { before: r.minExperts, after: next.minExperts }, noticeWorkingDays: { before: r.noticeWorkingDays, after: next.noticeWorkingDays } } });
    return getRubric(tx, ctx);
  });
}
