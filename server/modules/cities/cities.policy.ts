import { cityReach, requirePermission } from '../../platform/access/policy.js';
import { requireCityReach } from '../../platform/access/cities.js';
import type { Actor } from '../../platform/http/context.js';

/*
 * A city's settings are read by whoever works in it (its office, towns, departments, stations) and by global readers
 * (the platform administrator, auditors); they are changed by its office or the platform administrator. Another
 * city answers 404. Copying a template reads the source city and writes the target: both must be in reach.
 */

export function requireCitiesRead(actor: Actor | null): Actor {
  return requirePermission(actor, 'city.read');
}

export function requireCityRead(actor: Actor | null, cityId: string): void {
  requireCityReach(actor, 'city.read', cityId);
}

export function requireCityManaged(actor: Actor | null, cityId: string): void {
  requirePermission(actor, 'city.manage');
  requireCityReach(actor, 'city.read', cityId);
  requireCityReach(actor, 'city.manage', cityId);
}

export function mayManageCity(actor: Actor | null, cityId: string): boolean {
  const reach = cityReach(actor, 'city.manage');
  return reach.all || reach.cityIds.includes(cityId);
}

