import { requirePermission } from '../../platform/access/policy.js';
import { requireCityReach } from '../../platform/access/cities.js';
import type { Actor } from '../../platform/http/context.js';

/*
 * The catalog is a city's reference data (issue 16 §3): its people read their city's (catalog.read), retired
 * categories included since old projects keep theirs; the service domains are shared by every city. Changing a
 * city's catalog is its office's (or the platform administrator's); another city's category answers 404.
 */

/** Adding or changing a category: catalog.manage somewhere, else 403. */
export function requireCatalogManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'catalog.manage');
}

/** A category the caller changes: catalog.manage in its city, else 404. */
export function requireCategoryCity(actor: Actor | null, cityId: string): void {
  requireCityReach(actor, 'catalog.manage', cityId);
}
