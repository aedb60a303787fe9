import type { z } from 'zod';
import type { ZCityTemplateInput, ZCityTemplateReport } from '../../../../contracts/cities.js';
import { selectCities } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { cityTemplateParts } from '../../../platform/city-templates.js';
import type { Db } from '../../../platform/db/client.js';
import { fieldError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { requireCityManaged, requireCityRead } from '../cities.policy.js';

/**
 * Starts a city from another's settings: every module's template part (departments, and each setting a module keeps
 * per city) copied in one transaction, what the target already has left as it is. Copying again adds nothing.
 */
export async function copyCityTemplate(db: Db, ctx: RequestContext, cityId: string, input: z.infer<typeof ZCityTemplateInput>): Promise<z.infer<typeof ZCityTemplateReport>> {
  requireCityManaged(ctx.actor, cityId);
  requireCityRead(ctx.actor, input.fromCityId);
  if (input.fromCityId === cityId) throw fieldError('fromCityId', '不能从本市复制到本市', 'A city cannot be copied into itself');
  return db.transaction(async (tx) => {
    const found = await selectCities(tx, [cityId, input.fromCityId]);
    const to = found.find((c) => c.id === cityId);
    const from = found.find((c) => c.id === input.fromCityId);
    if (!to || !from) throw notFound('city');
    const parts: z.infer<typeof ZCityTemplateReport>['parts'] = [];
    for (const [module, part] of cityTemplateParts()) {
      const { copied, skipped } = await part.copy(tx, ctx, from, to);
      parts.push({ module, label: labelOf(part.label, ctx.lang), copied, skipped });
    }
    await appendAudit(tx, ctx, {
      action: 'city.copyTemplate',
      permission: 'city.manage',
      entityType: 'city',
      entityId: cityId,
      detail: { from: from.name, parts: parts.map(({ module, copied, skipped }) => ({ module, copied, skipped })) },
    });
    return { parts };
  });
}
