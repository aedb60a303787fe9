import type { DbOrTx } from '../../../platform/db/client.js';
import { presentPublisher, type CityPublisher } from '../opendata.presenter.js';
import { selectPublishingCities, selectSocialWorkDepartments } from '../opendata.queries.js';

/**
 * Each city's publisher of its open data (issue 16 §3: each city publishes its own), found in the data
 * (opendata.presenter.ts says how). A handful of rows: read once per package.
 */
export async function findPublishers(db: DbOrTx): Promise<CityPublisher[]> {
  const cities = await selectPublishingCities(db);
  const departments = await selectSocialWorkDepartments(
    db,
    cities.map((c) => c.id),
  );
  return cities.map((city) => ({ city, ...presentPublisher(departments.get(city.id), city) }));
}
