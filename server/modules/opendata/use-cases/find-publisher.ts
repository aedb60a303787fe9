import type { DbOrTx } from '../../../platform/db/client.js';
import { presentPublisher, type OcdsPublisher } from '../opendata.presenter.js';
import { selectCity, selectSocialWorkDepartment } from '../opendata.queries.js';

/** The publisher of the open data, found in the data (opendata.presenter.ts says how). */
export async function findPublisher(db: DbOrTx): Promise<OcdsPublisher> {
  const department = await selectSocialWorkDepartment(db);
  const city = await selectCity(db);
  return presentPublisher(department, city);
}
