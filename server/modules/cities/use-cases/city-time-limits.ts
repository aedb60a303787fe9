import type { z } from 'zod';
import type { ZCityTimeLimits, ZCityTimeLimitsInput } from '../../../../contracts/cities.js';
import { selectCities } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { isKnownTimeLimit, listCityTimeLimits, setCityTimeLimits } from '../../../platform/cases/time-limits.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { sql } from 'drizzle-orm';
import { mayManageCity, requireCityManaged, requireCityRead } from '../cities.policy.js';

type Limits = z.infer<typeof ZCityTimeLimits>;

async function present(db: DbOrTx, ctx: RequestContext, cityId: string): Promise<Limits> {
  const items = (await listCityTimeLimits(db, cityId)).map((l) => {
    const def = caseTypeOf(l.caseType);
    return {
      ...l,
      caseTypeName: labelOf(def.names, ctx.lang),
      variantName: l.variant === '*' ? null : (labelOf(def.variantNames?.[l.variant], ctx.lang) ?? l.variant),
      stateName: labelOf((def.stateNames as Record<string, { zh: string; en: string }>)[l.state], ctx.lang),
    };
  });
  return { items, manageable: mayManageCity(ctx.actor, cityId) };
}

/** GET /cities/{id}/time-limits: every step limit the city's cases run on, its own and the defaults. */
export async function getCityTimeLimits(db: Db, ctx: RequestContext, cityId: string): Promise<Limits> {
  requireCityRead(ctx.actor, cityId);
  const [city] = await selectCities(db, [cityId]);
  if (!city) throw notFound('city');
  return present(db, ctx, cityId);
}

/**
 * PUT /cities/{id}/time-limits: the city's office changes some of its limits, all or none — each as the caller saw
 * it, else 409 — in one transaction, audited with before and after. Cases already waiting keep their due dates; the
 * new limits count from each case's next step.
 */
export async function updateCityTimeLimits(db: Db, ctx: RequestContext, cityId: string, input: z.infer<typeof ZCityTimeLimitsInput>): Promise<Limits> {
  requireCityManaged(ctx.actor, cityId);
  const unknown = input.changes.findIndex((c) => !isKnownTimeLimit(c));
  if (unknown >= 0) throw new AppError('validation', {}, [{ path: `changes.${unknown}`, message: '没有这个办理环节', messageEn: 'No such step' }]);
  return db.transaction(async (tx) => {
    const [city] = await selectCities(tx, [cityId]);
    if (!city) throw notFound('city');
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`city-time-limits:${cityId}`}))`);
    const now = await listCityTimeLimits(tx, cityId);
    const changes: Record<string, { before: number | null; after: number | null }> = {};
    for (const c of input.changes) {
      const current = now.find((l) => l.caseType === c.caseType && l.variant === c.variant && l.state === c.state);
      const days = current?.days ?? null;
      if (days !== c.expectedDays) {
        throw new AppError(
          'stale',
          { reason: `该时限已被他人改为 ${days ?? '无'} 个工作日，请刷新后重试。`, reasonEn: `Someone changed this limit to ${days ?? 'none'} working days; reload and try again.` },
          undefined,
          { current: { caseType: c.caseType, variant: c.variant, state: c.state, days } },
        );
      }
      changes[`${c.caseType}.${c.variant}.${c.state}`] = { before: days, after: c.workingDays ?? current?.defaultDays ?? null };
    }
    await setCityTimeLimits(tx, cityId, input.changes, ctx.actor?.userId ?? null);
    await appendAudit(tx, ctx, { action: 'city.timeLimits', permission: 'city.manage', entityType: 'city', entityId: cityId, changes, detail: { city: city.name } });
    return present(tx, ctx, cityId);
  });
}
