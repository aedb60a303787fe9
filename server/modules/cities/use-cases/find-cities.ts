import type { City, CitySettings } from '../../../../contracts/cities.js';
import { cityReach } from '../../../platform/access/policy.js';
import { selectCities } from '../../../platform/access/cities.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { mayManageCity, requireCitiesRead, requireCityRead } from '../cities.policy.js';
import { presentCity, presentCitySettings } from '../cities.presenter.js';
import { selectCitySettings } from '../cities.queries.js';

/** The cities the caller works in (every city for the platform administrator and auditors), with their settings. */
export async function findCities(db: DbOrTx, ctx: RequestContext): Promise<{ items: City[] }> {
  const actor = requireCitiesRead(ctx.actor);
  const reach = cityReach(actor, 'city.read');
  const cities = await selectCities(db, reach.all ? undefined : reach.cityIds);
  const settings = await selectCitySettings(
    db,
    cities.map((c) => c.id),
  );
  return { items: cities.map((c) => presentCity(c, settings.get(c.id), mayManageCity(actor, c.id))) };
}

export async function getCity(db: DbOrTx, ctx: RequestContext, cityId: string): Promise<City> {
  const actor = requireCitiesRead(ctx.actor);
  requireCityRead(actor, cityId);
  const [city] = await selectCities(db, [cityId]);
  if (!city) throw notFound('city');
  const settings = await selectCitySettings(db, [cityId]);
  return presentCity(city, settings.get(cityId), mayManageCity(actor, cityId));
}

/**
 * A city's settings for another module's work (a certificate's number and authority, the portal's header): no
 * caller's reach applies, the record being written or shown already lies in the city.
 */
export async function citySettingsOf(db: DbOrTx, cityId: string): Promise<CitySettings> {
  const [city] = await selectCities(db, [cityId]);
  if (!city) throw new Error(`no active city ${cityId}`);
  return presentCitySettings(city, (await selectCitySettings(db, [cityId])).get(cityId));
}
