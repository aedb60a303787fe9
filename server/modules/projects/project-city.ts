import { cityOfPath, type CityRef } from '../../platform/access/cities.js';
import type { DbOrTx } from '../../platform/db/client.js';

/**
 * The city whose settings a project is held to (issue 16 §3): the eligibility rules its bidders meet and the
 * procurement bands its call follows. A project's case lies at its buying department's city (initiation/
 * propose-project.ts), so the case's region path names it — whoever acts on the project, from whichever city.
 */
export async function projectCity(db: DbOrTx, project: { id: string; regionPath: string }): Promise<CityRef> {
  const city = await cityOfPath(db, project.regionPath);
  // Every project is proposed into a city; without one no city's rules would apply, and a bid would pass none.
  if (!city) throw new Error(`project ${project.id} lies in no city (${project.regionPath})`);
  return city;
}
