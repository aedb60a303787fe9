import { reachesRegion, requirePermission, wholeCityReach } from '../../platform/access/policy.js';
import { cityForWrite, type CityRef } from '../../platform/access/cities.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Actor } from '../../platform/http/context.js';

/*
 * The rotation is a city's: the office reads and plans its whole city (rotation.read / rotation.manage), a town and
 * its station read their own town's slice of the pairing and the plans, the auditors every city's. Planning is
 * city-wide work (a pairing moves resources between towns), so rotation.manage must reach the whole city.
 */

/** The city the caller reads (the one named, else their only one). */
export async function cityToRead(db: DbOrTx, actor: Actor | null, requested: string | undefined): Promise<CityRef> {
  requirePermission(actor, 'rotation.read');
  return cityForWrite(db, actor, 'rotation.read', requested);
}

/** The city the caller plans: rotation.manage over all of it. */
export async function cityToManage(db: DbOrTx, actor: Actor | null, requested: string | undefined): Promise<CityRef> {
  requirePermission(actor, 'rotation.manage');
  const city = await cityForWrite(db, actor, 'rotation.manage', requested);
  const reach = wholeCityReach(actor, 'rotation.manage');
  if (!reach.all && !reach.cityIds.includes(city.id)) throw new AppError('forbidden', { permission: 'rotation.manage' });
  return city;
}

/** Whether the caller sees this part of a city (a town's staff: their town's communities). */
export function seesRegion(actor: Actor | null, path: string): boolean {
  return reachesRegion(actor, 'rotation.read', path);
}

export function mayManageRotation(actor: Actor | null, cityPath: string): boolean {
  return reachesRegion(actor, 'rotation.manage', cityPath);
}
