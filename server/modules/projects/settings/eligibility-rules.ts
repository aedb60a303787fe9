import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { RULE_PARAMS, type ZEligibilityRulePatch } from '../../../../contracts/projects/settings.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { eligibilityRules } from '../projects.tables.js';

export async function listEligibilityRules(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.read');
  const found = await db.select().from(eligibilityRules).orderBy(eligibilityRules.sortOrder, eligibilityRules.code);
  return found.map((r) => ({ code: r.code, kind: r.kind, params: r.params as Record<string, unknown>, description: r.description, active: r.active, version: r.version }));
}

/** Changes a rule's parameters, wording or whether it applies; the parameters are checked against the rule's kind. */
export async function updateEligibilityRule(db: Db, ctx: RequestContext, code: string, input: z.infer<typeof ZEligibilityRulePatch>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(eligibilityRules).where(eq(eligibilityRules.code, code)).for('update');
    if (!r) throw notFound('eligibilityRule');
    if (r.version !== input.version) throw conflict(r.version);
    let params = r.params as Record<string, unknown>;
    if (input.params) {
      const parsed = RULE_PARAMS[r.kind].safeParse(input.params);
      if (!parsed.success) throw new AppError('validation', {}, parsed.error.issues.map((i) => ({ path: ['params', ...i.path.map(String)].join('.'), message: i.message })));
      params = parsed.data as Record<string, unknown>;
    }
    const [after] = await tx
      .update(eligibilityRules)
      .set({ params, description: input.description ?? r.description, active: input.active ?? r.active, version: r.version + 1 })
      .where(eq(eligibilityRules.code, code))
      .returning();
    await appendAudit(tx, ctx, {
      action: 'project.settings',
      permission: 'project.manage',
      entityType: 'eligibilityRule',
      entityId: code,
      changes: { params: { before: r.params, after: params }, description: { before: r.description, after: after.description }, active: { before: r.active, after: after.active } },
    });
    return { code: after.code, kind: after.kind, params: after.params as Record<string, unknown>, description: after.description, active: after.active, version: after.version };
  });
}
