import type { z } from 'zod';
import type { ZPublicCity } from '../../../../contracts/cities.js';
import { selectCities } from '../../../platform/access/cities.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { presentCitySettings } from '../cities.presenter.js';
import { selectCitySettings } from '../cities.queries.js';

/** Every city the installation serves, with what its portal shows: public, as the portal itself is. */
export async function findPublicCities(db: DbOrTx): Promise<{ items: z.infer<typeof ZPublicCity>[] }> {
  const cities = await selectCities(db);
  const settings = await selectCitySettings(
    db,
    cities.map((c) => c.id),
  );
  return {
    items: cities.map((c) => {
      const s = presentCitySettings(c, settings.get(c.id));
      return { id: c.id, name: c.name, code: c.code, portalName: s.portalName, portalContact: s.portalContact, portalAddress: s.portalAddress };
    }),
  };
}
