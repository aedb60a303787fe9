import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ZCriterion, ZStandardPatch } from '../../../../contracts/projects/settings.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { evaluationStandards } from '../projects.tables.js';

export async function getStandard(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.read');
  const [s] = await db.select().from(evaluationStandards).where(eq(evaluationStandards.code, 'default'));
  if (!s) throw notFound('record');
  return { name: s.name, criteria: s.criteria as z.infer<typeof ZCriterion>[], bands: s.bands as { excellent: number; good: number; pass: number }, version: s.version };
}

export async function updateStandard(db: Db, ctx: RequestContext, input: z.infer<typeof ZStandardPatch>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(evaluationStandards).where(eq(evaluationStandards.code, 'default')).for('update');
    if (!s) throw notFound('record');
    if (s.version !== input.version) throw conflict(s.version);
    const next = { criteria: input.criteria ?? s.criteria, bands: input.bands ?? s.bands };
    await tx.update(evaluationStandards).set({ ...next, version: s.version + 1 }).where(eq(evaluationStandards.code, 'default'));
    await appendAudit(tx, ctx, { action: 'project.settings', permission: 'project.manage', entityType: 'evaluationStandard', entityId: 'default', changes: { criteria: { before: s.criteria, after: next.criteria }, bands: { before: s.bands, after: next.bands } } });
    return getStandard(tx, ctx);
  });
}
