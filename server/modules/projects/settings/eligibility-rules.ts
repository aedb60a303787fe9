import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { RULE_PARAMS, type ZEligibilityRulePatch } from '../../../../contracts/projects/settings.js';
import { cityForWrite, cityListWhere } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { eligibilityRules } from '../projects.tables.js';

type RuleRow = typeof eligibilityRules.$inferSelect;

const presentRule = (r: RuleRow) => ({ cityId: r.cityId, code: r.code, kind: r.kind, params: r.params as Record<string, unknown>, description: r.description, active: r.active, version: r.version });

/** The rules of the caller's cities (each city keeps its own, issue 16 §3), or of the one named. */
export async function listEligibilityRules(db: DbOrTx, ctx: RequestContext, cityId?: string) {
  requirePermission(ctx.actor, 'project.read');
  const found = await db
    .select()
    .from(eligibilityRules)
    .where(cityListWhere(ctx.actor, 'project.read', eligibilityRules.cityId, cityId))
    .orderBy(eligibilityRules.cityId, eligibilityRules.sortOrder, eligibilityRules.code);
  return found.map(presentRule);
}

/**
 * Changes one of the caller's city's rules — its parameters, wording or whether it applies; the parameters are
 * checked against the rule's kind. Another city's rule is out of reach (404), as is a code the city does not have.
 */
export async function updateEligibilityRule(db: Db, ctx: RequestContext, code: string, input: z.infer<typeof ZEligibilityRulePatch>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const city = await cityForWrite(tx, ctx.actor, 'project.manage', input.cityId);
    const ofCity = and(eq(eligibilityRules.cityId, city.id), eq(eligibilityRules.code, code));
    const [r] = await tx.select().from(eligibilityRules).where(ofCity).for('update');
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
      .where(ofCity)
      .returning();
    await appendAudit(tx, ctx, {
      action: 'project.settings',
      permission: 'project.manage',
      entityType: 'eligibilityRule',
      // Named by its code, as before rules were a city's; the city tells whose rule it is.
      entityId: code,
      detail: { cityId: city.id },
      changes: { params: { before: r.params, after: params }, description: { before: r.description, after: after.description }, active: { before: r.active, after: after.active } },
    });
    return presentRule(after);
  });
}
