import { requirePermission } from '../../platform/access/policy.js';
import { requireCityReach } from '../../platform/access/cities.js';
import type { Actor } from '../../platform/http/context.js';

/*
 * The catalog is a city's reference data (issue 16 §3): its people read their city's (catalog.read), retired
 * categories and service domains included since old projects keep theirs. Changing a city's catalog or its service
 * domains is its office's (or the platform administrator's); another city's category or domain answers 404.
 */

/** Adding or changing a category or a service domain: catalog.manage somewhere, else 403. */
export function requireCatalogManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'catalog.manage');
}

/** A category or service domain the caller changes: catalog.manage in its city, else 404. */
export function requireCategoryCity(actor: Actor | null, cityId: string): void {
  requireCityReach(actor, 'catalog.manage', cityId);
}
