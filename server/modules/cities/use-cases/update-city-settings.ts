import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { City, ZCitySettingsInput } from '../../../../contracts/cities.js';
import { selectCities } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireCityManaged } from '../cities.policy.js';
import { presentCity, presentCitySettings } from '../cities.presenter.js';
import { lockCitySettings } from '../cities.queries.js';
import { citySettings } from '../cities.tables.js';

/**
 * Saves a city's settings whole. The first save turns the defaults into a row (version 0 → 1); after that the
 * version read must match, so two people saving at once cannot overwrite each other (409).
 */
export async function updateCitySettings(db: Db, ctx: RequestContext, cityId: string, input: z.infer<typeof ZCitySettingsInput>): Promise<City> {
  requireCityManaged(ctx.actor, cityId);
  return db.transaction(async (tx) => {
    const [city] = await selectCities(tx, [cityId]);
    if (!city) throw notFound('city');
    // Serialize the first save too: without a row there is nothing to lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`city-settings:${cityId}`}))`);
    const row = await lockCitySettings(tx, cityId);
    const before = presentCitySettings(city, row);
    if (before.version !== input.version) throw conflict(before.version);
    const { version: _read, ...fields } = input;
    const [after] = row
      ? await tx
          .update(citySettings)
          .set({ ...fields, updatedAt: clockNow(), version: row.version + 1 })
          .where(eq(citySettings.cityId, cityId))
          .returning()
      : await tx
          .insert(citySettings)
          .values({ cityId, ...fields })
          .returning();
    const changes = Object.fromEntries(
      (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => before[k] !== after[k]).map((k) => [k, { before: before[k], after: after[k] }]),
    );
    await appendAudit(tx, ctx, { action: 'city.updateSettings', permission: 'city.manage', entityType: 'city', entityId: cityId, changes });
    return presentCity(city, after, true);
  });
}
